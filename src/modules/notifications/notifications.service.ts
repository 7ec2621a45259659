import { createHash } from 'node:crypto';
import { and, count, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database, Tx } from '../../platform/db/index.js';
import { preparedSql, runAfterCommit } from '../../platform/db/index.js';
import type { EventEnvelope } from '../../platform/events/index.js';
import { DEFAULT_SITE_CODE } from '../../platform/http/site.js';
import { newId } from '../../platform/ids.js';
import type { MailFilter, MailMessageDto, MailSummary, NotificationDto, Page, SmsDto } from './notifications.contract.js';
import type { ConsumedEvents } from './notifications.events.js';
import { mailNotFound, notificationNotFound } from './notifications.errors.js';
import { mailAttachment, mailMessage, notification, smsMessage } from './db/schema.js';
import {
  normalizeLocale, renderOrderCancelled, renderOrderConfirmation, renderOrderDelivered, renderOrderNotification, renderOrderRefunded, renderOrderShipped, renderShippedSms, renderWelcome,
  renderContactReceived, renderContactReply, renderNewsletterConfirm, renderPasswordReset, renderRegistrationAttempt, renderScheduledReport, renderShipmentTracked, renderSupportReply, renderSupportTicketOpened, renderVerifyEmail,
  plainBrand, type Brand, type NotificationKind, type RenderedMail, type RenderedNotification,
} from './domain/templates.js';
import { MAIL_CHANNEL } from './mail.sender.js';
import type { SmsProvider } from './sms.js';

type NotificationRow = typeof notification.$inferSelect;
type MailRow = typeof mailMessage.$inferSelect;
type SmsRow = typeof smsMessage.$inferSelect;

/** What the service needs besides the database. */
export interface NotificationsDeps {
  /** True when `SMTP_URL` is set: new mail is `queued` for the sender instead of `stored`. */
  smtp: boolean;
  /** The shop's name in messages (from `MAIL_FROM`'s display name): the default site's mail speaks as the shop. */
  shopName: string;
  /** A site by its code (sites contract `find`): another site's mail carries its name, logo, colour and sender. */
  sites?: { find(code: string, tx?: Tx): Promise<SiteVoice | null> };
  sms: SmsProvider;
  log: Logger;
  /** Told once a transaction that queued mail has committed: wakes this process's SMTP sender. */
  mailQueued?: () => void;
  /**
   * Told once a transaction that queued SMS has committed: asks for a {@link NotificationsService.sendQueuedSms}
   * round (the SMS job's trigger, which makes the asks made before the round starts one round).
   */
  smsQueued?: () => void;
}

/** What a site's mail needs of the site (a subset of the sites module's `SiteDto`). */
export interface SiteVoice {
  code: string;
  name: string;
  contactEmail: string;
  isDefault: boolean;
  theme: { logoUrl: string | null; primaryColor: string };
}

/** How a message speaks: its brand, and its `From` (null: `MAIL_FROM`). */
interface Voice {
  brand: Brand;
  from: string | null;
}

/** A page of the signed-in user's notifications, with their unread count (all pages). */
export type NotificationPage = Page<NotificationDto> & { unread: number };

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

function toNotification(row: NotificationRow): NotificationDto {
  return {
    id: row.id, kind: row.kind, title: row.title, body: row.body, link: row.link,
    read: row.readAt !== null, readAt: iso(row.readAt), createdAt: iso(row.createdAt) as string,
  };
}

function toMailSummary(row: Omit<MailRow, 'text' | 'html' | 'headers'>): MailSummary {
  return {
    id: row.id, to: row.to, subject: row.subject, locale: row.locale, template: row.template, status: row.status,
    providerMessageId: row.providerMessageId, error: row.error, sourceEventId: row.sourceEventId,
    createdAt: iso(row.createdAt) as string, sentAt: iso(row.sentAt),
  };
}

