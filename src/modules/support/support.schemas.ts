import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Pagination, pageQueryFields } from '../../platform/http/schemas.js';
import { siteCode } from '../../platform/http/site.js';
import { ReturnSchema } from '../orders/index.js';
import type { TICKET_CATEGORIES, TICKET_PRIORITIES, TICKET_STATES } from './db/schema.js';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** Ticket states, priorities and categories on the wire. */
export const TicketStateSchema = Type.Union([Type.Literal('new'), Type.Literal('open'), Type.Literal('pending'), Type.Literal('solved'), Type.Literal('closed')]);
export const TicketPrioritySchema = Type.Union([Type.Literal('low'), Type.Literal('normal'), Type.Literal('high'), Type.Literal('urgent')]);
export const TicketCategorySchema = Type.Union([Type.Literal('order_problem'), Type.Literal('return_request'), Type.Literal('product_question'), Type.Literal('other')]);
/** Compile-time check that the wire lists match the table's. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const listsMatch: [Same<Static<typeof TicketStateSchema>, (typeof TICKET_STATES)[number]>, Same<Static<typeof TicketPrioritySchema>, (typeof TICKET_PRIORITIES)[number]>, Same<Static<typeof TicketCategorySchema>, (typeof TICKET_CATEGORIES)[number]>] = [true, true, true];
void listsMatch;

/** Longest subject and message, in characters. */
export const MAX_SUBJECT = 200;
export const MAX_MESSAGE = 20_000;

/** The form of a new ticket (multipart/form-data; files in fields named `files`, at most 5). Documentation of the form only: the handler reads the parts. */
export const NewTicketForm = Type.Object({
  subject: Type.String({ minLength: 1, maxLength: MAX_SUBJECT }),
  message: Type.String({ minLength: 1, maxLength: MAX_MESSAGE }),
  category: TicketCategorySchema,
  orderId: Type.Optional(Type.String({ description: 'An order of yours (`ord_…`): anything else answers 404 SUPPORT.ORDER_NOT_FOUND' })),
  email: Type.Optional(Type.String({ maxLength: 320, format: 'email', description: 'Required for guests; ignored when signed in' })),
  name: Type.Optional(Type.String({ maxLength: 120 })),
  locale: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('fr')])),
  files: Type.Optional(Type.Array(Type.String({ format: 'binary' }), { maxItems: 5, description: 'Images, PDF or plain text, each at most ATTACHMENT_LIMIT bytes' })),
});

/** An attachment as lists show it; `scanState` see platform/storage (`pending` and `infected` files are not served). */
export const AttachmentSchema = Type.Object({
  id: Type.String(),
  filename: Type.String(),
  contentType: Type.String(),
  size: Type.Integer({ description: 'Bytes' }),
  scanState: Type.Union([Type.Literal('pending'), Type.Literal('clean'), Type.Literal('infected'), Type.Literal('not_scanned')]),
});

/** A message; customers only ever get `public` ones. */
export const MessageSchema = Type.Object({
  id: Type.String(),
  visibility: Type.Union([Type.Literal('public'), Type.Literal('internal')]),
  authorType: Type.Union([Type.Literal('customer'), Type.Literal('agent'), Type.Literal('system')]),
  authorName: Nullable(Type.String()),
  body: Type.String(),
  via: Type.Union([Type.Literal('web'), Type.Literal('mail')]),
  attachments: Type.Array(AttachmentSchema),
  createdAt: Type.String({ format: 'date-time' }),
});

