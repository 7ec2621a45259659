import { Type, type Static } from '@sinclair/typebox';
import { siteCode } from '../../platform/http/site.js';
import { pageQueryFields } from '../../platform/http/schemas.js';

const MAX_INT = 2_147_483_647;
const Id = Type.String({ minLength: 1, maxLength: 64 });
const Timestamp = Type.String({ format: 'date-time', maxLength: 40, description: 'ISO 8601 with a time zone; stored and answered in UTC' });
const PromotionTypeSchema = Type.Union([Type.Literal('percentage'), Type.Literal('fixed_amount'), Type.Literal('free_shipping')]);
const Code = Type.String({
  minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9][A-Za-z0-9_-]*$',
  description: 'Letters, digits, `-` and `_`; case-insensitive (stored upper-case)',
});
const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code of `value` (fixed amount) and `minSubtotal`; default GBP' });
const Value = Type.Integer({ minimum: 0, maximum: MAX_INT, description: 'Percent 1–100 (percentage), minor units > 0 (fixed_amount), 0 or absent (free_shipping)' });
const MinSubtotal = Type.Integer({ minimum: 0, maximum: MAX_INT, description: 'Minimum cart subtotal, minor units of `currency`' });
const UsageLimit = Type.Integer({ minimum: 1, maximum: MAX_INT, description: 'Total uses allowed (orders placed)' });
const PerCustomerLimit = Type.Integer({
  minimum: 1, maximum: 1_000_000,
  description: 'Uses allowed per customer, counted per account and per e-mail (lower-case, without plus-tag, without dots for Gmail): a use counts against both',
});
const RequiresAccount = Type.Boolean({ description: 'Only signed-in customers may use the code (a guest is answered 422 PROMOTIONS.ACCOUNT_REQUIRED)' });
const Skus = Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 1000, description: 'Only lines with these SKUs are eligible (with categoryIds: either matches); empty = no restriction' });
const CategoryIds = Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 200, description: 'Only lines in these categories (or below) are eligible; empty = no restriction' });

const Sites = Type.Array(siteCode(), { maxItems: 50, description: 'Codes of the sites the code may be used on; empty = every site (on another site: 409 PROMOTIONS.WRONG_SITE)' });

/** A promotion as the back office sees it, with its usage. Money in minor units of `currency`; times UTC. */
export const PromotionSchema = Type.Object({
  id: Type.String(),
  code: Type.String({ description: 'Upper-case' }),
  type: PromotionTypeSchema,
  value: Type.Integer(),
  currency: Type.String(),
  minSubtotal: Type.Union([Type.Integer(), Type.Null()]),
  startsAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  endsAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  usageLimit: Type.Union([Type.Integer(), Type.Null()]),
  perCustomerLimit: Type.Union([Type.Integer(), Type.Null()]),
  requiresAccount: Type.Boolean({ description: 'Only signed-in customers may use the code' }),
  skus: Type.Array(Type.String()),
  categoryIds: Type.Array(Type.String()),
  sites: Type.Array(Type.String(), { description: 'Codes of the sites the code may be used on; empty: every site' }),
  disabled: Type.Boolean(),
  disabledAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  timesUsed: Type.Integer({ description: 'Orders placed with the code (cancelled orders give their use back)' }),
  remaining: Type.Union([Type.Integer(), Type.Null()], { description: 'Uses left before the usage limit; null when unlimited' }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type PromotionDto = Static<typeof PromotionSchema>;

/** Body of `POST /api/admin/promotions`: `value` is a percent or minor units of `currency` (see the field docs). */
export const PromotionCreateBody = Type.Object(
  {
    code: Code,
    type: PromotionTypeSchema,
    value: Type.Optional(Value),
    currency: Type.Optional(Currency),
    minSubtotal: Type.Optional(MinSubtotal),
    startsAt: Type.Optional(Timestamp),
    endsAt: Type.Optional(Timestamp),
    usageLimit: Type.Optional(UsageLimit),
    perCustomerLimit: Type.Optional(PerCustomerLimit),
    requiresAccount: Type.Optional(RequiresAccount),
    skus: Type.Optional(Skus),
    categoryIds: Type.Optional(CategoryIds),
    sites: Type.Optional(Sites),
  },
  { additionalProperties: false },
);
export type PromotionCreateBody = Static<typeof PromotionCreateBody>;

/** Every setting but the code; `null` clears an optional one. */
export const PromotionUpdateBody = Type.Object(
  {
    type: Type.Optional(PromotionTypeSchema),
    value: Type.Optional(Value),
    currency: Type.Optional(Currency),
    minSubtotal: Type.Optional(Type.Union([MinSubtotal, Type.Null()])),
    startsAt: Type.Optional(Type.Union([Timestamp, Type.Null()])),
    endsAt: Type.Optional(Type.Union([Timestamp, Type.Null()])),
    usageLimit: Type.Optional(Type.Union([UsageLimit, Type.Null()])),
    perCustomerLimit: Type.Optional(Type.Union([PerCustomerLimit, Type.Null()])),
    requiresAccount: Type.Optional(RequiresAccount),
    skus: Type.Optional(Skus),
    categoryIds: Type.Optional(CategoryIds),
    sites: Type.Optional(Sites),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type PromotionUpdateBody = Static<typeof PromotionUpdateBody>;

/** Query of `GET /api/admin/promotions`: 1-based `page` (max 100 000), `limit` (max 100). */
export const PromotionListQuery = Type.Object({
  status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')], { description: '`active`: not disabled; `disabled`: disabled' })),
  q: Type.Optional(Type.String({ maxLength: 64, description: 'Substring of the code (case-insensitive)' })),
  site: Type.Optional(siteCode('Only promotions usable on this site (every-site ones included); staff limited to some sites: one of theirs (else 403 SITES.NOT_ALLOWED)')),
  ...pageQueryFields(),
});
export type PromotionListQuery = Static<typeof PromotionListQuery>;


/** One use of a promotion by an order. */
export const RedemptionSchema = Type.Object({
  id: Type.String(),
  orderId: Type.String(),
  customerKey: Type.Union([Type.String(), Type.Null()], { description: 'The user id, else the normalised e-mail' }),
  userId: Type.Union([Type.String(), Type.Null()], { description: 'The account the use counts against; null for a guest' }),
  emailKey: Type.Union([Type.String(), Type.Null()], { description: 'The normalised e-mail the use counts against (lower-case, no plus-tag, no Gmail dots)' }),
  status: Type.Union([Type.Literal('active'), Type.Literal('released')]),
  createdAt: Type.String({ format: 'date-time' }),
  releasedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type RedemptionDto = Static<typeof RedemptionSchema>;

/** Path parameters naming a promotion by id (`promo_…`). */
export const IdParams = Type.Object({ id: Id });
