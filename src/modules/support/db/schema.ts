import { sql } from 'drizzle-orm';
import { boolean, check, customType, index, integer, pgSchema, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

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
    /** The site (code) the ticket was opened on: its mail speaks as that site; staff limited to sites see their sites' tickets. */
    site: text('site').notNull().default('default'),
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
    // The agents' queue of open tickets, most urgent first (the next SLA due time; see SupportService.listAdmin).
    index('ticket_queue_idx')
      .on(sql`(case when ${t.firstResponseAt} is null then ${t.firstResponseDueAt} else ${t.resolutionDueAt} end)`, t.updatedAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`${t.state} in ('new', 'open', 'pending')`),
    // The default queue (every state but closed: open ones by urgency, then solved ones, newest first; see SupportService.listAdmin).
    index('ticket_default_queue_idx')
      .on(
        sql`(case when ${t.state} in ('new', 'open', 'pending') then (case when ${t.firstResponseAt} is null then ${t.firstResponseDueAt} else ${t.resolutionDueAt} end) end)`,
        t.updatedAt.desc().nullsFirst(), t.id.desc().nullsFirst(),
      )
      .where(sql`${t.state} in ('new', 'open', 'pending', 'solved')`),
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
    /** The site (code) whose contact form sent it (see the ticket's `site`). */
    site: text('site').notNull().default('default'),
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

// ── help centre ─────────────────────────────────────────────────────────

/** Languages of the help centre: every category and article is written in both. */
export const HELP_LOCALES = ['en', 'fr'] as const;

/**
 * A help-centre category (FAQ section): `slug` in URLs, names and descriptions in English and
 * French, `position` orders the categories (ascending, then name).
 */
export const helpCategory = supportSchema.table(
  'help_category',
  {
    id: text('id').primaryKey(),
    slug: text('slug').notNull(),
    position: integer('position').notNull().default(0),
    nameEn: text('name_en').notNull(),
    nameFr: text('name_fr').notNull(),
    descriptionEn: text('description_en').notNull().default(''),
    descriptionFr: text('description_fr').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('help_category_slug_idx').on(t.slug)],
);

/**
 * A help-centre article in one category, in English and French: Markdown as written
 * (`body_*`) and the sanitized HTML rendered from it on each write (`html_*`, what is served).
 * `outdated_*` is set on one language when the other one's title or text changes, and cleared when
 * that language is saved or marked reviewed. `status` draft | published (only published ones are
 * public); `position` orders the articles of a category. `search_en` / `search_fr` are generated
 * full-text documents (title weight A, text B) with the `english` / `french` configurations.
 * `helpful_yes` / `helpful_no` count the votes in {@link helpVote}.
 */
export const helpArticle = supportSchema.table(
  'help_article',
  {
    id: text('id').primaryKey(),
    categoryId: text('category_id').notNull().references(() => helpCategory.id),
    slug: text('slug').notNull(),
    status: text('status', { enum: ['draft', 'published'] }).notNull().default('draft'),
    position: integer('position').notNull().default(0),
    titleEn: text('title_en').notNull(),
    titleFr: text('title_fr').notNull(),
    bodyEn: text('body_en').notNull(),
    bodyFr: text('body_fr').notNull(),
    htmlEn: text('html_en').notNull(),
    htmlFr: text('html_fr').notNull(),
    outdatedEn: boolean('outdated_en').notNull().default(false),
    outdatedFr: boolean('outdated_fr').notNull().default(false),
    helpfulYes: integer('helpful_yes').notNull().default(0),
    helpfulNo: integer('helpful_no').notNull().default(0),
    searchEn: tsvector('search_en').notNull().generatedAlwaysAs(sql`setweight(to_tsvector('english'::regconfig, "title_en"), 'A') || setweight(to_tsvector('english'::regconfig, "body_en"), 'B')`),
    searchFr: tsvector('search_fr').notNull().generatedAlwaysAs(sql`setweight(to_tsvector('french'::regconfig, "title_fr"), 'A') || setweight(to_tsvector('french'::regconfig, "body_fr"), 'B')`),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('help_article_slug_idx').on(t.slug),
    index('help_article_category_idx').on(t.categoryId, t.position),
    index('help_article_search_en_idx').using('gin', t.searchEn).with({ fastupdate: false }).where(sql`status = 'published'`),
    index('help_article_search_fr_idx').using('gin', t.searchFr).with({ fastupdate: false }).where(sql`status = 'published'`),
    check('help_article_status_ck', sql`${t.status} in ('draft', 'published')`),
  ],
);

/**
 * One "was this helpful?" vote: one per article and voter (`voter` is `usr:<user id>` when signed
 * in, else `v:<SHA-256 of the browser's visitor id>`); voting again changes the vote.
 */
export const helpVote = supportSchema.table(
  'help_vote',
  {
    articleId: text('article_id').notNull().references(() => helpArticle.id, { onDelete: 'cascade' }),
    voter: text('voter').notNull(),
    helpful: boolean('helpful').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.voter] })],
);

/**
 * The vocabulary of the published articles per language (words of 3 to 40 characters with a
 * letter, lower-case) and in how many articles each occurs: trigram-indexed, it gives the
 * spelling corrections of search terms (as product search does with its title words). Rebuilt
 * after each article change.
 */
export const helpWord = supportSchema.table(
  'help_word',
  {
    locale: text('locale', { enum: HELP_LOCALES }).notNull(),
    word: text('word').notNull(),
    documents: integer('documents').notNull(),
  },
  (t) => [primaryKey({ columns: [t.locale, t.word] }), index('help_word_trgm_idx').using('gin', t.word.op('gin_trgm_ops')).with({ fastupdate: false })],
);

/** A help-centre search that found nothing: its normalised text per language, how often, first and last time. */
export const helpSearchMiss = supportSchema.table(
  'help_search_miss',
  {
    locale: text('locale', { enum: HELP_LOCALES }).notNull(),
    query: text('query').notNull(),
    count: integer('count').notNull().default(1),
    firstAt: timestamp('first_at', { withTimezone: true }).notNull().defaultNow(),
    lastAt: timestamp('last_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.locale, t.query] }), index('help_search_miss_last_idx').on(t.lastAt)],
);

/** SLA targets per priority set in the back office (minutes); a priority without a row takes the default (domain/tickets.ts `DEFAULT_SLA`). */
export const slaTarget = supportSchema.table(
  'sla_target',
  {
    priority: text('priority', { enum: TICKET_PRIORITIES }).primaryKey(),
    firstResponseMinutes: integer('first_response_minutes').notNull(),
    resolutionMinutes: integer('resolution_minutes').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('sla_target_minutes_ck', sql`${t.firstResponseMinutes} > 0 and ${t.resolutionMinutes} >= ${t.firstResponseMinutes}`)],
);
