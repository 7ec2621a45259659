import { sql } from 'drizzle-orm';
import { check, customType, index, integer, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';

/** PostgreSQL schema `support`: tickets, their messages, attachments and history. */
export const supportSchema = pgSchema('support');

/** PostgreSQL `tsvector` (full-text document); only ever computed by the database. */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** Ticket states (domain/tickets.ts has the transitions). */
export const TICKET_STATES = ['new', 'open', 'pending', 'solved', 'closed'] as const;
/** Ticket priorities, lowest first. */
export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
/** What a ticket is about. */
export const TICKET_CATEGORIES = ['order_problem', 'return_request', 'product_question', 'other'] as const;

/**
 * A customer's request. The customer is `customer_id` (a signed-in customer, `usr_…`) or only
 * `email` (a guest, who reads the ticket through an expiring link). `order_id` is an order of
 * theirs (checked through the orders contract when set). `assignee_id` is a staff user (role
 * `support`), `team` a free team name. SLA: `first_response_due_at` and `resolution_due_at` are
 * set from the priority's targets when the ticket opens or its priority changes;
 * `first_response_at` is the first public reply of an agent. `search` is the full-text document
 * (subject weighted A, messages D, `simple` configuration: customers write in any language).
 */
export const ticket = supportSchema.table(
  'ticket',
  {
    id: text('id').primaryKey(),
    subject: text('subject').notNull(),
    category: text('category', { enum: TICKET_CATEGORIES }).notNull(),
    state: text('state', { enum: TICKET_STATES }).notNull().default('new'),
    priority: text('priority', { enum: TICKET_PRIORITIES }).notNull().default('normal'),
    customerId: text('customer_id'),
    email: text('email').notNull(),
    name: text('name'),
    locale: text('locale', { enum: ['en', 'fr'] }).notNull().default('en'),
    orderId: text('order_id'),
    assigneeId: text('assignee_id'),
    team: text('team'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    firstResponseDueAt: timestamp('first_response_due_at', { withTimezone: true }).notNull(),
    resolutionDueAt: timestamp('resolution_due_at', { withTimezone: true }).notNull(),
    firstResponseAt: timestamp('first_response_at', { withTimezone: true }),
    solvedAt: timestamp('solved_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    messageCount: integer('message_count').notNull().default(0),
    search: tsvector('search').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('ticket_state_updated_idx').on(t.state, t.updatedAt),
    index('ticket_assignee_idx').on(t.assigneeId, t.updatedAt),
    index('ticket_customer_idx').on(t.customerId, t.createdAt),
    index('ticket_email_idx').on(sql`lower(${t.email})`),
    index('ticket_search_idx').using('gin', t.search),
    check('ticket_state_ck', sql`${t.state} in ('new', 'open', 'pending', 'solved', 'closed')`),
    check('ticket_priority_ck', sql`${t.priority} in ('low', 'normal', 'high', 'urgent')`),
    check('ticket_category_ck', sql`${t.category} in ('order_problem', 'return_request', 'product_question', 'other')`),
  ],
);

/**
 * A message on a ticket: `public` (the customer sees it; agents' public replies are mailed) or
 * `internal` (a note between agents, never shown to the customer). `author_type` customer, agent
 * or system; `author_id` the user id when known. `via` web or mail (an inbound reply);
 * `mail_message_id` the `Message-ID` of the mail that carried or announced it (threading).
 */
export const message = supportSchema.table(
  'message',
  {
    id: text('id').primaryKey(),
    ticketId: text('ticket_id').notNull().references(() => ticket.id),
    visibility: text('visibility', { enum: ['public', 'internal'] }).notNull(),
    authorType: text('author_type', { enum: ['customer', 'agent', 'system'] }).notNull(),
    authorId: text('author_id'),
    body: text('body').notNull(),
    via: text('via', { enum: ['web', 'mail'] }).notNull().default('web'),
    mailMessageId: text('mail_message_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('message_ticket_idx').on(t.ticketId, t.createdAt),
    index('message_mail_id_idx').on(t.mailMessageId),
    check('message_visibility_ck', sql`${t.visibility} in ('public', 'internal')`),
  ],
);

/**
 * A file sent with a message: its name as sent (display only), the type read from its bytes,
 * its size in bytes, where platform storage keeps it, and its scan state (see platform/storage
 * `ScanState`; only `clean` and `not_scanned` files are served).
 */
export const attachment = supportSchema.table(
  'attachment',
  {
    id: text('id').primaryKey(),
    ticketId: text('ticket_id').notNull().references(() => ticket.id),
    messageId: text('message_id').notNull().references(() => message.id),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    storageKey: text('storage_key').notNull(),
    scanState: text('scan_state', { enum: ['pending', 'clean', 'infected', 'not_scanned'] }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('attachment_ticket_idx').on(t.ticketId), index('attachment_pending_idx').on(t.createdAt).where(sql`${t.scanState} = 'pending'`)],
);

/** One change of a ticket: who (`actor`: a user id, `customer`, `guest`, `mail` or `system`), when, which field, from what to what. */
export const history = supportSchema.table(
  'history',
  {
    id: text('id').primaryKey(),
    ticketId: text('ticket_id').notNull().references(() => ticket.id),
    actor: text('actor').notNull(),
    field: text('field').notNull(),
    fromValue: text('from_value'),
    toValue: text('to_value'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('history_ticket_idx').on(t.ticketId, t.at)],
);

/** An inbound mail already applied (`id` is the gateway's id): a replay changes nothing. */
export const inboundMail = supportSchema.table('inbound_mail', {
  id: text('id').primaryKey(),
  ticketId: text('ticket_id').notNull().references(() => ticket.id),
  messageId: text('message_id').notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A prepared answer agents insert into a reply, in English and French. */
export const cannedReply = supportSchema.table('canned_reply', {
  id: text('id').primaryKey(),
  title: text('title').notNull(),
  bodyEn: text('body_en').notNull(),
  bodyFr: text('body_fr').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Topics of the contact form. */
export const CONTACT_TOPICS = ['order', 'return', 'product', 'other'] as const;

/**
 * A message from the public contact form: who (name, e-mail), the `topic` and the `team` it was
 * routed to, an optional order number as typed (not checked: the sender may be a guest), the
 * sender's IP (for abuse handling). `state`: `new`, `answered` (staff replied by mail),
 * `converted` (turned into `ticket_id`), `closed`.
 */
export const contactMessage = supportSchema.table(
  'contact_message',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    topic: text('topic', { enum: CONTACT_TOPICS }).notNull(),
    team: text('team').notNull(),
    message: text('message').notNull(),
    orderNumber: text('order_number'),
    locale: text('locale', { enum: ['en', 'fr'] }).notNull().default('en'),
    state: text('state', { enum: ['new', 'answered', 'converted', 'closed'] }).notNull().default('new'),
    ticketId: text('ticket_id'),
    ip: text('ip'),
    reply: text('reply'),
    answeredBy: text('answered_by'),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('contact_message_state_idx').on(t.state, t.createdAt), index('contact_message_team_idx').on(t.team, t.createdAt)],
);
