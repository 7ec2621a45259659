/** Request and response schemas of the newsletters routes (validation, types and OpenAPI from one source). */
import { Type } from '@sinclair/typebox';
import { pageQueryFields, Pagination } from '../../platform/http/schemas.js';
import { siteCode } from '../../platform/http/site.js';
import { RFM_SEGMENTS } from '../analytics/index.js';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Locale = Type.Union([Type.Literal('en'), Type.Literal('fr')]);
const Site = siteCode('Site code (default `default`)');
const Country = Type.String({ pattern: '^[A-Za-z]{2}$', minLength: 2, maxLength: 2, description: 'ISO 3166-1 alpha-2' });
const Email = Type.String({ minLength: 3, maxLength: 254 });
const Token = Type.String({ minLength: 10, maxLength: 200 });

/** `POST /api/newsletters/subscribe`. */
export const SubscribeBody = Type.Object({
  email: Email,
  locale: Type.Optional(Locale),
  country: Type.Optional(Country),
  site: Type.Optional(Site),
  consentText: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'The exact consent text shown next to the form (kept as proof)' })),
}, { additionalProperties: false });

/** A token in a JSON body. */
export const TokenBody = Type.Object({ token: Token }, { additionalProperties: false });
/** The one-click unsubscribe query: the token is checked by the handler (400 NEWSLETTERS.BAD_TOKEN when absent). */
export const OneClickQuery = Type.Object({ token: Type.Optional(Token), c: Type.Optional(Type.String({ maxLength: 40 })) });
/** A token in the query. */
export const TokenQuery = Type.Object({ token: Token, c: Type.Optional(Type.String({ maxLength: 40 })) });

/** A subscriber. */
export const SubscriberSchema = Type.Object({
  id: Type.String(), site: Type.String(), email: Type.String(), locale: Locale, country: Nullable(Type.String()), customerId: Nullable(Type.String()),
  status: Type.Union([Type.Literal('pending'), Type.Literal('confirmed'), Type.Literal('unsubscribed')]), source: Type.String(), softBounces: Type.Integer(),
  suppressed: Nullable(Type.String({ description: 'hard_bounce, complaint or manual when the address is suppressed' })),
  createdAt: Type.String(), confirmedAt: Nullable(Type.String()), unsubscribedAt: Nullable(Type.String()),
});

/** A subscriber with its consent proof. */
export const SubscriberDetailSchema = Type.Composite([SubscriberSchema, Type.Object({
  consents: Type.Array(Type.Object({
    action: Type.String(), at: Type.String(), ip: Nullable(Type.String()), userAgent: Nullable(Type.String()), site: Type.String(), locale: Type.String(), consentText: Nullable(Type.String()), source: Type.String(),
  })),
})]);

/** The public view of a subscription (signed link): no ids of other records. */
export const PublicSubscriptionSchema = Type.Object({ email: Type.String(), site: Type.String(), locale: Locale, status: Type.String() });

/** `PUT /api/newsletters/subscription?token=`. */
export const ManageBody = Type.Object({ locale: Locale }, { additionalProperties: false });

/** `GET|PUT /api/account/newsletter`. */
export const AccountQuery = Type.Object({ site: Type.Optional(Site) });
export const AccountBody = Type.Object({
  subscribed: Type.Boolean(), site: Type.Optional(Site), locale: Type.Optional(Locale),
  consentText: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
}, { additionalProperties: false });
export const AccountSchema = Type.Object({ subscription: Type.Union([SubscriberSchema, Type.Null()]) });

/** Subscriber list filters. */
export const SubscriberQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Part of the e-mail' })),
  status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('confirmed'), Type.Literal('unsubscribed')])),
  site: Type.Optional(Site),
  ...pageQueryFields(),
});
export const SubscriberExportQuery = Type.Omit(SubscriberQuery, ['page', 'limit']);
export const SubscriberPage = Type.Object({ data: Type.Array(SubscriberSchema), pagination: Pagination });

/** `POST /api/admin/newsletters/subscribers/import` query. */
export const ImportQuery = Type.Object({
  consentSource: Type.String({ minLength: 3, maxLength: 500, description: 'Where and how these people consented (kept as their consent proof)' }),
  site: Type.Optional(Site),
  locale: Type.Optional(Locale),
});
export const ImportReport = Type.Object({
  imported: Type.Integer(), updated: Type.Integer(),
  skipped: Type.Array(Type.Object({ line: Type.Integer(), email: Type.String(), reason: Type.String() })),
});

