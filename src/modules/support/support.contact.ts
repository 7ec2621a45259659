import { and, count, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database } from '../../platform/db/index.js';
import { notFound } from '../../platform/errors.js';
import { publish } from '../../platform/events/index.js';
import { DEFAULT_SITE_CODE } from '../../platform/http/site.js';
import { newId } from '../../platform/ids.js';
import { contactMessage, type CONTACT_TOPICS } from './db/schema.js';
import { SupportErrors } from './support.errors.js';
import type { SupportService } from './support.service.js';

type ContactRow = typeof contactMessage.$inferSelect;
/** A contact form topic. */
export type ContactTopic = (typeof CONTACT_TOPICS)[number];

/** The team each topic is routed to. */
export const CONTACT_TEAMS: Readonly<Record<ContactTopic, string>> = { order: 'orders', return: 'returns', product: 'sales', other: 'general' };
/** The ticket category a converted message gets. */
const TOPIC_CATEGORY = { order: 'order_problem', return: 'return_request', product: 'product_question', other: 'other' } as const;

/** A contact message as the back office reads it (times ISO 8601 UTC). */
export interface ContactMessageDto {
  id: string;
  name: string;
  email: string;
  topic: ContactTopic;
  team: string;
  message: string;
  orderNumber: string | null;
  locale: 'en' | 'fr';
  /** The site (code) whose contact form sent it. */
  site: string;
  state: ContactRow['state'];
  ticketId: string | null;
  reply: string | null;
  answeredAt: string | null;
  createdAt: string;
}

/** What the form sends: `website` is the honeypot (people leave it empty), `startedAt` when the form was shown (ms since the epoch). */
export interface ContactForm {
  name: string;
  email: string;
  topic: ContactTopic;
  message: string;
  orderNumber?: string;
  locale?: 'en' | 'fr';
  website?: string;
  startedAt: number;
}

const toDto = (r: ContactRow): ContactMessageDto => ({
  id: r.id, name: r.name, email: r.email, topic: r.topic, team: r.team, message: r.message, orderNumber: r.orderNumber, locale: r.locale,
  site: r.site, state: r.state, ticketId: r.ticketId, reply: r.reply, answeredAt: r.answeredAt ? r.answeredAt.toISOString() : null, createdAt: r.createdAt.toISOString(),
});

/**
 * The contact form: messages stored and routed to a team by topic, acknowledged by mail
 * (`contact.received`), answered by mail from the back office (`contact.answered`) or turned into
 * a ticket. Bots are turned away silently: a filled honeypot or a form sent faster than
 * `minFillSeconds` after it was shown is answered like a success, logged, and not stored.
 */
export class ContactMessages {
  constructor(private readonly database: Database, private readonly tickets: SupportService, private readonly log: Logger, private readonly minFillSeconds: number, private readonly now: () => Date = () => new Date()) {}

  /**
   * Stores the message of site `site` (a code) and publishes `contact.received`, or (a bot) logs
   * and drops it. @returns whether it was stored.
   */
  async receive(form: ContactForm, ip: string, site: string = DEFAULT_SITE_CODE): Promise<boolean> {
    const elapsed = (this.now().getTime() - form.startedAt) / 1000;
    const reason = form.website?.trim() ? 'honeypot filled' : elapsed < this.minFillSeconds ? `sent ${Math.max(0, Math.round(elapsed * 10) / 10)} s after it was shown` : null;
    if (reason) {
      this.log.warn({ ip, reason, email: form.email.slice(0, 100) }, 'contact form rejected as automated');
      return false;
    }
    const row = {
      id: newId('cnt'), name: form.name.trim(), email: form.email.trim().toLowerCase(), topic: form.topic, team: CONTACT_TEAMS[form.topic],
      message: form.message.trim(), orderNumber: form.orderNumber?.trim() || null, locale: form.locale ?? 'en', site, ip, createdAt: this.now(),
    };
    await this.database.transaction(async (tx) => {
      await tx.insert(contactMessage).values(row);
      await publish(tx, 'contact.received', { contact: { id: row.id, name: row.name, email: row.email, topic: row.topic, team: row.team, locale: row.locale, site } }, row.id);
    });
    return true;
  }

