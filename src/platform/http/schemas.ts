import { Type } from '@sinclair/typebox';

/**
 * Money on the wire: `amount` in integer minor units (pence, cents; 0 to 2 147 483 647, the
 * PostgreSQL `integer` range) and `currency` as an ISO 4217 code (three capital letters).
 */
export const Money = Type.Object(
  {
    amount: Type.Integer({ minimum: 0, maximum: 2_147_483_647, description: 'Minor units (pence, cents)' }),
    currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code, e.g. GBP' }),
  },
  { additionalProperties: false },
);

/** Largest value of a PostgreSQL `integer` column: the bound of every amount, count and quantity in the API. */
export const MAX_INT32 = 2_147_483_647;

/**
 * A money bound in a query string (`?minPrice=`, `?maxTotal=`): integer minor units from 0 to
 * {@link MAX_INT32}. Anything else (larger, negative, fractional, not a number) answers 400
 * VALIDATION.FAILED instead of reaching the database.
 */
export const MinorUnitsQuery = (description = 'Minor units (pence, cents), 0 to 2 147 483 647') =>
  Type.Integer({ minimum: 0, maximum: MAX_INT32, description });

/** Pagination of a list answer `{ data, pagination }`: `total` matching rows, `limit` per page, 1-based `page`. */
export const Pagination = Type.Object({ total: Type.Integer(), limit: Type.Integer(), page: Type.Integer() });

/** Tuning of {@link pageQueryFields}. */
export interface PageQueryOptions {
  /** Page size when `limit` is absent (default 20). */
  defaultLimit?: number;
  /** Highest page number accepted (default 100 000). */
  maxPage?: number;
}

/**
 * The page query parameters of a list route, to spread into its querystring schema: `page`
 * (1-based, default 1) and `limit` (1 to 100). Absent parameters take their defaults; others
 * out of range answer 400.
 */
export function pageQueryFields(options: PageQueryOptions = {}) {
  return {
    page: Type.Integer({ minimum: 1, maximum: options.maxPage ?? 100_000, default: 1, description: '1-based page number (default 1)' }),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: options.defaultLimit ?? 20, description: `Page size, 1–100 (default ${options.defaultLimit ?? 20})` }),
  };
}

/** A querystring of just the page parameters (`?page=2&limit=50`; limit default 20). */
export const PageQuery = Type.Object(pageQueryFields());