/** Segment criteria. */
export const Criteria = Type.Object({
  site: Type.Optional(Site),
  locale: Type.Optional(Locale),
  country: Type.Optional(Country),
  skus: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 100, description: 'Bought one of these SKUs' })),
  category: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Bought in this category (id or slug, descendants included)' })),
  neverOrdered: Type.Optional(Type.Boolean({ description: 'Never placed an order' })),
  rfmSegment: Type.Optional(Type.Union(RFM_SEGMENTS.map((s) => Type.Literal(s)), { description: 'Customers of this RFM segment over the last 365 days of sales (analytics; same rule as GET /api/admin/analytics/analyses/rfm)' })),
}, { additionalProperties: false });
export const ListBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 120 }), criteria: Criteria }, { additionalProperties: false });
export const ListSchema = Type.Object({ id: Type.String(), name: Type.String(), criteria: Criteria, subscribers: Type.Integer(), createdAt: Type.String() });

const Version = Type.Object({
  subject: Type.String({ minLength: 1, maxLength: 200 }),
  preheader: Type.String({ maxLength: 300 }),
  html: Type.String({ minLength: 1, maxLength: 200_000 }),
  text: Type.String({ minLength: 1, maxLength: 100_000 }),
}, { additionalProperties: false });
export const Content = Type.Object({ en: Version, fr: Version }, { additionalProperties: false });
export const CampaignBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }), listId: Type.String({ maxLength: 40 }), content: Content,
  tracking: Type.Optional(Type.Boolean({ description: 'Open pixel and click redirects (off by default; only when NEWSLETTER_TRACKING=true)' })),
}, { additionalProperties: false });
export const CampaignPatch = Type.Partial(CampaignBody, { additionalProperties: false });
export const CampaignSchema = Type.Object({
  id: Type.String(), name: Type.String(), listId: Type.String(), content: Content,
  status: Type.Union(['draft', 'scheduled', 'sending', 'sent', 'cancelled'].map((s) => Type.Literal(s))),
  tracking: Type.Boolean(), scheduledAt: Nullable(Type.String()), startedAt: Nullable(Type.String()), finishedAt: Nullable(Type.String()), createdAt: Type.String(),
  stats: Type.Record(Type.String(), Type.Integer(), { description: 'Recipients by status, plus opened and clicked' }),
});
export const CampaignPage = Type.Object({ data: Type.Array(CampaignSchema), pagination: Pagination });
export const IdParams = Type.Object({ id: Type.String({ maxLength: 40 }) });
export const PreviewQuery = Type.Object({ locale: Type.Optional(Locale) });
export const PreviewSchema = Type.Object({ subject: Type.String(), text: Type.String(), html: Type.String(), headers: Type.Record(Type.String(), Type.String()) });
export const TestSendBody = Type.Object({ email: Email, locale: Type.Optional(Locale) }, { additionalProperties: false });
export const ScheduleBody = Type.Object({ at: Type.Optional(Type.String({ format: 'date-time', maxLength: 40, description: 'When to start (UTC ISO 8601); absent: now' })) }, { additionalProperties: false });
export const RecipientQuery = Type.Object({
  status: Type.Optional(Type.Union(['pending', 'sending', 'sent', 'failed', 'skipped', 'bounced'].map((s) => Type.Literal(s)))),
  ...pageQueryFields(),
});
export const RecipientPage = Type.Object({
  data: Type.Array(Type.Object({
    subscriberId: Type.String(), email: Type.String(), locale: Type.String(), status: Type.String(), sentAt: Nullable(Type.String()), error: Nullable(Type.String()),
    openedAt: Nullable(Type.String()), clickedAt: Nullable(Type.String()),
  })),
  pagination: Pagination,
});

/** `POST /api/newsletters/webhooks/mail-events` (signed). */
export const MailEventBody = Type.Object({
  type: Type.Union([Type.Literal('bounce'), Type.Literal('complaint'), Type.Literal('unsubscribe')]),
  email: Email,
  bounce: Type.Optional(Type.Union([Type.Literal('hard'), Type.Literal('soft')])),
  campaignId: Type.Optional(Type.String({ maxLength: 40 })),
  detail: Type.Optional(Type.String({ maxLength: 1000 })),
}, { additionalProperties: false });
export const TrackQuery = Type.Object({ t: Type.String({ maxLength: 200 }), u: Type.Optional(Type.String({ maxLength: 2000 })), s: Type.Optional(Type.String({ maxLength: 100 })) });