function toSms(row: SmsRow): SmsDto {
  return {
    id: row.id, to: row.to, body: row.body, status: row.status, provider: row.provider, providerMessageId: row.providerMessageId,
    error: row.error, sourceEventId: row.sourceEventId, createdAt: iso(row.createdAt) as string,
  };
}

/** Columns of a mail list row (everything but the bodies). */
const summaryColumns = {
  id: mailMessage.id, to: mailMessage.to, subject: mailMessage.subject, locale: mailMessage.locale, template: mailMessage.template,
  status: mailMessage.status, providerMessageId: mailMessage.providerMessageId, error: mailMessage.error, attempts: mailMessage.attempts,
  nextAttemptAt: mailMessage.nextAttemptAt, sourceEventId: mailMessage.sourceEventId, createdAt: mailMessage.createdAt, sentAt: mailMessage.sentAt,
};

/** A file attached to a mail: name, MIME type, bytes as base64. */
type Attachment = { fileName: string; contentType: string; contentBase64: string };
/** A mail to store: the rendered mail, its recipient, the event it answers, its attachments. */
type NewMail = { to: string; mail: RenderedMail; sourceEventId: string; attachments?: Attachment[] };

/**
 * Stores the mails of `rows` (a JSON array of mail_message rows, snake_case, without
 * `next_attempt_at`) in one statement; a `queued` one is due now for the SMTP sender. A mail whose
 * template was already stored for its source event is skipped. Returns the new rows' ids.
 */
const insertMails = preparedSql<{ id: string }>(
  sql`insert into notifications.mail_message (id, "to", subject, text, html, locale, template, status, next_attempt_at, source_event_id, headers)
      select id, "to", subject, text, html, locale, template, status, case when status = 'queued' then now() end, source_event_id, headers
      from json_populate_recordset(null::notifications.mail_message, ${sql.placeholder('rows')}::json)
      on conflict (template, source_event_id) do nothing returning id`,
);

/** Queued SMS a round of {@link NotificationsService.sendQueuedSms} takes at once. */
const SMS_BATCH = 20;

/**
 * Takes up to `limit` queued SMS that are due, oldest first, leased for 10 minutes (another
 * sender skips them meanwhile; one that dies mid-round leaves them to be taken again then).
 */
const claimSms = preparedSql<{ id: string; to: string; body: string }>(
  sql`update notifications.sms_message set next_attempt_at = now() + interval '10 minutes'
      where id in (select id from notifications.sms_message where status = 'queued' and next_attempt_at <= now()
                   order by id limit ${sql.placeholder('limit')} for update skip locked)
      returning id, "to", body`,
);

/**
 * Notifications domain logic: turns consumed events into mail, SMS and in-app notifications
 * (inside the relay's transaction, so a redelivered event has no second effect), and serves the
 * in-app list and the back-office mail/SMS lists. Mail and SMS are recorded in that transaction
 * and handed to their provider only after it has committed, by senders that hold no transaction
 * while the provider answers.
 */
export class NotificationsService {
  /** How the default site's mail speaks: as the shop (`shopName`, `MAIL_FROM`, no logo). */
  private readonly shopVoice: Voice;

  constructor(
    private readonly database: Database,
    private readonly deps: NotificationsDeps,
  ) {
    this.shopVoice = { brand: plainBrand(deps.shopName), from: null };
  }

  private get db() {
    return this.database.db;
  }

  // ---------------------------------------------------------------- event handling

