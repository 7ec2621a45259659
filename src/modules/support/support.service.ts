import { and, asc, count, desc, eq, inArray, isNull, ne, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database, Executor, Tx } from '../../platform/db/index.js';
import { publish } from '../../platform/events/index.js';
import { normalizeTags } from '../../platform/http/schemas.js';
import { DEFAULT_SITE_CODE } from '../../platform/http/site.js';
import { newId } from '../../platform/ids.js';
import { downloadHeaders, dispositionHeader, inspectFile, RELEASED_SCAN_STATES, type FileScanner, type ObjectStore, type ScanState } from '../../platform/storage/index.js';
import type { IdentityContract } from '../identity/index.js';
import type { OrdersContract, ReceiveOptions } from '../orders/index.js';
import { attachment, history, inboundMail, message, ticket, TICKET_STATES } from './db/schema.js';
import { canMove, dueTimes, slaStatus, stateAfterCustomerReply, type TicketPriority, type TicketState } from './domain/tickets.js';
import { SupportErrors } from './support.errors.js';
import type { MailThread, TicketSnapshot } from './support.events.js';
import type { TicketSecrets } from './support.mail.js';
import type { SlaSettings } from './support.sla.js';
import type { AdminTicketDto, AdminTicketQuery, CustomerTicketDto, TicketSummaryDto, TicketUpdateBody } from './support.schemas.js';

type TicketRow = typeof ticket.$inferSelect;
type MessageRow = typeof message.$inferSelect;
type AttachmentRow = typeof attachment.$inferSelect;

/** A file as a form sent it: the name it was given (display only) and its bytes. */
export interface UploadedFile {
  filename: string;
  data: Buffer;
}

/** Who asks for a customer view: the signed-in user, or a guest holding a link token. */
export interface TicketAccess {
  userId: string | null;
  token: string | null;
}

/** A new ticket as the storefront form sends it. */
export interface NewTicket {
  subject: string;
  message: string;
  category: TicketRow['category'];
  orderId?: string;
  email?: string;
  name?: string;
  locale?: 'en' | 'fr';
  files: UploadedFile[];
}

/** What the service needs besides the database. Durations: `guestLinkDays` days. */
export interface SupportDeps {
  identity: Pick<IdentityContract, 'getUser' | 'displayNames' | 'usersWithRoles'>;
  orders: Pick<OrdersContract, 'get' | 'createReturn' | 'receiveReturn' | 'returns'>;
  storage: ObjectStore;
  scanner: FileScanner | undefined;
  secrets: TicketSecrets;
  publicUrl: string;
  attachmentLimitBytes: number;
  log: Logger;
  /** SLA targets set in the back office (absent: the defaults of domain/tickets.ts). */
  sla?: SlaSettings;
  /** Called after a commit that stored files waiting for their scan. */
  scanQueued: () => void;
  now?: () => Date;
  guestLinkDays?: number;
}

const iso = (d: Date | string): string => new Date(d).toISOString();
const isoOrNull = (d: Date | string | null): string | null => (d === null ? null : iso(d));
/** The time the SLA clock points at next (first response, then resolution), in SQL. */
const nextDue = sql`case when ${ticket.firstResponseAt} is null then ${ticket.firstResponseDueAt} else ${ticket.resolutionDueAt} end`;
const OPEN_STATES: TicketState[] = ['new', 'open', 'pending'];

/**
 * Tickets: customers (signed in, or guests with an expiring link) open them with attachments and
 * reply; agents work the queue, reply publicly or in internal notes, change state, priority,
 * assignee, team and tags. Every change is in the history, and state changes, replies and
 * openings publish their events in the same transaction.
 */
export class SupportService {
  private readonly now: () => Date;

