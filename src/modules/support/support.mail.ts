import { createHmac, timingSafeEqual } from 'node:crypto';
import type { TokenService } from '../../platform/auth.js';

/**
 * Ticket access secrets and mail threading, pure apart from the server key:
 * - a guest's link token `<expires unix seconds>.<HMAC>` (expiring, never stored);
 * - a ticket's reply token (32 hex characters, HMAC of its id: case-insensitive, so it survives
 *   mail systems that lower-case addresses), carried in the `Reply-To` address
 *   `<local>+<ticket id>.<token>@<domain>` and in every `Message-ID` the shop sends
 *   (`<ticket id>.<token>.<message id>@<domain>`), so a reply is matched by either, never by subject.
 */
export class TicketSecrets {
  constructor(private readonly tokens: TokenService, private readonly mailFrom: string) {}

  /** A guest token for `ticketId` valid until `expiresAt`. */
  guestToken(ticketId: string, expiresAt: Date): string {
    const expires = Math.floor(expiresAt.getTime() / 1000);
    return `${expires}.${this.tokens.derive('support-guest', `${ticketId}.${expires}`)}`;
  }

  /** True when `token` is a guest token of `ticketId` that has not expired at `now`. */
  guestTokenValid(ticketId: string, token: string, now: Date): boolean {
    const match = /^(\d{1,12})\.([\w-]{43})$/.exec(token);
    if (!match || Number(match[1]) * 1000 < now.getTime()) return false;
    const expected = Buffer.from(this.tokens.derive('support-guest', `${ticketId}.${match[1]}`));
    const given = Buffer.from(match[2]!);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /** The reply token of `ticketId` (32 lower-case hex characters). */
  replyToken(ticketId: string): string {
    return createHmac('sha256', this.tokens.derive('support-reply', 'key')).update(ticketId.toUpperCase()).digest('hex').slice(0, 32);
  }

  /** The mail domain and local part of `MAIL_FROM` (`Shop <shop@example.com>` → shop, example.com). */
  private address(): { local: string; domain: string } {
    const match = /<?([^<>\s@]+)@([^<>\s@]+)>?\s*$/.exec(this.mailFrom);
    return { local: match?.[1] ?? 'shop', domain: match?.[2] ?? 'localhost' };
  }

  /** The `Reply-To` of the ticket's mail. */
  replyTo(ticketId: string): string {
    const { local, domain } = this.address();
    return `${local}+${ticketId.toLowerCase()}.${this.replyToken(ticketId)}@${domain}`;
  }

  /** The `Message-ID` of the mail announcing `messageId` of `ticketId` (the ticket's first message gives the thread root). */
  messageId(ticketId: string, messageId: string): string {
    return `<${ticketId.toLowerCase()}.${this.replyToken(ticketId)}.${messageId.toLowerCase()}@${this.address().domain}>`;
  }

  /**
   * The ticket a reply belongs to, from addresses or `Message-ID`s carrying `<ticket id>.<token>`
   * with the right token; null when none does.
   */
  ticketFrom(candidates: readonly string[]): string | null {
    for (const candidate of candidates) {
      for (const match of candidate.matchAll(/(tkt_[0-9a-z]{26})\.([0-9a-f]{32})(?=[.@])/gi)) {
        const ticketId = `tkt_${match[1]!.slice(4).toUpperCase()}`;
        const expected = Buffer.from(this.replyToken(ticketId));
        const given = Buffer.from(match[2]!.toLowerCase());
        if (given.length === expected.length && timingSafeEqual(given, expected)) return ticketId;
      }
    }
    return null;
  }
}

/** The new text of a mailed reply: lines before the quoted history (a line starting with `>`, or "On … wrote:" / "Le … a écrit :"), trimmed. */
export function replyText(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const cut = lines.findIndex((l) => /^\s*>/.test(l) || /^On .+wrote:\s*$/.test(l) || /^Le .+a écrit\s?:\s*$/.test(l));
  return (cut < 0 ? lines : lines.slice(0, cut)).join('\n').trim();
}