  /**
   * Handles `events` (consumed, in delivery order) inside `tx`, the relay's transaction with their
   * inbox rows, storing all their mails with one statement at the end: `user.registered` →
   * welcome mail; `user.email_verification_requested` → verification mail;
   * `user.registration_attempted` → "someone tried to sign up with your address" mail;
   * `user.password_reset_requested` → reset mail; `order.placed` → confirmation mail + in-app notification; `order.shipped` →
   * shipping mail + SMS (when the address has a phone; sent once committed) + in-app notification; `order.delivered` →
   * delivery mail; `order.shipment_tracked` → out-for-delivery or exception mail (other statuses: nothing); `order.cancelled` → cancellation mail + in-app notification, none for an order cancelled before it
   * got past payment (a failed payment attempt) or when staff chose not to tell the customer (`notifyCustomer: false`);
   * `order.refunded` → refund mail + in-app notification; `report.generated` → `scheduled_report` mail with the
   * report attached (or linked when it came without content); `ticket.created` → ticket confirmation
   * mail, `ticket.replied` by an agent → mail with the reply (both threaded by the headers the
   * event gives); `contact.received` → acknowledgement, `contact.answered` → the answer by mail. Order, ticket, contact and newsletter mail speaks as its site (`voiceOf`). In-app notifications only for orders with a
   * `customerId`. Unique keys on `(template, source_event_id)`, `(kind, source_event_id)` and
   * the SMS's `source_event_id` make a second run a no-op even without the inbox. Other event
   * types are ignored.
   * @throws Error when a payload lacks the object it must carry (the relay retries, then dead-letters it).
   */
  async handleBatch(events: EventEnvelope<keyof ConsumedEvents>[], tx: Tx): Promise<void> {
    const mails: NewMail[] = [];
    const voices = new Map<string, Promise<Voice>>();
    for (const event of events) await this.handle(event, tx, mails, voices);
    await this.storeMails(tx, mails);
  }

  /**
   * How mail of site `code` speaks: the default site, no site or an unknown one as the shop
   * (`shopName`, `MAIL_FROM`, no logo); another site as itself (its name, logo and primary
   * colour, from its contact address). Looked up once per batch (`voices`), through `tx`.
   */
  private voiceOf(code: string | undefined, voices: Map<string, Promise<Voice>>, tx: Tx): Promise<Voice> {
    const shop = this.shopVoice;
    if (!code || code === DEFAULT_SITE_CODE || !this.deps.sites) return Promise.resolve(shop);
    const sites = this.deps.sites;
    let voice = voices.get(code);
    if (!voice) {
      voice = sites.find(code, tx).then((site) => (!site || site.isDefault ? shop : {
        brand: { name: site.name, logoUrl: site.theme.logoUrl, primaryColor: site.theme.primaryColor },
        from: `"${site.name.replace(/["\\]/g, '\\$&')}" <${site.contactEmail}>`,
      }));
      voices.set(code, voice);
    }
    return voice;
  }

  /** `mail` as `voice` sends it: its `From` stored as a header when the site has its own. */
  private static spoken(mail: RenderedMail, voice: Voice): RenderedMail {
    return voice.from ? { ...mail, headers: { ...mail.headers, From: voice.from } } : mail;
  }