  constructor(private readonly database: Database, private readonly deps: SupportDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  private get db() {
    return this.database.db;
  }

  // ── customers ──────────────────────────────────────────────────────────

  /**
   * Opens a ticket. Files are checked first (type from the bytes, size), so a refused file
   * leaves nothing stored; a signed-in customer's e-mail is their account's; `orderId` must be
   * an order of theirs (same account, or for a guest the order's e-mail).
   * `site` is the site (code) it is opened on: its mail speaks as that site.
   * @returns the ticket as its customer sees it, and for a guest the link token (also mailed).
   * @throws 400 SUPPORT.EMAIL_REQUIRED, 404 SUPPORT.ORDER_NOT_FOUND, 413 STORAGE.TOO_LARGE, 415 STORAGE.UNSUPPORTED_TYPE.
   */
  async open(input: NewTicket, userId: string | null, site: string = DEFAULT_SITE_CODE): Promise<{ ticket: CustomerTicketDto; guestToken: string | null }> {
    const files = await Promise.all(input.files.map(async (f) => ({ ...f, ...(await inspectFile(f.data, this.deps.attachmentLimitBytes)) })));
    const user = userId ? await this.deps.identity.getUser(userId) : null;
    const email = (user?.email ?? input.email ?? '').trim().toLowerCase();
    if (!email) throw SupportErrors.emailRequired();
    if (input.orderId) await this.checkOrder(input.orderId, user ? user.id : null, email);
    const now = this.now();
    const id = newId('tkt');
    const messageId = newId('msg');
    const due = dueTimes(now, 'normal', await this.deps.sla?.targets());
    const stored = await this.storeFiles(id, files);
    try {
      const row = await this.database.transaction(async (tx) => {
        const [created] = await tx.insert(ticket).values({
          id, subject: input.subject.trim(), category: input.category, customerId: user?.id ?? null, email,
          name: input.name?.trim() || (user ? [user.firstName, user.lastName].filter(Boolean).join(' ') || null : null),
          locale: input.locale ?? (user?.locale === 'fr' ? 'fr' : 'en'), site, orderId: input.orderId ?? null,
          firstResponseDueAt: due.firstResponseDueAt, resolutionDueAt: due.resolutionDueAt, messageCount: 1,
          search: sql`setweight(to_tsvector('simple', ${input.subject}), 'A') || to_tsvector('simple', ${input.message})`,
          createdAt: now, updatedAt: now,
        }).returning();
        const mailId = this.deps.secrets.messageId(id, messageId);
        await tx.insert(message).values({ id: messageId, ticketId: id, visibility: 'public', authorType: 'customer', authorId: user?.id ?? null, body: input.message.trim(), mailMessageId: mailId, createdAt: now });
        if (stored.length > 0) await tx.insert(attachment).values(stored.map((f) => ({ ...f, ticketId: id, messageId, createdAt: now })));
        await tx.insert(history).values({ id: newId('tkh'), ticketId: id, actor: user?.id ?? 'guest', field: 'state', fromValue: null, toValue: 'new', at: now });
        const guestLink = user ? null : this.guestLink(id);
        await publish(tx, 'ticket.created', {
          ticket: snapshot(created!), message: input.message.trim(), guestLink,
          mail: { messageId: mailId, inReplyTo: null, references: [], replyTo: this.deps.secrets.replyTo(id) },
        }, id);
        return created!;
      });
      if (stored.some((f) => f.scanState === 'pending')) this.deps.scanQueued();
      return { ticket: await this.customerView(row), guestToken: user ? null : this.guestToken(id) };
    } catch (err) {
      await Promise.all(stored.map((f) => this.deps.storage.delete(f.storageKey).catch(() => undefined)));
      throw err;
    }
  }

  /** @throws 404 SUPPORT.ORDER_NOT_FOUND unless `orderId` is the customer's (`userId`) or, for a guest, placed with `email`. */
  private async checkOrder(orderId: string, userId: string | null, email: string): Promise<void> {
    const order = await this.deps.orders.get(orderId).catch((err: unknown) => {
      if ((err as { status?: number }).status === 404) return null;
      throw err;
    });
    const mine = order && (userId ? order.customerId === userId : !order.customerId && order.email?.toLowerCase() === email);
    if (!mine) throw SupportErrors.orderNotFound(orderId);
  }

  /** Puts checked files into storage under `support/<ticket>/<attachment>.<ext>`; rows to insert. */
  private async storeFiles(ticketId: string, files: { filename: string; data: Buffer; contentType: string; extension: string; size: number }[]) {
    const scanState: ScanState = this.deps.scanner ? 'pending' : 'not_scanned';
    const rows: Omit<typeof attachment.$inferInsert, 'ticketId' | 'messageId'>[] = [];
    try {
      for (const f of files) {
        const id = newId('att');
        const storageKey = `support/${ticketId.toLowerCase()}/${id.toLowerCase()}.${f.extension}`;
        await this.deps.storage.put(storageKey, f.data, f.contentType);
        rows.push({ id, filename: f.filename.slice(0, 200) || `file.${f.extension}`, contentType: f.contentType, size: f.size, storageKey, scanState });
      }
    } catch (err) {
      await Promise.all(rows.map((r) => this.deps.storage.delete(r.storageKey).catch(() => undefined)));
      throw err;
    }
    return rows as (Omit<typeof attachment.$inferInsert, 'ticketId' | 'messageId'> & { storageKey: string; scanState: ScanState })[];
  }

  private guestToken(ticketId: string): string {
    return this.deps.secrets.guestToken(ticketId, new Date(this.now().getTime() + (this.deps.guestLinkDays ?? 7) * 86_400_000));
  }

  /** The storefront page of a guest's ticket with a fresh token. */
  private guestLink(ticketId: string): string {
    return `${this.deps.publicUrl}/support/tickets/${ticketId}?token=${encodeURIComponent(this.guestToken(ticketId))}`;
  }

  /** The ticket `id` if `access` may read it as its customer. @throws 404 SUPPORT.TICKET_NOT_FOUND otherwise. */
  private async customerTicket(exec: Executor, id: string, access: TicketAccess, lock = false): Promise<TicketRow> {
    const query = exec.select().from(ticket).where(eq(ticket.id, id));
    const [row] = lock ? await query.for('update') : await query;
    const allowed = row && ((access.userId && row.customerId === access.userId) || (access.token && this.deps.secrets.guestTokenValid(row.id, access.token, this.now())));
    if (!row || !allowed) throw SupportErrors.ticketNotFound(id);
    return row;
  }

  /** A ticket as its customer (or guest) sees it: public messages only. @throws 404 SUPPORT.TICKET_NOT_FOUND. */
  async getForCustomer(id: string, access: TicketAccess): Promise<CustomerTicketDto> {
    return this.customerView(await this.customerTicket(this.db, id, access));
  }

  /** The signed-in customer's tickets, newest first. */
  async listMine(userId: string, page: number, limit: number) {
    const where = eq(ticket.customerId, userId);
    const [rows, [total]] = await Promise.all([
      this.db.select().from(ticket).where(where).orderBy(desc(ticket.createdAt), desc(ticket.id)).limit(limit).offset((page - 1) * limit),
      this.db.select({ n: count() }).from(ticket).where(where),
    ]);
    return { data: rows.map((r) => this.summary(r)), pagination: { total: total?.n ?? 0, limit, page } };
  }

  /**
   * A customer's (or guest's) public reply: a pending or solved ticket opens again.
   * @throws 404 SUPPORT.TICKET_NOT_FOUND, 409 SUPPORT.TICKET_CLOSED.
   */
  async replyAsCustomer(id: string, access: TicketAccess, body: string): Promise<CustomerTicketDto> {
    const row = await this.database.transaction(async (tx) => {
      const current = await this.customerTicket(tx, id, access, true);
      return this.appendCustomerMessage(tx, current, body, access.userId ?? 'guest', 'web', null);
    });
    return this.customerView(row);
  }

  /** Appends a customer's public message in `tx` (web or mail), reopening the ticket; publishes `ticket.replied`. */
  private async appendCustomerMessage(tx: Tx, current: TicketRow, body: string, actor: string, via: 'web' | 'mail', mailMessageId: string | null): Promise<TicketRow> {
    const next = stateAfterCustomerReply(current.state);
    if (!next) throw SupportErrors.ticketClosed();
    const now = this.now();
    const id = newId('msg');
    const thread = await this.thread(tx, current.id, id);
    await tx.insert(message).values({ id, ticketId: current.id, visibility: 'public', authorType: 'customer', authorId: current.customerId, body: body.trim(), via, mailMessageId: mailMessageId ?? thread.messageId, createdAt: now });
    const changes = next !== current.state ? { state: next } : {};
    if (next !== current.state) await tx.insert(history).values({ id: newId('tkh'), ticketId: current.id, actor, field: 'state', fromValue: current.state, toValue: next, at: now });
    const [row] = await tx.update(ticket).set({
      ...changes, solvedAt: next === current.state ? current.solvedAt : null, messageCount: sql`${ticket.messageCount} + 1`,
      search: sql`${ticket.search} || to_tsvector('simple', ${body})`, updatedAt: now,
    }).where(eq(ticket.id, current.id)).returning();
    await publish(tx, 'ticket.replied', { ticket: snapshot(row!), messageId: id, body: body.trim(), authorType: 'customer', via, mail: thread, guestLink: null }, current.id);
    if (next !== current.state) await publish(tx, 'ticket.updated', { ticket: snapshot(row!), actor, changes: [{ field: 'state', from: current.state, to: next }] }, current.id);
    return row!;
  }

  /** The threading of a new public message `messageId`: answers the last public message, references the whole public thread (at most the 20 latest). */
  private async thread(exec: Executor, ticketId: string, messageId: string): Promise<MailThread> {
    const earlier = await exec.select({ mailId: message.mailMessageId }).from(message)
      .where(and(eq(message.ticketId, ticketId), eq(message.visibility, 'public'))).orderBy(desc(message.createdAt), desc(message.id)).limit(20);
    const references = earlier.map((m) => m.mailId).filter((m): m is string => !!m).reverse();
    return { messageId: this.deps.secrets.messageId(ticketId, messageId), inReplyTo: references.at(-1) ?? null, references, replyTo: this.deps.secrets.replyTo(ticketId) };
  }

  // ── attachments ────────────────────────────────────────────────────────

  /**
   * The bytes and download headers of an attachment, for its customer (`access`) or an agent
   * (`access` null): only files on a message the caller may see, and only once released
   * (scanned clean, or no scanner configured). Inline only for raster images when asked.
   * @throws 404 SUPPORT.TICKET_NOT_FOUND, 404 SUPPORT.ATTACHMENT_NOT_FOUND.
   */
  async download(ticketId: string, attachmentId: string, access: TicketAccess | null, inline: boolean): Promise<{ data: Buffer; headers: Record<string, string> }> {
    if (access) await this.customerTicket(this.db, ticketId, access);
    const [row] = await this.db.select({ a: attachment, visibility: message.visibility }).from(attachment)
      .innerJoin(message, eq(message.id, attachment.messageId))
      .where(and(eq(attachment.id, attachmentId), eq(attachment.ticketId, ticketId)));
    if (!row || (access && row.visibility !== 'public') || !RELEASED_SCAN_STATES.includes(row.a.scanState)) throw SupportErrors.attachmentNotFound(attachmentId);
    const data = await this.deps.storage.get(row.a.storageKey);
    if (!data) throw SupportErrors.attachmentNotFound(attachmentId);
    return { data, headers: downloadHeaders(row.a.contentType, dispositionHeader(row.a.filename), inline) };
  }

  /**
   * Scans the files waiting for it (oldest first, at most `batch`): clean ones are released,
   * infected ones deleted from storage and kept as `infected`; a scanner failure leaves the file
   * pending for the next run. @returns how many were scanned.
   */
  async scanPending(batch = 20): Promise<number> {
    const scanner = this.deps.scanner;
    if (!scanner) return 0;
    const pending = await this.db.select().from(attachment).where(eq(attachment.scanState, 'pending')).orderBy(asc(attachment.createdAt)).limit(batch);
    let done = 0;
    for (const a of pending) {
      const data = await this.deps.storage.get(a.storageKey);
      const verdict = data ? await scanner.scan(data) : { state: 'infected' as const, viruses: ['missing file'] };
      if (verdict.state === 'infected') {
        this.deps.log.warn({ attachmentId: a.id, ticketId: a.ticketId, viruses: verdict.viruses }, 'infected attachment quarantined and deleted');
        await this.deps.storage.delete(a.storageKey);
      }
      await this.db.update(attachment).set({ scanState: verdict.state }).where(eq(attachment.id, a.id));
      done += 1;
    }
    return done;
  }

  // ── agents ─────────────────────────────────────────────────────────────

  /**
   * The agents' queue: filters (states, default every open one; priority; category; assignee
   * id, `me` or `none`; team; overdue), full-text search over subjects and messages (`simple`
   * configuration, web-search syntax), or a ticket id or e-mail in `q`. Most urgent first (the
   * next SLA due time), then newest. `sites` (codes; undefined: every site) keeps the tickets
   * opened on those sites: the staff's sites and `query.site` (see platform/http/site.ts `staffSites`).
   */
  async listAdmin(query: AdminTicketQuery, callerId: string, sites?: readonly string[]) {
    const now = this.now();
    const where: SQL[] = [];
    if (sites) where.push(inArray(ticket.site, [...sites]));
    const states = query.state?.length ? query.state : TICKET_STATES.filter((s) => s !== 'closed');
    where.push(inArray(ticket.state, states));
    if (query.priority) where.push(eq(ticket.priority, query.priority));
    if (query.category) where.push(eq(ticket.category, query.category));
    if (query.team) where.push(eq(ticket.team, query.team));
    if (query.assignee === 'none') where.push(isNull(ticket.assigneeId));
    else if (query.assignee) where.push(eq(ticket.assigneeId, query.assignee === 'me' ? callerId : query.assignee));
    if (query.overdue) where.push(inArray(ticket.state, OPEN_STATES), sql`${nextDue} < ${now.toISOString()}::timestamptz`);
    if (query.overdue === false) where.push(or(notInArray(ticket.state, OPEN_STATES), sql`${nextDue} >= ${now.toISOString()}::timestamptz`)!);
    const q = query.q?.trim();
    if (q) {
      if (/^tkt_[0-9a-z]{26}$/i.test(q)) where.push(eq(ticket.id, `tkt_${q.slice(4).toUpperCase()}`));
      else if (q.includes('@')) where.push(sql`lower(${ticket.email}) = ${q.toLowerCase()}`);
      else where.push(sql`${ticket.search} @@ websearch_to_tsquery('simple', ${q})`);
    }
    const condition = and(...where);
    // Only open states asked (the default queue): plain `nextDue` order, which the partial index ticket_queue_idx serves.
    const urgency = states.every((s) => OPEN_STATES.includes(s)) ? sql`${nextDue} asc` : sql`case when ${ticket.state} in ('new', 'open', 'pending') then ${nextDue} end asc nulls last`;
    const [rows, [total]] = await Promise.all([
      this.db.select().from(ticket).where(condition)
        .orderBy(urgency, desc(ticket.updatedAt), desc(ticket.id))
        .limit(query.limit).offset((query.page - 1) * query.limit),
      this.db.select({ n: count() }).from(ticket).where(condition),
    ]);
    return { data: rows.map((r) => this.summary(r)), pagination: { total: total?.n ?? 0, limit: query.limit, page: query.page } };
  }

  /**
   * One ticket with every message (internal notes too), history and the customer's other tickets,
   * those of `sites` only when given (codes; undefined: every site).
   * @throws 404 SUPPORT.TICKET_NOT_FOUND (also a ticket of a site outside `sites`).
   */
  async getAdmin(id: string, sites?: readonly string[]): Promise<AdminTicketDto> {
    const [row] = await this.db.select().from(ticket).where(eq(ticket.id, id));
    if (!row || (sites && !sites.includes(row.site))) throw SupportErrors.ticketNotFound(id);
    const [messages, changes, previous] = await Promise.all([
      this.messages(row.id, true),
      this.db.select().from(history).where(eq(history.ticketId, row.id)).orderBy(asc(history.at), asc(history.id)),
      this.db.select({ id: ticket.id, subject: ticket.subject, state: ticket.state, createdAt: ticket.createdAt }).from(ticket)
        .where(and(ne(ticket.id, row.id), row.customerId ? eq(ticket.customerId, row.customerId) : sql`lower(${ticket.email}) = ${row.email}`, sites ? inArray(ticket.site, [...sites]) : undefined))
        .orderBy(desc(ticket.createdAt)).limit(20),
    ]);
    const returns = row.orderId ? await this.deps.orders.returns(row.orderId) : [];
    const names = await this.deps.identity.displayNames([...new Set([row.assigneeId, ...changes.map((c) => c.actor), ...messages.map((m) => m.authorId)].filter((x): x is string => !!x))]);
    return {
      ...this.summary(row),
      locale: row.locale,
      assigneeName: row.assigneeId ? names.get(row.assigneeId) ?? null : null,
      firstResponseAt: isoOrNull(row.firstResponseAt),
      solvedAt: isoOrNull(row.solvedAt),
      messages: messages.map((m) => ({ ...m.dto, authorName: m.authorId ? names.get(m.authorId) ?? null : m.dto.authorType === 'customer' ? row.name : null })),
      history: changes.map((c) => ({ actor: c.actor, actorName: names.get(c.actor) ?? null, field: c.field, from: c.fromValue, to: c.toValue, at: iso(c.at) })),
      returns,
      previousTickets: previous.map((p) => ({ ...p, createdAt: iso(p.createdAt) })),
    };
  }

  /**
   * Turns return-request ticket `id` into a return (RMA) of its order through the orders
   * contract (delivered orders only; units at most delivered less already returned), then records
   * it in the ticket's history (`return`: `<rma id> authorized`) with `ticket.updated`.
   * @throws 404 SUPPORT.TICKET_NOT_FOUND, 409 SUPPORT.NOT_A_RETURN_REQUEST (another category, or no order),
   *   and OrdersContract.createReturn's 404/400/409 (nothing is written then).
   */
  async createReturn(id: string, input: { lines: { sku: string; quantity: number }[]; reason: string }, agentId: string): Promise<AdminTicketDto> {
    const [current] = await this.db.select().from(ticket).where(eq(ticket.id, id));
    if (!current) throw SupportErrors.ticketNotFound(id);
    if (current.category !== 'return_request' || !current.orderId) throw SupportErrors.notAReturnRequest(id);
    const created = await this.deps.orders.createReturn(current.orderId, { lines: input.lines, reason: input.reason, reference: id }, agentId);
    await this.recordReturn(id, agentId, null, `${created.id} authorized`);
    return this.getAdmin(id);
  }

  /**
   * Receives return `returnId` made from ticket `id`: the orders contract puts its units back into
   * stock and, unless `options.refund` is false, refunds them; the ticket's history records it once
   * (`return`: `<rma id> received`; a repeat with the same `options.idempotency` writes the line
   * only if the first request could not).
   * @throws 404 SUPPORT.TICKET_NOT_FOUND, 404 SUPPORT.RETURN_NOT_FOUND (not a return of this ticket),
   *   and OrdersContract.receiveReturn's errors (409 ORDERS.RETURN_RECEIVED, ORDERS.NO_PAYMENT…).
   */
  async receiveReturn(id: string, returnId: string, agentId: string, options: ReceiveOptions = {}): Promise<AdminTicketDto> {
    const [current] = await this.db.select().from(ticket).where(eq(ticket.id, id));
    if (!current) throw SupportErrors.ticketNotFound(id);
    const rma = current.orderId ? (await this.deps.orders.returns(current.orderId)).find((r) => r.id === returnId && r.reference === id) : undefined;
    if (!rma) throw SupportErrors.returnNotFound(returnId);
    await this.deps.orders.receiveReturn(returnId, agentId, options);
    const [recorded] = await this.db.select({ id: history.id }).from(history)
      .where(and(eq(history.ticketId, id), eq(history.field, 'return'), eq(history.toValue, `${returnId} received`)));
    if (!recorded) await this.recordReturn(id, agentId, `${returnId} authorized`, `${returnId} received`);
    return this.getAdmin(id);
  }

  /** A return step in ticket `id`'s history, with `ticket.updated` (field `return`), in one transaction. */
  private async recordReturn(id: string, actor: string, from: string | null, to: string): Promise<void> {
    await this.database.transaction(async (tx) => {
      const now = this.now();
      const [row] = await tx.update(ticket).set({ updatedAt: now }).where(eq(ticket.id, id)).returning();
      await tx.insert(history).values({ id: newId('tkh'), ticketId: id, actor, field: 'return', fromValue: from, toValue: to, at: now });
      await publish(tx, 'ticket.updated', { ticket: snapshot(row!), actor, changes: [{ field: 'return', from, to }] }, id);
    });
  }

  /**
   * An agent's message: a public reply (mailed to the customer through `ticket.replied`; the
   * first one stops the first-response clock; a `new` ticket becomes `open`) or an internal
   * note (never shown to the customer, publishes nothing). `state` moves the ticket too.
   * @throws 404 SUPPORT.TICKET_NOT_FOUND, 409 SUPPORT.ILLEGAL_TRANSITION, 409 SUPPORT.TICKET_CLOSED.
   */
  async addAgentMessage(id: string, input: { body: string; visibility: 'public' | 'internal'; state?: TicketState }, agentId: string): Promise<AdminTicketDto> {
    await this.database.transaction(async (tx) => {
      const [current] = await tx.select().from(ticket).where(eq(ticket.id, id)).for('update');
      if (!current) throw SupportErrors.ticketNotFound(id);
      if (current.state === 'closed') throw SupportErrors.ticketClosed();
      const now = this.now();
      const messageId = newId('msg');
      const isPublic = input.visibility === 'public';
      const thread = isPublic ? await this.thread(tx, id, messageId) : null;
      await tx.insert(message).values({ id: messageId, ticketId: id, visibility: input.visibility, authorType: 'agent', authorId: agentId, body: input.body.trim(), mailMessageId: thread?.messageId ?? null, createdAt: now });
      const target = input.state ?? (isPublic && current.state === 'new' ? 'open' : undefined);
      const [row] = await tx.update(ticket).set({
        firstResponseAt: isPublic && !current.firstResponseAt ? now : current.firstResponseAt,
        messageCount: sql`${ticket.messageCount} + 1`, search: sql`${ticket.search} || to_tsvector('simple', ${input.body})`, updatedAt: now,
      }).where(eq(ticket.id, id)).returning();
      if (thread) {
        await publish(tx, 'ticket.replied', {
          ticket: snapshot(row!), messageId, body: input.body.trim(), authorType: 'agent', via: 'web', mail: thread,
          guestLink: row!.customerId ? null : this.guestLink(id),
        }, id);
      }
      if (target && target !== current.state) await this.applyChanges(tx, row!, { state: target }, agentId);
    });
    return this.getAdmin(id);
  }

  /**
   * Agent changes (state, category, priority, assignee, team, tags), each in the history, one
   * `ticket.updated` event. A priority change resets the SLA due times from the ticket's opening.
   * @throws 404 SUPPORT.TICKET_NOT_FOUND, 409 SUPPORT.ILLEGAL_TRANSITION, 400 SUPPORT.BAD_ASSIGNEE.
   */
  async update(id: string, changes: TicketUpdateBody, agentId: string): Promise<AdminTicketDto> {
    if (changes.assigneeId) await this.checkAssignee(changes.assigneeId);
    await this.database.transaction(async (tx) => {
      const [current] = await tx.select().from(ticket).where(eq(ticket.id, id)).for('update');
      if (!current) throw SupportErrors.ticketNotFound(id);
      await this.applyChanges(tx, current, changes, agentId);
    });
    return this.getAdmin(id);
  }

  /**
   * Assigns (or unassigns) and/or closes up to 100 tickets in one transaction; unknown ids and
   * tickets already in the asked state are skipped, and so are, like unknown ones, tickets of a
   * site outside `sites` (codes; undefined: every site). @returns the ids changed.
   * @throws 400 SUPPORT.BAD_ASSIGNEE, 409 SUPPORT.ILLEGAL_TRANSITION (none is changed then).
   */
  async bulk(input: { ids: string[]; assigneeId?: string | null; state?: 'closed' }, agentId: string, sites?: readonly string[]): Promise<{ updated: string[] }> {
    if (input.assigneeId) await this.checkAssignee(input.assigneeId);
    return this.database.transaction(async (tx) => {
      const rows = await tx.select().from(ticket).where(and(inArray(ticket.id, input.ids), sites ? inArray(ticket.site, [...sites]) : undefined)).orderBy(asc(ticket.id)).for('update');
      const updated: string[] = [];
      for (const row of rows) {
        const changes: TicketUpdateBody = {
          ...(input.assigneeId !== undefined ? { assigneeId: input.assigneeId } : {}),
          ...(input.state && row.state !== input.state ? { state: input.state } : {}),
        };
        if (await this.applyChanges(tx, row, changes, agentId)) updated.push(row.id);
      }
      return { updated };
    });
  }

  /**
   * Checks that staff limited to `sites` (codes; undefined: every site) may work on ticket `id`;
   * an unknown id passes (the route's own lookup answers it).
   * @throws 404 SUPPORT.TICKET_NOT_FOUND when the ticket is of a site outside `sites`, exactly as an unknown one.
   */
  async assertWithinSites(id: string, sites: readonly string[] | undefined): Promise<void> {
    if (!sites) return;
    const [row] = await this.db.select({ site: ticket.site }).from(ticket).where(eq(ticket.id, id));
    if (row && !sites.includes(row.site)) throw SupportErrors.ticketNotFound(id);
  }

  /** Who tickets can be assigned to (roles `support` and `admin`), by name. */
  async agents(): Promise<{ id: string; name: string }[]> {
    return this.deps.identity.usersWithRoles(['support', 'admin']);
  }

  /** @throws 400 SUPPORT.BAD_ASSIGNEE unless `userId` is staff who handles tickets (role support or admin). */
  private async checkAssignee(userId: string): Promise<void> {
    const user = await this.deps.identity.getUser(userId);
    if (!user || !user.roles.some((r) => r === 'support' || r === 'admin')) throw SupportErrors.badAssignee(userId);
  }

  /** Applies `changes` to the locked `current` in `tx`: history rows, timestamps, one `ticket.updated`. @returns whether anything changed. */
  private async applyChanges(tx: Tx, current: TicketRow, changes: TicketUpdateBody, actor: string): Promise<boolean> {
    const now = this.now();
    const set: Partial<typeof ticket.$inferInsert> = {};
    const log: { field: string; from: string | null; to: string | null }[] = [];
    if (changes.state !== undefined && changes.state !== current.state) {
      if (!canMove(current.state, changes.state)) throw SupportErrors.illegalTransition(current.state, changes.state);
      set.state = changes.state;
      if (changes.state === 'solved') set.solvedAt = now;
      if (changes.state === 'closed') set.closedAt = now;
      if (changes.state === 'open' || changes.state === 'pending') set.solvedAt = null;
      log.push({ field: 'state', from: current.state, to: changes.state });
    }
    if (changes.category !== undefined && changes.category !== current.category) {
      set.category = changes.category;
      log.push({ field: 'category', from: current.category, to: changes.category });
    }
    if (changes.priority !== undefined && changes.priority !== current.priority) {
      Object.assign(set, { priority: changes.priority }, dueTimes(current.createdAt, changes.priority as TicketPriority, await this.deps.sla?.targets(tx)));
      log.push({ field: 'priority', from: current.priority, to: changes.priority });
    }
    if (changes.assigneeId !== undefined && changes.assigneeId !== current.assigneeId) {
      set.assigneeId = changes.assigneeId;
      log.push({ field: 'assignee', from: current.assigneeId, to: changes.assigneeId });
    }
    if (changes.team !== undefined && changes.team !== current.team) {
      set.team = changes.team?.trim() ?? null;
      log.push({ field: 'team', from: current.team, to: set.team });
    }
    if (changes.tags !== undefined) {
      const tags = normalizeTags(changes.tags);
      if (tags.join(',') !== current.tags.join(',')) {
        set.tags = tags;
        log.push({ field: 'tags', from: current.tags.join(', ') || null, to: tags.join(', ') || null });
      }
    }
    if (log.length === 0) return false;
    const [row] = await tx.update(ticket).set({ ...set, updatedAt: now }).where(eq(ticket.id, current.id)).returning();
    await tx.insert(history).values(log.map((c) => ({ id: newId('tkh'), ticketId: current.id, actor, field: c.field, fromValue: c.from, toValue: c.to, at: now })));
    await publish(tx, 'ticket.updated', { ticket: snapshot(row!), actor, changes: log }, current.id);
    return true;
  }

  /** Closes tickets solved more than `days` days ago (actor `system`). @returns how many. */
  async autoClose(days: number): Promise<number> {
    const before = new Date(this.now().getTime() - days * 86_400_000);
    return this.database.transaction(async (tx) => {
      const rows = await tx.select().from(ticket).where(and(eq(ticket.state, 'solved'), sql`${ticket.solvedAt} < ${before.toISOString()}::timestamptz`)).orderBy(asc(ticket.id)).limit(500).for('update', { skipLocked: true });
      for (const row of rows) await this.applyChanges(tx, row, { state: 'closed' }, 'system');
      return rows.length;
    });
  }

  /**
   * Appends a customer's mailed reply to the ticket its reply token names (in `to`, else in
   * `inReplyTo` / `references`); a replay of the same mail id changes nothing.
   * @throws 404 SUPPORT.UNKNOWN_REPLY_TOKEN, 409 SUPPORT.TICKET_CLOSED.
   */
  async inbound(mail: { id: string; to: string[]; text: string; messageId?: string; inReplyTo?: string; references?: string[] }, body: string): Promise<{ ticketId: string; duplicate: boolean }> {
    const ticketId = this.deps.secrets.ticketFrom(mail.to) ?? this.deps.secrets.ticketFrom([mail.inReplyTo ?? '', ...(mail.references ?? [])]);
    if (!ticketId) throw SupportErrors.unknownReplyToken();
    return this.database.transaction(async (tx) => {
      const [current] = await tx.select().from(ticket).where(eq(ticket.id, ticketId)).for('update');
      if (!current) throw SupportErrors.unknownReplyToken();
      const fresh = await tx.insert(inboundMail).values({ id: mail.id, ticketId, messageId: mail.messageId ?? '' }).onConflictDoNothing().returning();
      if (fresh.length === 0) return { ticketId, duplicate: true };
      await this.appendCustomerMessage(tx, current, body, 'mail', 'mail', mail.messageId?.slice(0, 998) ?? null);
      return { ticketId, duplicate: false };
    });
  }

  /** First-response times (seconds) of tickets opened in the last `days` days that got one. */
  async firstResponseSeconds(days = 30): Promise<number[]> {
    const since = new Date(this.now().getTime() - days * 86_400_000).toISOString();
    const rows = await this.db.select({ s: sql<number>`extract(epoch from ${ticket.firstResponseAt} - ${ticket.createdAt})::float8` }).from(ticket)
      .where(and(sql`${ticket.firstResponseAt} is not null`, sql`${ticket.createdAt} >= ${since}::timestamptz`));
    return rows.map((r) => Number(r.s));
  }

  /** Open tickets (new, open, pending) by state, and how many of them are overdue. */
  async backlog(): Promise<{ byState: Record<string, number>; overdue: number }> {
    const now = this.now().toISOString();
    const rows = await this.db.select({ state: ticket.state, n: count(), overdue: sql<number>`count(*) filter (where ${nextDue} < ${now}::timestamptz)::int` })
      .from(ticket).where(inArray(ticket.state, OPEN_STATES)).groupBy(ticket.state);
    return { byState: Object.fromEntries(OPEN_STATES.map((s) => [s, rows.find((r) => r.state === s)?.n ?? 0])), overdue: rows.reduce((a, r) => a + Number(r.overdue), 0) };
  }

  // ── views ──────────────────────────────────────────────────────────────

  private summary(row: TicketRow): TicketSummaryDto {
    return {
      id: row.id, subject: row.subject, category: row.category, state: row.state, priority: row.priority, email: row.email, name: row.name,
      customerId: row.customerId, orderId: row.orderId, assigneeId: row.assigneeId, team: row.team, site: row.site, tags: row.tags, messageCount: row.messageCount,
      sla: slaStatus(row, this.now()), createdAt: iso(row.createdAt), updatedAt: iso(row.updatedAt),
    };
  }

  /** Messages of a ticket, oldest first, with their attachments; internal notes only with `internal`. */
  private async messages(ticketId: string, internal: boolean) {
    const where = internal ? eq(message.ticketId, ticketId) : and(eq(message.ticketId, ticketId), eq(message.visibility, 'public'));
    const [rows, files] = await Promise.all([
      this.db.select().from(message).where(where).orderBy(asc(message.createdAt), asc(message.id)),
      this.db.select().from(attachment).where(eq(attachment.ticketId, ticketId)).orderBy(asc(attachment.id)),
    ]);
    return rows.map((m: MessageRow) => ({
      authorId: m.authorId,
      dto: {
        id: m.id, visibility: m.visibility, authorType: m.authorType, authorName: null as string | null, body: m.body, via: m.via, createdAt: iso(m.createdAt),
        attachments: files.filter((f: AttachmentRow) => f.messageId === m.id).map((f) => ({ id: f.id, filename: f.filename, contentType: f.contentType, size: f.size, scanState: f.scanState })),
      },
    }));
  }

  private async customerView(row: TicketRow): Promise<CustomerTicketDto> {
    const messages = await this.messages(row.id, false);
    return {
      id: row.id, subject: row.subject, category: row.category, state: row.state, orderId: row.orderId,
      messages: messages.map((m) => ({ ...m.dto, authorName: m.dto.authorType === 'customer' ? row.name : null })),
      createdAt: iso(row.createdAt), updatedAt: iso(row.updatedAt),
    };
  }
}

/** A ticket row as events carry it. */
function snapshot(row: TicketRow): TicketSnapshot {
  return {
    id: row.id, subject: row.subject, category: row.category, state: row.state, priority: row.priority, customerId: row.customerId, email: row.email,
    locale: row.locale, orderId: row.orderId, assigneeId: row.assigneeId, team: row.team, site: row.site, createdAt: iso(row.createdAt),
  };
}
