import { Type } from '@sinclair/typebox';
import { badRequest } from '../errors.js';

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

/** Longest accepted first or last name, in characters. */
export const MAX_NAME_LENGTH = 60;

/**
 * One person's name as people write them: letters of any script with their marks, spaces,
 * apostrophes (' ’), hyphens and dots, with at least one letter; never a link (no `://`, no
 * `www.`, no dot followed by two letters as in `example.com`; "J. R. R." and "St. John" pass).
 */
const NAME_PATTERN = "(?!.*(?:://|www\\.|\\.\\p{L}{2}))(?=.*\\p{L})[\\p{L}\\p{M}'’ .-]+";

/**
 * A first or last name (see {@link NAME_PATTERN}), at most {@link MAX_NAME_LENGTH} characters:
 * shops greet customers with it in mails, so it must not carry links or markup. With
 * `emptyAllowed`, `""` is accepted too (a name being cleared).
 */
export const PersonName = (options: { emptyAllowed?: boolean; description?: string } = {}) =>
  Type.String({
    maxLength: MAX_NAME_LENGTH,
    ...(options.emptyAllowed ? {} : { minLength: 1 }),
    pattern: options.emptyAllowed ? `^(?:${NAME_PATTERN})?$` : `^${NAME_PATTERN}$`,
    description: options.description ?? `A name: letters, spaces, ' - . (at most ${MAX_NAME_LENGTH}); no links`,
  });

/**
 * A postal address on the wire (checkout, address book, order snapshots): names, street lines,
 * town, `region` (state, province or county: required in US, CA, AU, BR, MX, IN), postal code
 * (empty only in countries without postal codes, e.g. HK, AE), `country` ISO 3166-1 alpha-2 and
 * an optional phone. The shape only: the identity module checks and normalises it per country
 * (422 `IDENTITY.INVALID_ADDRESS` naming the field; postal code in the post's format, phone in
 * E.164).
 */
export const PostalAddress = Type.Object(
  {
    firstName: PersonName(),
    lastName: PersonName(),
    line1: Type.String({ minLength: 1, maxLength: 200 }),
    line2: Type.Optional(Type.String({ maxLength: 200 })),
    city: Type.String({ minLength: 1, maxLength: 100 }),
    region: Type.Optional(Type.String({ maxLength: 100, description: 'State, province or county (two-letter code in US and CA)' })),
    postalCode: Type.String({ maxLength: 20, description: "In the country's format; empty where the country has none" }),
    country: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' }),
    phone: Type.Optional(Type.String({ minLength: 3, maxLength: 30, pattern: '^[+0-9 ()./-]+$', description: 'Any common writing; stored in E.164 (`+442079460018`)' })),
  },
  { additionalProperties: false },
);

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

/** `POST …/notes` body: a staff note (1–2000 characters, stored trimmed; a blank note is refused: {@link staffNoteText}). */
export const StaffNoteBody = Type.Object(
  { body: Type.String({ minLength: 1, maxLength: 2000, description: 'The note; never shown to the customer (a blank one answers 400)' }) },
  { additionalProperties: false },
);

/** A staff note as the back office reads it: who wrote it (user id and name) and when (ISO 8601 UTC). */
export const StaffNote = Type.Object({
  id: Type.String(),
  body: Type.String(),
  author: Type.Union([Type.String(), Type.Null()], { description: 'User id of the staff member' }),
  authorName: Type.Union([Type.String(), Type.Null()], { description: 'Their name (or e-mail) when known' }),
  at: Type.String({ format: 'date-time' }),
});

/** `PUT …/tags` body: the whole set of staff tags (each 1–40 characters; stored lower case, unique, sorted). */
export const StaffTagsBody = Type.Object(
  { tags: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 20, description: 'Blank tags are dropped' }) },
  { additionalProperties: false },
);

/** Staff tags as stored: trimmed, inner spaces collapsed, lower case, unique, sorted; blank ones dropped. */
export function normalizeTags(tags: string[]): string[] {
  return [...new Set(tags.map((t) => t.trim().replace(/\s+/g, ' ').toLowerCase()).filter((t) => t.length > 0))].sort();
}

/**
 * The text of a staff note as stored (trimmed).
 * @throws 400 VALIDATION.FAILED (field `body`) when it is blank.
 */
export function staffNoteText(body: string): string {
  const text = body.trim();
  if (!text) throw badRequest('A note cannot be blank', [{ field: 'body', message: 'must not be blank' }]);
  return text;
}