  /** Messages, newest first, by state and/or team, of `sites` only when given (codes; undefined: every site). */
  async list(filter: { state?: ContactRow['state']; team?: string; page: number; limit: number }, sites?: readonly string[]) {
    const where: SQL[] = [];
    if (sites) where.push(inArray(contactMessage.site, [...sites]));
    if (filter.state) where.push(eq(contactMessage.state, filter.state));
    if (filter.team) where.push(eq(contactMessage.team, filter.team));
    const condition = and(...where);
    const [rows, [total]] = await Promise.all([
      this.database.db.select().from(contactMessage).where(condition).orderBy(desc(contactMessage.createdAt), desc(contactMessage.id)).limit(filter.limit).offset((filter.page - 1) * filter.limit),
      this.database.db.select({ n: count() }).from(contactMessage).where(condition),
    ]);
    return { data: rows.map(toDto), pagination: { total: total?.n ?? 0, limit: filter.limit, page: filter.page } };
  }

  /** One message, when of one of `sites` (codes; undefined: every site). @throws 404 SUPPORT.CONTACT_NOT_FOUND (also of another site). */
  async get(id: string, sites?: readonly string[]): Promise<ContactMessageDto> {
    const [row] = await this.database.db.select().from(contactMessage).where(eq(contactMessage.id, id));
    if (!row || (sites && !sites.includes(row.site))) throw notFound('SUPPORT.CONTACT_NOT_FOUND', `No contact message ${id.slice(0, 64)}`);
    return toDto(row);
  }

  /**
   * Answers by mail (`contact.answered` carries the text): state `answered`. `sites` as for {@link get}.
   * @throws 404 SUPPORT.CONTACT_NOT_FOUND, 409 SUPPORT.CONTACT_CONVERTED.
   */
  async answer(id: string, body: string, agentId: string, sites?: readonly string[]): Promise<ContactMessageDto> {
    await this.get(id, sites);
    return this.database.transaction(async (tx) => {
      const [row] = await tx.update(contactMessage).set({ state: 'answered', reply: body.trim(), answeredBy: agentId, answeredAt: this.now() })
        .where(and(eq(contactMessage.id, id), eq(contactMessage.state, 'new'))).returning();
      if (!row) throw SupportErrors.contactHandled(id);
      await publish(tx, 'contact.answered', { contact: { id: row.id, name: row.name, email: row.email, topic: row.topic, team: row.team, locale: row.locale, site: row.site }, body: body.trim() }, id);
      return toDto(row);
    });
  }

  /**
   * Turns a new message into a ticket of its sender (a guest ticket: the sender gets its link by
   * mail) on the message's site, with the topic's category and the order number noted in the
   * message. `sites` as for {@link get}.
   * @throws 404 SUPPORT.CONTACT_NOT_FOUND, 409 SUPPORT.CONTACT_HANDLED.
   */
  async convert(id: string, sites?: readonly string[]): Promise<ContactMessageDto> {
    const current = await this.get(id, sites);
    const [claimed] = await this.database.db.update(contactMessage).set({ state: 'converted' })
      .where(and(eq(contactMessage.id, id), eq(contactMessage.state, 'new'))).returning();
    if (!claimed) throw SupportErrors.contactHandled(id);
    try {
      const subject = current.message.split('\n')[0]!.slice(0, 80) || current.topic;
      const message = current.orderNumber ? `${current.message}\n\n(Order ${current.orderNumber})` : current.message;
      const { ticket } = await this.tickets.open({ subject, message, category: TOPIC_CATEGORY[current.topic], email: current.email, name: current.name, locale: current.locale, files: [] }, null, current.site);
      const [row] = await this.database.db.update(contactMessage).set({ ticketId: ticket.id }).where(eq(contactMessage.id, id)).returning();
      return toDto(row!);
    } catch (err) {
      await this.database.db.update(contactMessage).set({ state: 'new' }).where(eq(contactMessage.id, id));
      throw err;
    }
  }
}