  /** One event of {@link handleBatch}: its mail goes to `mails`, its other effects happen now. */
  private async handle(event: EventEnvelope<keyof ConsumedEvents>, tx: Tx, mails: NewMail[], voices: Map<string, Promise<Voice>>): Promise<void> {
    const shop = this.shopVoice.brand;
    /** The site's voice (of the order, ticket, contact message or subscriber): its brand, and its mail as sent (with the site's sender). */
    const siteMail = async (site: string | undefined, render: (brand: Brand) => RenderedMail) => {
      const voice = await this.voiceOf(site, voices, tx);
      return NotificationsService.spoken(render(voice.brand), voice);
    };
    switch (event.type) {
      case 'user.registered': {
        const { user } = payloadOf<ConsumedEvents['user.registered']>(event, 'user');
        if (user.email) mails.push({ to: user.email, mail: renderWelcome(user, normalizeLocale(user.locale), shop), sourceEventId: event.id });
        return;
      }
      case 'user.email_verification_requested': {
        const { user, link } = payloadOf<ConsumedEvents['user.email_verification_requested']>(event, 'user');
        mails.push({ to: user.email, mail: renderVerifyEmail(user, String(link), normalizeLocale(user.locale), shop), sourceEventId: event.id });
        return;
      }
      case 'user.registration_attempted': {
        const { user, link } = payloadOf<ConsumedEvents['user.registration_attempted']>(event, 'user');
        mails.push({ to: user.email, mail: renderRegistrationAttempt(user, String(link), normalizeLocale(user.locale), shop), sourceEventId: event.id });
        return;
      }
      case 'user.password_reset_requested': {
        const { user, link } = payloadOf<ConsumedEvents['user.password_reset_requested']>(event, 'user');
        mails.push({ to: user.email, mail: renderPasswordReset(user, String(link), normalizeLocale(user.locale), shop), sourceEventId: event.id });
        return;
      }
      case 'order.placed': {
        const { order } = payloadOf<ConsumedEvents['order.placed']>(event, 'order');
        if (order.email) mails.push({ to: order.email, mail: await siteMail(order.site, (b) => renderOrderConfirmation(order, b)), sourceEventId: event.id });
        if (order.customerId) await this.notify(tx, order.customerId, 'order_placed', renderOrderNotification('order_placed', order), event.id);
        return;
      }
      case 'order.shipped': {
        const { order, shipment } = payloadOf<ConsumedEvents['order.shipped']>(event, 'order', 'shipment');
        if (order.email) mails.push({ to: order.email, mail: await siteMail(order.site, (b) => renderOrderShipped(order, shipment, b)), sourceEventId: event.id });
        if (order.customerId) await this.notify(tx, order.customerId, 'order_shipped', renderOrderNotification('order_shipped', order, { shipment }), event.id);
        const phone = order.shippingAddress?.phone?.trim();
        if (phone) await this.queueSms(tx, phone, renderShippedSms(order, shipment), event.id);
        return;
      }
      case 'order.cancelled': {
        const payload = payloadOf<ConsumedEvents['order.cancelled']>(event, 'order');
        const reason = typeof payload.reason === 'string' ? payload.reason : '';
        const { order } = payload;
        // An order that never got past payment (a declined card) is a failed payment attempt, not
        // an order to its customer: no mail, no notification (and a guest's address is whatever
        // the buyer typed, so nobody can have a shop mail sent to someone else's address).
        const neverPaid = payload.from === 'pending' || payload.from === 'payment_processing';
        if (neverPaid || payload.notifyCustomer === false) return;
        if (order.email) mails.push({ to: order.email, mail: await siteMail(order.site, (b) => renderOrderCancelled(order, reason, b)), sourceEventId: event.id });
        if (order.customerId) await this.notify(tx, order.customerId, 'order_cancelled', renderOrderNotification('order_cancelled', order, { reason }), event.id);
        return;
      }
      case 'order.delivered': {
        const { order } = payloadOf<ConsumedEvents['order.delivered']>(event, 'order');
        if (order.email) mails.push({ to: order.email, mail: await siteMail(order.site, (b) => renderOrderDelivered(order, b)), sourceEventId: event.id });
        return;
      }
      case 'order.shipment_tracked': {
        const { order, shipment, status, detail } = payloadOf<ConsumedEvents['order.shipment_tracked']>(event, 'order', 'shipment');
        if (order.email && (status === 'out_for_delivery' || status === 'exception')) {
          mails.push({ to: order.email, mail: await siteMail(order.site, (b) => renderShipmentTracked(order, shipment, status, detail ?? null, b)), sourceEventId: event.id });
        }
        return;
      }
      case 'ticket.created': {
        const payload = payloadOf<ConsumedEvents['ticket.created']>(event, 'ticket', 'mail');
        mails.push({ to: payload.ticket.email, mail: await siteMail(payload.ticket.site, (b) => renderSupportTicketOpened(payload, b)), sourceEventId: event.id });
        return;
      }
      case 'ticket.replied': {
        const payload = payloadOf<ConsumedEvents['ticket.replied']>(event, 'ticket', 'mail');
        if (payload.authorType === 'agent') mails.push({ to: payload.ticket.email, mail: await siteMail(payload.ticket.site, (b) => renderSupportReply(payload, b)), sourceEventId: event.id });
        return;
      }
      case 'contact.received': {
        const payload = payloadOf<ConsumedEvents['contact.received']>(event, 'contact');
        mails.push({ to: payload.contact.email, mail: await siteMail(payload.contact.site, (b) => renderContactReceived(payload, b)), sourceEventId: event.id });
        return;
      }
      case 'user.erased': {
        const { userId, emailSha256 } = event.payload as ConsumedEvents['user.erased'];
        await tx.delete(notification).where(eq(notification.userId, userId));
        if (emailSha256) {
          await tx.execute(sql`delete from notifications.mail_message where encode(sha256(convert_to(lower(btrim("to")), 'UTF8')), 'hex') = ${emailSha256}`);
          // Mails of earlier events of this batch are not stored yet.
          const mine = mails.filter((m) => createHash('sha256').update(m.to.trim().toLowerCase()).digest('hex') === emailSha256);
          for (const m of mine) mails.splice(mails.indexOf(m), 1);
        }
        return;
      }
      case 'contact.answered': {
        const payload = payloadOf<ConsumedEvents['contact.answered']>(event, 'contact');
        mails.push({ to: payload.contact.email, mail: await siteMail(payload.contact.site, (b) => renderContactReply(payload, b)), sourceEventId: event.id });
        return;
      }
      case 'newsletter.confirmation_requested': {
        const payload = payloadOf<ConsumedEvents['newsletter.confirmation_requested']>(event);
        mails.push({ to: payload.email, mail: await siteMail(payload.site, (b) => renderNewsletterConfirm(payload, b)), sourceEventId: event.id });
        return;
      }
      case 'order.refunded': {
        const { order, refund } = payloadOf<ConsumedEvents['order.refunded']>(event, 'order', 'refund');
        if (order.email) mails.push({ to: order.email, mail: await siteMail(order.site, (b) => renderOrderRefunded(order, refund, b)), sourceEventId: event.id });
        if (order.customerId) await this.notify(tx, order.customerId, 'order_refunded', renderOrderNotification('order_refunded', order, { refund }), event.id);
        return;
      }
      case 'report.generated': {
        const r = event.payload as ConsumedEvents['report.generated'];
        const locale = normalizeLocale(r.locale);
        mails.push({
          to: r.to, sourceEventId: event.id,
          mail: renderScheduledReport({ ...r, attached: r.content !== null }, locale, shop),
          attachments: r.content === null ? [] : [{ fileName: r.fileName, contentType: r.contentType, contentBase64: r.content }],
        });
        return;
      }
    }
  }