/** A ticket as its customer sees it: public messages only. */
export const CustomerTicketSchema = Type.Object({
  id: Type.String(),
  subject: Type.String(),
  category: TicketCategorySchema,
  state: TicketStateSchema,
  orderId: Nullable(Type.String()),
  messages: Type.Array(MessageSchema),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type CustomerTicketDto = Static<typeof CustomerTicketSchema>;

/** A ticket in a list (no messages). */
export const TicketSummarySchema = Type.Object({
  id: Type.String(),
  subject: Type.String(),
  category: TicketCategorySchema,
  state: TicketStateSchema,
  priority: TicketPrioritySchema,
  email: Type.String(),
  name: Nullable(Type.String()),
  customerId: Nullable(Type.String()),
  orderId: Nullable(Type.String()),
  assigneeId: Nullable(Type.String()),
  team: Nullable(Type.String()),
  site: Type.String({ description: 'The site (code) the ticket was opened on' }),
  tags: Type.Array(Type.String()),
  messageCount: Type.Integer(),
  sla: Type.Object({
    target: Nullable(Type.Union([Type.Literal('first_response'), Type.Literal('resolution')])),
    dueAt: Nullable(Type.String({ format: 'date-time' })),
    minutesLeft: Nullable(Type.Integer({ description: 'Negative when late' })),
    overdue: Type.Boolean(),
  }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type TicketSummaryDto = Static<typeof TicketSummarySchema>;

/** A ticket as agents see it: every message (internal notes too), the history and the customer's other tickets. */

/** A return to authorize from a return-request ticket: units per SKU of its delivered order, and the reason. */
export const NewReturnBody = Type.Object({
  lines: Type.Array(Type.Object({ sku: Type.String({ minLength: 1, maxLength: 64 }), quantity: Type.Integer({ minimum: 1, maximum: 10_000 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 100 }),
  reason: Type.String({ minLength: 1, maxLength: 400 }),
}, { additionalProperties: false });

/** A return of a ticket. */
export const ReturnParams = Type.Object({ id: Type.String({ maxLength: 64 }), returnId: Type.String({ maxLength: 64 }) });
/** How a return is received: `refund` false puts the units back into stock without refunding them (nothing was captured, e.g. cash on delivery). */
export const ReceiveReturnBody = Type.Object({
  refund: Type.Optional(Type.Boolean({ default: true, description: 'Refund the returned units (default); false: restock only, no refund' })),
}, { additionalProperties: false });

export const AdminTicketSchema = Type.Intersect([
  TicketSummarySchema,
  Type.Object({
    locale: Type.Union([Type.Literal('en'), Type.Literal('fr')]),
    assigneeName: Nullable(Type.String()),
    firstResponseAt: Nullable(Type.String({ format: 'date-time' })),
    solvedAt: Nullable(Type.String({ format: 'date-time' })),
    messages: Type.Array(MessageSchema),
    history: Type.Array(Type.Object({ actor: Type.String(), actorName: Nullable(Type.String()), field: Type.String(), from: Nullable(Type.String()), to: Nullable(Type.String()), at: Type.String({ format: 'date-time' }) })),
    returns: Type.Array(ReturnSchema, { description: 'Returns (RMAs) of the ticket\'s order, oldest first (those of other tickets too); empty without an order' }),
    previousTickets: Type.Array(Type.Object({ id: Type.String(), subject: Type.String(), state: TicketStateSchema, createdAt: Type.String({ format: 'date-time' }) }), { description: "The same customer's other tickets (by account, else e-mail), newest first, at most 20" }),
  }),
]);
export type AdminTicketDto = Static<typeof AdminTicketSchema>;

/** Filters of the agents' queue; `assignee=me` is the caller, `assignee=none` unassigned. */
export const AdminTicketQuery = Type.Object({
  state: Type.Optional(Type.Array(TicketStateSchema, { description: 'One or more states (default: every state but closed)' })),
  priority: Type.Optional(TicketPrioritySchema),
  category: Type.Optional(TicketCategorySchema),
  assignee: Type.Optional(Type.String({ maxLength: 64, description: 'A user id, `me` or `none`' })),
  team: Type.Optional(Type.String({ maxLength: 60 })),
  overdue: Type.Optional(Type.Boolean({ description: 'Only tickets past their SLA target' })),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Full-text search over subjects and messages, or a ticket id / e-mail' })),
  site: Type.Optional(siteCode('Only tickets opened on this site (a code); staff limited to some sites see only theirs')),
  ...pageQueryFields(),
});
export type AdminTicketQuery = Static<typeof AdminTicketQuery>;

/** A page of tickets. */
export const TicketPage = Type.Object({ data: Type.Array(TicketSummarySchema), pagination: Pagination });

/** Agent changes of a ticket (absent fields are kept; null clears assignee or team). */
export const TicketUpdateBody = Type.Object({
  state: Type.Optional(TicketStateSchema),
  category: Type.Optional(TicketCategorySchema),
  priority: Type.Optional(TicketPrioritySchema),
  assigneeId: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
  team: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 60 }))),
  tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 20 })),
}, { additionalProperties: false, minProperties: 1 });
export type TicketUpdateBody = Static<typeof TicketUpdateBody>;

/** An agent's message: a public reply (mailed to the customer) or an internal note; `state` moves the ticket in the same step (e.g. reply and set pending). */
export const AgentMessageBody = Type.Object({
  body: Type.String({ minLength: 1, maxLength: MAX_MESSAGE }),
  visibility: Type.Union([Type.Literal('public'), Type.Literal('internal')]),
  state: Type.Optional(TicketStateSchema),
}, { additionalProperties: false });

/** A customer's reply (JSON). */
export const CustomerReplyBody = Type.Object({ body: Type.String({ minLength: 1, maxLength: MAX_MESSAGE }) }, { additionalProperties: false });

/** Bulk action on up to 100 tickets: assign (user id or null) and/or close. */
export const BulkBody = Type.Object({
  ids: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 100, uniqueItems: true }),
  assigneeId: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
  state: Type.Optional(Type.Literal('closed')),
}, { additionalProperties: false, minProperties: 2 });

