/**
 * Events support publishes through the outbox (name → payload schema); times ISO 8601 UTC.
 * Consumers: notifications (mail to the customer), analytics and the back office (later).
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { defineEvents, type EventPayloads } from '../../platform/events/index.js';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** A ticket as events carry it (no messages). */
export const TicketSnapshot = Type.Object({
  id: Type.String(),
  subject: Type.String(),
  category: Type.String(),
  state: Type.String(),
  priority: Type.String(),
  customerId: Nullable(Type.String()),
  email: Type.String(),
  locale: Type.Union([Type.Literal('en'), Type.Literal('fr')]),
  orderId: Nullable(Type.String()),
  assigneeId: Nullable(Type.String()),
  team: Nullable(Type.String()),
  /** The site (code) it was opened on; absent in events published before tickets had one (the default site). */
  site: Type.Optional(Type.String()),
  createdAt: Type.String(),
});
export type TicketSnapshot = Static<typeof TicketSnapshot>;

/** A contact message as events carry it (not its text). */
export const ContactSnapshot = Type.Object({
  id: Type.String(), name: Type.String(), email: Type.String(), topic: Type.String(), team: Type.String(), locale: Type.Union([Type.Literal('en'), Type.Literal('fr')]),
  /** The site (code) whose form sent it; absent in events published before messages had one (the default site). */
  site: Type.Optional(Type.String()),
});

/** How a mail about a ticket threads: its own `Message-ID`, the one it answers and the whole chain (`<…@host>` form), and the `Reply-To` carrying the reply token. */
export const MailThread = Type.Object({
  messageId: Type.String(),
  inReplyTo: Nullable(Type.String()),
  references: Type.Array(Type.String()),
  replyTo: Type.String(),
});
export type MailThread = Static<typeof MailThread>;

/** Payload schemas of the support events. */
export const supportEvents = defineEvents('support', {
  'ticket.created': Type.Object(
    {
      ticket: TicketSnapshot, message: Type.String(), mail: MailThread,
      guestLink: Nullable(Type.String({ description: 'A guest\'s expiring link to the ticket (a bearer secret: mail it to `ticket.email` only); null for a customer' })),
    },
    { description: 'A ticket was opened (→ confirmation mail).' },
  ),
  'ticket.replied': Type.Object(
    {
      ticket: TicketSnapshot, messageId: Type.String(), body: Type.String(), authorType: Type.Union([Type.Literal('customer'), Type.Literal('agent')]),
      via: Type.Union([Type.Literal('web'), Type.Literal('mail')]), mail: MailThread,
      guestLink: Nullable(Type.String({ description: 'A fresh expiring link for a guest (bearer secret: mail it to the guest only)' })),
    },
    { description: 'A public message was added (an agent\'s → mail to the customer with its text). Internal notes publish nothing.' },
  ),
  'ticket.updated': Type.Object(
    { ticket: TicketSnapshot, actor: Type.String(), changes: Type.Array(Type.Object({ field: Type.String(), from: Nullable(Type.String()), to: Nullable(Type.String()) })) },
    { description: 'State, category, priority, assignee, team or tags changed, or a return (RMA) was made or received from it (field `return`); one event per change set.' },
  ),
  'contact.received': Type.Object(
    { contact: ContactSnapshot },
    { description: 'A contact form message was stored (→ acknowledgement mail, which never repeats what was written).' },
  ),
  'contact.answered': Type.Object(
    { contact: ContactSnapshot, body: Type.String() },
    { description: 'Staff answered a contact message (→ mail with the answer).' },
  ),
});

/** Typed map of support events (name → payload). */
export type SupportEvents = EventPayloads<typeof supportEvents>;

declare module '../../platform/events/types.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppEvents extends SupportEvents {}
}