  /**
   * Stores `mails` (`queued` with SMTP, else `stored`); with SMTP, wakes the sender on commit:
   * this process's directly, or, in a transaction whose commit it cannot observe (a savepoint),
   * through a NOTIFY sent on commit (a NOTIFY serialises every commit that sends one, so it is
   * the exception, not the rule).
   */
  private async storeMails(tx: Tx, mails: NewMail[]): Promise<void> {
    if (mails.length === 0) return;
    const status = this.deps.smtp ? 'queued' : 'stored';
    const rows = mails.map(({ to, mail, sourceEventId }) => ({
      id: newId('mail'), to: to.trim(), subject: mail.subject, text: mail.text, html: mail.html, locale: mail.locale, template: mail.template, status, source_event_id: sourceEventId, headers: mail.headers ?? null,
    }));
    const inserted = await insertMails.run(tx, { rows: JSON.stringify(rows) });
    const stored = new Set(inserted.map((r) => r.id));
    const files = rows.flatMap((r, i) => (stored.has(r.id) ? (mails[i]?.attachments ?? []).map((a) => ({ mailId: r.id, ...a })) : []));
    if (files.length > 0) await tx.insert(mailAttachment).values(files);
    if (inserted.length === 0 || status !== 'queued') return;
    const { mailQueued } = this.deps;
    if (!mailQueued || !runAfterCommit(tx, mailQueued)) await tx.execute(sql`select pg_notify(${MAIL_CHANNEL}, '')`);
  }

