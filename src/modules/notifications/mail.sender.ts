import { sql } from 'drizzle-orm';
import { ExponentialBackoff, handleWhen, retry, type RetryPolicy } from 'cockatiel';
import type { Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import { rows, type Database } from '../../platform/db/index.js';
import type { JobHandle, Jobs } from '../../platform/jobs.js';

/**
 * NOTIFY channel a handler signals (inside its transaction, so only on commit) when it queued
 * mail in a transaction whose commit it cannot observe; otherwise it wakes its process's sender
 * directly after the commit.
 */
export const MAIL_CHANNEL = 'comptoir_mail';

/** One message as handed to a {@link MailTransport}. */
export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers (the sender adds `X-Comptoir-Mail-Id`; `Message-ID`, `In-Reply-To`, `References` and `Reply-To` thread support mail). */
  headers: Record<string, string>;
  /** Files attached (a scheduled report), as nodemailer takes them. */
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

/** Something that delivers mail: nodemailer over SMTP in production. */
export interface MailTransport {
  /** Resolves with the server's message id once accepted; throws when refused or unreachable. */
  send(mail: OutgoingMail): Promise<{ messageId: string | null }>;
  /** Closes pooled connections. */
  close(): void;
}

/**
 * nodemailer `createTransport(smtpUrl)` as a {@link MailTransport}. nodemailer (0.4 MB) is loaded
 * with the first message, not when the process starts.
 */
export function smtpTransport(smtpUrl: string): MailTransport {
  let loading: Promise<Transporter> | undefined;
  let transporter: Transporter | undefined;
  const open = () => (loading ??= import('nodemailer').then((m) => (transporter = m.createTransport(smtpUrl))));
  return {
    async send(mail) {
      const transporter = await open();
      // Threading headers go through nodemailer's own options (it would otherwise set its own Message-ID).
      const { 'Message-ID': messageId, 'In-Reply-To': inReplyTo, References: references, 'Reply-To': replyTo, ...headers } = mail.headers;
      const info = await transporter.sendMail({ ...mail, headers, ...(messageId ? { messageId } : {}), ...(inReplyTo ? { inReplyTo } : {}), ...(references ? { references } : {}), ...(replyTo ? { replyTo } : {}) });
      return { messageId: typeof info.messageId === 'string' ? info.messageId : null };
    },
    close: () => transporter?.close(),
  };
}

/**
 * True when an SMTP failure may succeed later: network errors and 4xx replies. A 5xx reply
 * (mailbox unknown, message refused) is permanent and is not retried.
 */
export function isTransientMailError(err: unknown): boolean {
  const code = (err as { responseCode?: unknown })?.responseCode;
  return !(typeof code === 'number' && code >= 500 && code < 600);
}

/** Tuning of the {@link MailSender}. Durations in milliseconds. */
export interface MailSenderOptions {
  /** `From` of every message without a stored `From` header (a site's mail has one): `config.mailFrom`. */
  from: string;
  /** Messages claimed per round (default 20). */
  batchSize?: number;
  /** Quick in-round retries of a transient failure (cockatiel, default 2). */
  quickRetries?: number;
  /** First quick-retry delay (default 250; exponential, at most 4 000). */
  quickRetryDelayMs?: number;
  /** Rounds (claims) before a message that keeps failing transiently is marked `failed` (default 5). */
  maxRounds?: number;
  /** Delay before the second round; doubles per round up to one hour (default 60 000). */
  roundBackoffMs?: number;
  /** Safety poll: idle time between two runs of the job when nothing wakes it (default 60 000). */
  pollMs?: number;
}

type Claimed = { id: string; to: string; subject: string; text: string; html: string; attempts: number; headers: Record<string, string> | null };

const LEASE = sql.raw(`interval '10 minutes'`);

/** Name of the job that sends queued mail (see {@link MailSender}). */
export const MAIL_JOB = 'notifications.mail';

/**
 * Sends `queued` mail messages through a {@link MailTransport}, after the transaction that queued
 * them committed, as the job {@link MAIL_JOB} (at start, then every `pollMs` after the previous
 * run as a safety net): the handler wakes it ({@link MailSender.wake}, a trigger of the job) once
 * its transaction has committed, or through a NOTIFY on {@link MAIL_CHANNEL} delivered on commit.
 * Each run sends rounds until none is due. Each round claims due messages with a lease
 * (`FOR UPDATE SKIP LOCKED`, `next_attempt_at` pushed 10 minutes ahead, so several processes never
 * send the same message concurrently), sends each with a cockatiel retry policy, and records
 * `sent` (with the server's message id) or, after `maxRounds` transient failures or one permanent
 * failure, `failed` with the error. Delivery is at least once (a crash after the server accepted
 * a message and before `sent` is recorded sends it again when the lease expires).
 */
export class MailSender {
  private unlisten: (() => Promise<void>) | undefined;
  private readonly job: JobHandle;
  private readonly policy: RetryPolicy;
  private readonly batchSize: number;
  private readonly maxRounds: number;
  private readonly roundBackoffMs: number;

  /** Registers the job {@link MAIL_JOB} on `jobs`. @throws Error when a sender is already registered there. */
  constructor(
    private readonly database: Database,
    private readonly transport: MailTransport,
    private readonly log: Logger,
    jobs: Jobs,
    private readonly options: MailSenderOptions,
  ) {
    this.batchSize = options.batchSize ?? 20;
    this.maxRounds = options.maxRounds ?? 5;
    this.roundBackoffMs = options.roundBackoffMs ?? 60_000;
    this.policy = retry(handleWhen(isTransientMailError), {
      maxAttempts: options.quickRetries ?? 2,
      backoff: new ExponentialBackoff({ initialDelay: options.quickRetryDelayMs ?? 250, maxDelay: 4_000 }),
    });
    this.job = jobs.register({ name: MAIL_JOB, everyMs: options.pollMs ?? 60_000, runAtStart: true, run: () => this.flush() });
  }

  /** Starts listening for NOTIFY on {@link MAIL_CHANNEL} (the job's schedule is the scheduler's). */
  async start(): Promise<void> {
    this.unlisten ??= await this.database.listen(MAIL_CHANNEL, () => this.wake());
  }

  /** Asks for a sending run now (see {@link Jobs.trigger}). */
  wake(): void {
    this.job.trigger();
  }

  /**
   * Stops listening and closes the transport. Stop the scheduler first: it waits for the run in
   * progress, and no run starts afterwards.
   */
  async stop(): Promise<void> {
    await this.unlisten?.();
    this.unlisten = undefined;
    this.transport.close();
  }

  /** The job's run: sends every message due now, round after round, until a round claims none. */
  private async flush(): Promise<void> {
    while ((await this.sendRound()) > 0);
  }

  /** Claims and sends one batch of due messages; resolves to how many it claimed. */
  private async sendRound(): Promise<number> {
    const claimed = await rows<Claimed>(
      this.database.db,
      sql`update notifications.mail_message set attempts = attempts + 1, next_attempt_at = now() + ${LEASE}
          where id in (select id from notifications.mail_message where status = 'queued' and next_attempt_at <= now()
                       order by next_attempt_at, id limit ${this.batchSize} for update skip locked)
          returning id, "to", subject, text, html, attempts, headers`,
    );
    for (const m of claimed) {
      try {
        const files = await rows<{ file_name: string; content_type: string; content_base64: string }>(
          this.database.db, sql`select file_name, content_type, content_base64 from notifications.mail_attachment where mail_id = ${m.id}`,
        );
        const attachments = files.map((f) => ({ filename: f.file_name, contentType: f.content_type, content: Buffer.from(f.content_base64, 'base64') }));
        // A site's mail carries its own sender (stored `From` header); every other mail, `MAIL_FROM`.
        const { From: siteFrom, ...headers } = m.headers ?? {};
        const { messageId } = await this.policy.execute(() =>
          this.transport.send({
            from: siteFrom ?? this.options.from, to: m.to, subject: m.subject, text: m.text, html: m.html, headers: { ...headers, 'X-Comptoir-Mail-Id': m.id },
            ...(attachments.length > 0 ? { attachments } : {}),
          }),
        );
        await this.database.db.execute(
          sql`update notifications.mail_message set status = 'sent', sent_at = now(), provider_message_id = ${messageId}, error = null, next_attempt_at = null where id = ${m.id}`,
        );
      } catch (err) {
        const error = (err instanceof Error ? err.message : String(err)).slice(0, 1_000);
        const permanent = !isTransientMailError(err) || m.attempts >= this.maxRounds;
        if (permanent) {
          await this.database.db.execute(sql`update notifications.mail_message set status = 'failed', error = ${error}, next_attempt_at = null where id = ${m.id}`);
          this.log.warn({ mailId: m.id, to: m.to, attempts: m.attempts, error }, 'mail delivery failed');
        } else {
          const delay = Math.min(this.roundBackoffMs * 2 ** (m.attempts - 1), 3_600_000);
          await this.database.db.execute(
            sql`update notifications.mail_message set error = ${error}, next_attempt_at = now() + ${delay}::int * interval '1 millisecond' where id = ${m.id}`,
          );
          this.log.warn({ mailId: m.id, to: m.to, attempts: m.attempts, retryInMs: delay, error }, 'mail delivery failed; will retry');
          setTimeout(() => this.wake(), delay).unref();
        }
      }
    }
    return claimed.length;
  }
}
