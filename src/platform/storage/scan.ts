import { Readable } from 'node:stream';
import type NodeClam from 'clamscan';

/**
 * Where a stored file stands: `pending` (quarantined: waiting for its scan, never served),
 * `clean` (scanned, released), `infected` (refused; its bytes are deleted), `not_scanned` (no
 * scanner is configured: served, and shown as not scanned).
 */
export type ScanState = 'pending' | 'clean' | 'infected' | 'not_scanned';

/** The states whose file may be downloaded. */
export const RELEASED_SCAN_STATES: readonly ScanState[] = ['clean', 'not_scanned'];

/** A virus scanner. */
export interface FileScanner {
  /**
   * Scans `data`. @returns `clean`, or `infected` with the signatures found.
   * @throws Error when the scanner cannot be reached or answers something else (the file stays pending).
   */
  scan(data: Buffer): Promise<{ state: 'clean' | 'infected'; viruses: string[] }>;
}

/** `host:port` (port default 3310, clamd's) of `CLAMAV_HOST`. */
export function clamdAddress(value: string): { host: string; port: number } {
  const match = /^\[?([^\]]+?)\]?(?::(\d{1,5}))?$/.exec(value.trim());
  if (!match?.[1]) throw new Error(`CLAMAV_HOST must be host or host:port, got "${value}"`);
  return { host: match[1], port: match[2] ? Number(match[2]) : 3310 };
}

/**
 * ClamAV's daemon over TCP (`INSTREAM`, through the `clamscan` package): no local binary is used
 * nor needed; the package is loaded with the first scan. Connection timeout `timeoutMs` (default 10 s).
 */
export class ClamdScanner implements FileScanner {
  private client: Promise<NodeClam> | undefined;

  constructor(private readonly address: { host: string; port: number }, private readonly timeoutMs = 10_000) {}

  async scan(data: Buffer): Promise<{ state: 'clean' | 'infected'; viruses: string[] }> {
    this.client ??= import('clamscan').then(({ default: Clam }) => new Clam().init({
      preference: 'clamdscan',
      clamscan: { active: false },
      clamdscan: { host: this.address.host, port: this.address.port, timeout: this.timeoutMs, localFallback: false, bypassTest: true },
    }));
    const client = await this.client.catch((err: unknown) => {
      this.client = undefined;
      throw err;
    });
    const result = await client.scanStream(Readable.from([data]));
    if (result.isInfected === null) throw new Error('The virus scanner gave no verdict');
    return result.isInfected ? { state: 'infected', viruses: result.viruses } : { state: 'clean', viruses: [] };
  }
}