  private async notify(tx: Tx, userId: string, kind: NotificationKind, n: RenderedNotification, sourceEventId: string): Promise<void> {
    await tx
      .insert(notification)
      .values({ id: newId('ntf'), userId, kind, title: n.title, body: n.body, link: n.link, sourceEventId })
      .onConflictDoNothing({ target: [notification.kind, notification.sourceEventId] });
  }

  /**
   * Records the SMS (once per event) as `queued` in `tx`; once `tx` has committed,
   * {@link sendQueuedSms} hands it to the provider (a transaction this process cannot watch
   * commit leaves it to the next periodic round).
   */
  private async queueSms(tx: Tx, to: string, body: string, sourceEventId: string): Promise<void> {
    const [row] = await tx
      .insert(smsMessage)
      .values({ id: newId('sms'), to, body, status: 'queued', provider: this.deps.sms.name, sourceEventId, nextAttemptAt: sql`now()` })
      .onConflictDoNothing({ target: smsMessage.sourceEventId })
      .returning({ id: smsMessage.id });
    if (row && this.deps.smsQueued) runAfterCommit(tx, this.deps.smsQueued);
  }

  /**
   * Hands every due queued SMS to the provider, in rounds of {@link SMS_BATCH} (leased, see
   * {@link claimSms}), with no transaction open while the provider answers; records `sent` with
   * the provider's message id, or `failed` with the provider's error (not retried: a refusal is
   * final). The body of the job `notifications.sms`, which runs it one run at a time. At least
   * once: a process that dies after the provider accepted a message and before `sent` is
   * recorded sends it again when the lease ends.
   */
  async sendQueuedSms(): Promise<void> {
    const { sms, log } = this.deps;
    for (;;) {
      const claimed = await claimSms.run(this.db, { limit: SMS_BATCH });
      for (const message of claimed) {
        let outcome: Partial<typeof smsMessage.$inferInsert>;
        try {
          const { providerMessageId } = await sms.send(message.to, message.body);
          outcome = { status: 'sent', providerMessageId };
        } catch (err) {
          const error = (err instanceof Error ? err.message : String(err)).slice(0, 1_000);
          log.warn({ smsId: message.id, to: message.to, error }, 'SMS provider refused the message');
          outcome = { status: 'failed', error };
        }
        await this.db.update(smsMessage).set({ ...outcome, nextAttemptAt: null }).where(eq(smsMessage.id, message.id));
      }
      if (claimed.length < SMS_BATCH) return;
    }
  }

  // ---------------------------------------------------------------- in-app

  /** The user's notifications, newest first, with the unread count. */
  async listNotifications(userId: string, page: number, limit: number): Promise<NotificationPage> {
    const [counts] = await this.db
      .select({ total: count(), unread: sql<number>`count(*) filter (where ${notification.readAt} is null)::int` })
      .from(notification)
      .where(eq(notification.userId, userId));
    const found = await this.db
      .select()
      .from(notification)
      .where(eq(notification.userId, userId))
      .orderBy(desc(notification.createdAt), desc(notification.id))
      .limit(limit)
      .offset((page - 1) * limit);
    return { data: found.map(toNotification), pagination: { total: Number(counts?.total ?? 0), limit, page }, unread: Number(counts?.unread ?? 0) };
  }

  /** How many of the user's notifications are unread. */
  async unreadCount(userId: string): Promise<number> {
    const [row] = await this.db.select({ n: count() }).from(notification).where(and(eq(notification.userId, userId), isNull(notification.readAt)));
    return Number(row?.n ?? 0);
  }

