import type { Logger } from 'pino';
import { newId } from '../../platform/ids.js';

/** What an SMS provider answers for an accepted message. */
export interface SmsResult {
  /** The provider's id of the message, when it gives one. */
  providerMessageId: string | null;
}

/**
 * An SMS channel. `to` is the phone number as the customer typed it (E.164 preferred), `body`
 * one line of text. Resolves when the provider accepted the message; throws when it refused it.
 */
export interface SmsProvider {
  /** Name stored with each message (`log`, `twilio`, …). */
  readonly name: string;
  send(to: string, body: string): Promise<SmsResult>;
}

/**
 * The built-in provider: sends nothing, logs each message (info level, module logger). The
 * notifications service stores the `sms_message` row in the event's transaction and hands it
 * over once that has committed, so the back office (`GET /api/admin/sms`) lists what would have
 * been sent.
 */
export class LoggingSmsProvider implements SmsProvider {
  readonly name = 'log';

  constructor(private readonly log: Logger) {}

  /** Logs `{ to, body }`; the id is a fresh `logsms_…`. */
  async send(to: string, body: string): Promise<SmsResult> {
    const providerMessageId = newId('logsms');
    this.log.info({ to, body, providerMessageId }, 'SMS (logging provider, not sent)');
    return { providerMessageId };
  }
}
