/**
 * Events the notifications module consumes (it publishes none: nothing else reacts to a
 * notification being read or a mail being sent). Payload types come from the publishers' index.ts.
 */
import type { AnalyticsEvents } from '../analytics/index.js';
import type { IdentityEvents } from '../identity/index.js';
import type { OrderEvents } from '../orders/index.js';
import type { SupportEvents } from '../support/index.js';
import type { NewslettersEvents } from '../newsletters/index.js';

/** Event name → payload of every event notifications follows. */
export interface ConsumedEvents {
  /** → `welcome` mail. */
  'user.registered': IdentityEvents['user.registered'];
  /** → `verify_email` mail (the link is a bearer secret: it only goes to the user's address). */
  'user.email_verification_requested': IdentityEvents['user.email_verification_requested'];
  /** → `registration_attempt` mail to the owner of the existing account. */
  'user.registration_attempted': IdentityEvents['user.registration_attempted'];
  /** → `password_reset` mail (the link is a bearer secret: it only goes to the user's address). */
  'user.password_reset_requested': IdentityEvents['user.password_reset_requested'];
  /** → `order_confirmation` mail, `order_placed` in-app notification. */
  'order.placed': OrderEvents['order.placed'];
  /** → `order_shipped` mail, SMS when the shipping address has a phone, `order_shipped` in-app notification. */
  'order.shipped': OrderEvents['order.shipped'];
  /** → `order_delivered` mail. */
  'order.delivered': OrderEvents['order.delivered'];
  /** → `order_cancelled` mail, `order_cancelled` in-app notification (unless staff chose not to tell the customer). */
  'order.cancelled': OrderEvents['order.cancelled'];
  /** → `shipment_out_for_delivery` / `shipment_exception` mail (other statuses: nothing). */
  'order.shipment_tracked': OrderEvents['order.shipment_tracked'];
  /** → `order_refunded` mail, `order_refunded` in-app notification. */
  'order.refunded': OrderEvents['order.refunded'];
  /** → `scheduled_report` mail with the report attached (or linked when large). */
  'report.generated': AnalyticsEvents['report.generated'];
  /** → `support_ticket_opened` mail (with the guest's link), threaded as the ticket's first message. */
  'ticket.created': SupportEvents['ticket.created'];
  /** → `support_reply` mail with the text of an agent's public reply (customers' own messages send nothing). */
  'ticket.replied': SupportEvents['ticket.replied'];
  /** → `support_contact_received` acknowledgement. */
  'contact.received': SupportEvents['contact.received'];
  /** → `support_contact_reply` mail with staff's answer. */
  'contact.answered': SupportEvents['contact.answered'];
  /** → the person's in-app notifications and every mail to their address (by the address's hash) are deleted. */
  'user.erased': IdentityEvents['user.erased'];
  /** → `newsletter_confirm` mail with the double opt-in link. */
  'newsletter.confirmation_requested': NewslettersEvents['newsletter.confirmation_requested'];
}

/** Names of the consumed events, as subscribed on the relay. */
export const CONSUMED_EVENTS = [
  'user.registered', 'user.email_verification_requested', 'user.registration_attempted', 'user.password_reset_requested', 'order.placed', 'order.shipped', 'order.delivered', 'order.shipment_tracked', 'order.cancelled', 'order.refunded', 'report.generated',
  'ticket.created', 'ticket.replied', 'contact.received', 'contact.answered', 'user.erased', 'newsletter.confirmation_requested'] as const satisfies readonly (keyof ConsumedEvents)[];
