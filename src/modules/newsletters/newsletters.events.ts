/**
 * Events newsletters publishes through the outbox (name → payload schema); times ISO 8601 UTC.
 * Consumers: notifications (the double opt-in mail) and newsletters itself (a campaign started:
 * its sender is woken).
 */
import { Type } from '@sinclair/typebox';
import { defineEvents, type EventPayloads } from '../../platform/events/index.js';

const Locale = Type.Union([Type.Literal('en'), Type.Literal('fr')]);

/** Payload schemas of the newsletters events. */
export const newslettersEvents = defineEvents('newsletters', {
  'newsletter.confirmation_requested': Type.Object(
    {
      subscriberId: Type.String(), email: Type.String(), locale: Locale, site: Type.String(),
      link: Type.String({ description: 'The double opt-in link (a bearer secret: mail it to `email` only)' }),
    },
    { description: 'Someone asked to subscribe (→ confirmation mail with the link).' },
  ),
  'newsletter.subscription_changed': Type.Object(
    { subscriberId: Type.String(), email: Type.String(), site: Type.String(), status: Type.Union([Type.Literal('confirmed'), Type.Literal('unsubscribed')]), customerId: Type.Union([Type.String(), Type.Null()]) },
    { description: 'A subscription was confirmed or ended (per-site marketing consent).' },
  ),
  'newsletter.campaign_started': Type.Object(
    { campaignId: Type.String(), recipients: Type.Integer() },
    { description: 'A campaign\'s recipients were fixed and its sending began (→ the sender sends in batches at MAIL_RATE_PER_MINUTE).' },
  ),
});

/** Typed map of newsletters events (name → payload). */
export type NewslettersEvents = EventPayloads<typeof newslettersEvents>;

declare module '../../platform/events/types.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppEvents extends NewslettersEvents {}
}
