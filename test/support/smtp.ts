/**
 * A real SMTP server for tests (the `smtp-server` package), on a free port of 127.0.0.1, no TLS
 * and no auth: it accepts every message (CRLF turned into LF in `data`) except for recipients
 * whose address contains `reject` (550, permanent), and counts what it received.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One message the server accepted. */
export interface ReceivedMail {
  from: string;
  to: string[];
  /** The raw message, LF line endings. */
  data: string;
  /** Header fields (names lower-cased, folded lines joined; the last value of a repeated field). */
  headers: Record<string, string>;
}

/** A running test SMTP server. */
export interface TestSmtp {
  port: number;
  url: string;
  received: ReceivedMail[];
  close(): Promise<void>;
}

/** The header fields of a raw message (`data` with LF line endings). */
export function headersOf(data: string): Record<string, string> {
  const head = data.split('\n\n')[0] ?? '';
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** Starts the server. */
export async function startSmtp(): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 10 * 1024 * 1024,
    onRcptTo(address, _session, callback) {
      if (address.address.includes('reject')) {
        const err = Object.assign(new Error(`<${address.address}>: Recipient address rejected: User unknown`), { responseCode: 550 });
        return callback(err);
      }
      return callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const data = Buffer.concat(chunks).toString('utf8').replace(/\r\n/g, '\n');
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        received.push({ from, to: session.envelope.rcptTo.map((a) => a.address), data, headers: headersOf(data) });
        callback(null, `Ok: queued as TEST${received.length}`);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