/**
 * An inbound mail, as a mail gateway posts it (signed: header `comptoir-signature`). `to`: the
 * addresses it was sent to (the reply address `support+<ticket>.<token>@…` is looked for there,
 * then in `references` / `inReplyTo`); `text`: the plain-text body (quoted history is cut at the
 * first line starting with `>` or "On … wrote:").
 */
export const InboundMailBody = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 200, description: 'The gateway\'s id of the mail (a replay is answered `duplicate: true`)' }),
  from: Type.String({ maxLength: 320 }),
  to: Type.Array(Type.String({ maxLength: 320 }), { minItems: 1, maxItems: 50 }),
  text: Type.String({ maxLength: MAX_MESSAGE * 2 }),
  messageId: Type.Optional(Type.String({ maxLength: 998 })),
  inReplyTo: Type.Optional(Type.String({ maxLength: 998 })),
  references: Type.Optional(Type.Array(Type.String({ maxLength: 998 }), { maxItems: 100 })),
}, { additionalProperties: false });
export type InboundMailBody = Static<typeof InboundMailBody>;

/** Ticket id (and attachment id) in the path. */
export const TicketParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
export const AttachmentParams = Type.Object({ id: Type.String({ maxLength: 64 }), attachmentId: Type.String({ maxLength: 64 }) });
/** A guest's access: the token of their link (`<expires>.<signature>`). */
export const TicketTokenHeaders = Type.Object({ 'x-ticket-token': Type.Optional(Type.String({ maxLength: 200 })) });
/** The same, for downloads a browser opens as a link. */
export const TicketTokenQuery = Type.Object({ token: Type.Optional(Type.String({ maxLength: 200 })), inline: Type.Optional(Type.Boolean()) });

/** A canned reply, in both languages. */
export const CannedReplySchema = Type.Object({ id: Type.String(), title: Type.String(), bodyEn: Type.String(), bodyFr: Type.String() });
export const CannedReplyBody = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 120 }),
  bodyEn: Type.String({ minLength: 1, maxLength: MAX_MESSAGE }),
  bodyFr: Type.String({ minLength: 1, maxLength: MAX_MESSAGE }),
}, { additionalProperties: false });

/** The public contact form. `website` is a honeypot (leave empty); `startedAt` is when the form was shown (ms since the epoch). */
export const ContactBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 120 }),
  email: Type.String({ maxLength: 320, format: 'email' }),
  topic: Type.Union([Type.Literal('order'), Type.Literal('return'), Type.Literal('product'), Type.Literal('other')]),
  message: Type.String({ minLength: 1, maxLength: 5000 }),
  orderNumber: Type.Optional(Type.String({ maxLength: 40 })),
  locale: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('fr')])),
  website: Type.Optional(Type.String({ maxLength: 200, description: 'Honeypot: leave empty' })),
  startedAt: Type.Integer({ minimum: 0, maximum: 2 ** 47, description: 'When the form was shown, ms since the epoch' }),
}, { additionalProperties: false });

/** A contact message in the back office. */
export const ContactMessageSchema = Type.Object({
  id: Type.String(), name: Type.String(), email: Type.String(),
  topic: Type.Union([Type.Literal('order'), Type.Literal('return'), Type.Literal('product'), Type.Literal('other')]),
  team: Type.String(), message: Type.String(), orderNumber: Nullable(Type.String()), locale: Type.Union([Type.Literal('en'), Type.Literal('fr')]),
  site: Type.String({ description: 'The site (code) whose contact form sent it' }),
  state: Type.Union([Type.Literal('new'), Type.Literal('answered'), Type.Literal('converted'), Type.Literal('closed')]),
  ticketId: Nullable(Type.String()), reply: Nullable(Type.String()), answeredAt: Nullable(Type.String({ format: 'date-time' })), createdAt: Type.String({ format: 'date-time' }),
});

/** Filters of the contact messages list. */
export const ContactListQuery = Type.Object({
  state: Type.Optional(Type.Union([Type.Literal('new'), Type.Literal('answered'), Type.Literal('converted'), Type.Literal('closed')])),
  team: Type.Optional(Type.String({ maxLength: 60 })),
  site: Type.Optional(siteCode('Only messages sent on this site (a code); staff limited to some sites see only theirs')),
  ...pageQueryFields(),
});