  /**
   * Marks one of the user's notifications read (idempotent: an already read one keeps its `readAt`).
   * @throws 404 NOTIFICATIONS.NOT_FOUND when it does not exist or belongs to another user.
   */
  async markRead(userId: string, id: string): Promise<NotificationDto> {
    const [row] = await this.db
      .update(notification)
      .set({ readAt: sql`coalesce(${notification.readAt}, now())` })
      .where(and(eq(notification.id, id), eq(notification.userId, userId)))
      .returning();
    if (!row) throw notificationNotFound(id);
    return toNotification(row);
  }

  /** Marks every unread notification of the user read; returns how many changed. */
  async markAllRead(userId: string): Promise<{ updated: number; unread: number }> {
    const changed = await this.db
      .update(notification)
      .set({ readAt: sql`now()` })
      .where(and(eq(notification.userId, userId), isNull(notification.readAt)))
      .returning({ id: notification.id });
    return { updated: changed.length, unread: 0 };
  }

  // ---------------------------------------------------------------- back office

  /** Mail messages, newest first; `to` compared case-insensitively. */
  async listMail(filter: MailFilter = {}): Promise<Page<MailSummary>> {
    const page = filter.page ?? 1;
    const limit = Math.min(Math.max(filter.limit ?? 20, 1), 100);
    const conditions: SQL[] = [];
    if (filter.to) conditions.push(sql`lower(${mailMessage.to}) = lower(${filter.to.trim()})`);
    if (filter.template) conditions.push(eq(mailMessage.template, filter.template));
    if (filter.status) conditions.push(eq(mailMessage.status, filter.status));
    const where = conditions.length ? and(...conditions) : undefined;
    const [total] = await this.db.select({ n: count() }).from(mailMessage).where(where);
    const found = await this.db
      .select(summaryColumns)
      .from(mailMessage)
      .where(where)
      .orderBy(desc(mailMessage.createdAt), desc(mailMessage.id))
      .limit(limit)
      .offset((page - 1) * limit);
    return { data: found.map(toMailSummary), pagination: { total: Number(total?.n ?? 0), limit, page } };
  }

  /**
   * One mail message with its text and HTML bodies.
   * @throws 404 NOTIFICATIONS.MAIL_NOT_FOUND.
   */
  async getMail(id: string): Promise<MailMessageDto> {
    const [row] = await this.db.select().from(mailMessage).where(eq(mailMessage.id, id)).limit(1);
    if (!row) throw mailNotFound(id);
    return { ...toMailSummary(row), text: row.text, html: row.html };
  }

  /** SMS messages, newest first, optionally to one number (exact match). */
  async listSms(filter: { to?: string; page: number; limit: number }): Promise<Page<SmsDto>> {
    const where = filter.to ? eq(smsMessage.to, filter.to.trim()) : undefined;
    const [total] = await this.db.select({ n: count() }).from(smsMessage).where(where);
    const found = await this.db
      .select()
      .from(smsMessage)
      .where(where)
      .orderBy(desc(smsMessage.createdAt), desc(smsMessage.id))
      .limit(filter.limit)
      .offset((filter.page - 1) * filter.limit);
    return { data: found.map(toSms), pagination: { total: Number(total?.n ?? 0), limit: filter.limit, page: filter.page } };
  }
}

/** The payload of `event`, after checking it carries each object `keys` names (else throws, see {@link NotificationsService.handle}). */
function payloadOf<P extends object>(event: EventEnvelope, ...keys: (keyof P & string)[]): P {
  const payload = event.payload as Record<string, unknown> | null;
  for (const key of keys) {
    const value = payload?.[key];
    if (!value || typeof value !== 'object') throw new Error(`${event.type} ${event.id}: the payload has no ${key}`);
  }
  return payload as P;
}
