import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ProblemSchema } from '../../platform/http/problem.js';
import { siteCode } from '../../platform/http/site.js';
import { Pagination, pageQueryFields, PersonName, PostalAddress } from '../../platform/http/schemas.js';
import type { RoleName } from './identity.contract.js';
import { ROLE_NAMES } from './domain/roles.js';
import { EMAIL_MAX_LENGTH, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './domain/credentials.js';

/**
 * Request and response schemas of the identity routes: validation, TypeScript types and the
 * OpenAPI document from one source. Request bodies reject unknown fields.
 */

/** A string enum rendered as `{ type: 'string', enum: [...] }` (clearer errors and OpenAPI than anyOf). */
function StringEnum<T extends string>(values: readonly T[], options: { description?: string } = {}) {
  return Type.Unsafe<T>({ type: 'string', enum: [...values], ...options });
}

/** `T` or null. */
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** Problem document reference for error responses. */
export const Problem = Type.Ref(ProblemSchema.$id as string);

/** A role name. */
export const RoleSchema = StringEnum<RoleName>(ROLE_NAMES, { description: 'Role name; see the role → permission table in the docs' });
/** A UI locale. */
export const LocaleSchema = StringEnum(['en', 'fr'] as const, { description: 'UI and email language' });

/** A user as the API shows it (identity.contract.ts `UserDto`). */
export const UserSchema = Type.Object(
  {
    id: Type.String({ description: 'User id (`usr_…`)' }),
    email: Nullable(Type.String({ description: 'Lowercased email; null for imported customers' })),
    firstName: Nullable(Type.String()),
    lastName: Nullable(Type.String()),
    roles: Type.Array(RoleSchema),
    sites: Nullable(Type.Array(Type.String(), { description: 'Staff limited to these sites\' back office (codes); null: every site' })),
    country: Nullable(Type.String({ description: 'ISO 3166-1 alpha-2 or a country name from imported data' })),
    locale: LocaleSchema,
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { description: 'A user (never the password hash)' },
);

const Name = PersonName({ emptyAllowed: true });

/** A new password: its length is checked here (400), its strength by the service (422 `IDENTITY.WEAK_PASSWORD`). */
const NewPassword = Type.String({
  minLength: PASSWORD_MIN_LENGTH,
  maxLength: PASSWORD_MAX_LENGTH,
  description: `At least ${PASSWORD_MIN_LENGTH} characters, and not a common, breached or easily guessed password (else 422 \`IDENTITY.WEAK_PASSWORD\`)`,
});

/** `POST /api/auth/register` body. */
export const RegisterBody = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: EMAIL_MAX_LENGTH, description: 'Stored trimmed and lowercased; unique' }),
    password: NewPassword,
    firstName: Type.Optional(Name),
    lastName: Type.Optional(Name),
    locale: Type.Optional({ ...LocaleSchema, description: 'Language of the account (its mails and notifications): the site language it was made on; default `en`' }),
  },
  { additionalProperties: false },
);

/** `POST /api/auth/login` body. Any string is accepted so unknown and malformed emails get the same 401. */
export const LoginBody = Type.Object(
  {
    email: Type.String({ minLength: 1, maxLength: EMAIL_MAX_LENGTH }),
    password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }),
  },
  { additionalProperties: false },
);

/** `POST /api/auth/refresh` and `/logout` body: the token, or `{}` when the browser's refresh-token cookie carries it. */
export const RefreshBody = Type.Object(
  {
    refreshToken: Type.Optional(
      Type.String({ minLength: 1, maxLength: 512, description: 'The refresh token from register, login or a previous refresh; leave it out to use the refresh-token cookie (then the x-csrf-token header is required)' }),
    ),
  },
  { additionalProperties: false },
);

/** The answer to a request whose outcome is told by mail only (registration, password-reset request): always the same. */
export const AcceptedResponse = Type.Object(
  {
    status: Type.Literal('accepted'),
    detail: Type.String({ description: 'What to expect, for people' }),
  },
  { description: 'Accepted; the same answer whether or not the address has an account' },
);

/** `POST /api/auth/verify-email` body. */
export const VerifyEmailBody = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 2048, description: 'The token of the mailed verification link' }) },
  { additionalProperties: false },
);

/** `POST /api/auth/password-reset/request` body. */
export const PasswordResetRequestBody = Type.Object(
  { email: Type.String({ minLength: 1, maxLength: EMAIL_MAX_LENGTH, description: 'The account email; any string is accepted and answered the same' }) },
  { additionalProperties: false },
);

/** `POST /api/auth/password-reset` body. */
export const PasswordResetBody = Type.Object(
  {
    token: Type.String({ minLength: 1, maxLength: 2048, description: 'The token of the mailed reset link' }),
    password: NewPassword,
  },
  { additionalProperties: false },
);

/** `POST /api/users/me/password` body. */
export const PasswordChangeBody = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }),
    newPassword: NewPassword,
  },
  { additionalProperties: false },
);

/** A signed-in session. */
export const AuthResponse = Type.Object({
  user: UserSchema,
  accessToken: Type.String({ description: 'Bearer access token (JWT) carrying roles and permissions' }),
  refreshToken: Type.Optional(
    Type.String({ description: 'Opaque single-use refresh token; every refresh returns a new one. Absent in cookie mode (the request carried x-csrf-token): the token is then in the HttpOnly refresh-token cookie' }),
  ),
  expiresIn: Type.Integer({ description: 'Access token lifetime in seconds' }),
});

/** `PATCH /api/users/me` body: absent keeps a field, `null` clears a name. */
export const ProfilePatchBody = Type.Object(
  { firstName: Type.Optional(Nullable(Name)), lastName: Type.Optional(Nullable(Name)), locale: Type.Optional(LocaleSchema) },
  { additionalProperties: false },
);

const { page, limit } = pageQueryFields();

/** The sorts of the back-office user list. */
export const USER_SORT_NAMES = ['newest', 'oldest', 'email', '-email', 'name', '-name'] as const;
/** A sort of the back-office user list. */
export type UserSort = (typeof USER_SORT_NAMES)[number];
const UserSortSchema = Type.Union(USER_SORT_NAMES.map((n) => Type.Literal(n)), { description: 'Created (`newest`, default; `oldest`), `email` or `name` (last name); `-`: descending' });

/** `GET /api/admin/users` query string. */
export const UserListQuerystring = Type.Object(
  {
    page: Type.Optional(page),
    limit: Type.Optional(limit),
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Case-insensitive substring of the email or name' })),
    role: Type.Optional(RoleSchema),
    sort: Type.Optional(UserSortSchema),
  },
  { additionalProperties: false },
);

/** `GET /api/admin/users/export` query string: the list's filters and sort, no page. */
export const UserExportQuerystring = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Case-insensitive substring of the email or name' })),
    role: Type.Optional(RoleSchema),
    sort: Type.Optional(UserSortSchema),
  },
  { additionalProperties: false },
);

/** A page of users. */
export const UserPageSchema = Type.Object({
  data: Type.Array(UserSchema),
  pagination: Pagination,
});

/** `{id}` path parameter. */
export const UserIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, description: 'User id (`usr_…`)' }) });

/** `PATCH /api/admin/users/{id}` body: the new roles, the sites the user is limited to, or both. */
export const AccessBody = Type.Object(
  {
    roles: Type.Optional(Type.Array(RoleSchema, { minItems: 1, maxItems: ROLE_NAMES.length, uniqueItems: true, description: 'The complete new role list' })),
    sites: Type.Optional(Nullable(Type.Array(siteCode(), { minItems: 1, maxItems: 50, uniqueItems: true, description: 'Limit the user\'s back office to these sites (codes); null: every site' }))),
  },
  { additionalProperties: false, minProperties: 1 },
);

const AddressBookFields = {
  ...PostalAddress.properties,
  label: Type.Optional(Nullable(Type.String({ maxLength: 60, description: 'The customer\'s name for it ("Home", "Office")' }))),
  defaultShipping: Type.Optional(Type.Boolean({ description: 'Make it the default shipping address (the previous default stops being it)' })),
  defaultBilling: Type.Optional(Type.Boolean({ description: 'Make it the default billing address (the previous default stops being it)' })),
};

/**
 * `POST /api/users/me/addresses` body: a postal address with its label and default flags. The
 * customer's first address becomes both defaults unless a flag says `false`.
 */
export const AddressCreateBody = Type.Object(AddressBookFields, { additionalProperties: false });

/** `PATCH /api/users/me/addresses/{id}` body: absent fields are kept; the merged address is checked again. */
export const AddressPatchBody = Type.Partial(Type.Object(AddressBookFields), { additionalProperties: false });

/** A saved address as the API shows it (identity.contract.ts `SavedAddressDto`). */
export const SavedAddressSchema = Type.Object(
  {
    id: Type.String({ description: 'Address id (`adr_…`)' }),
    label: Nullable(Type.String()),
    firstName: Type.String(),
    lastName: Type.String(),
    line1: Type.String(),
    line2: Type.Optional(Type.String()),
    city: Type.String(),
    region: Type.Optional(Type.String()),
    postalCode: Type.String(),
    country: Type.String({ description: 'ISO 3166-1 alpha-2' }),
    phone: Type.Optional(Type.String({ description: 'E.164' })),
    defaultShipping: Type.Boolean(),
    defaultBilling: Type.Boolean(),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { description: 'A saved postal address, normalised for its country' },
);

/** The address book: every saved address, defaults first, then newest. */
export const AddressListSchema = Type.Object({ data: Type.Array(SavedAddressSchema) });

/** `{id}` path parameter of an address. */
export const AddressIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, description: 'Address id (`adr_…`)' }) });

/** Type of a valid {@link AddressCreateBody}. */
export type AddressCreateBody = Static<typeof AddressCreateBody>;
/** Type of a valid {@link AddressPatchBody}. */
export type AddressPatchBody = Static<typeof AddressPatchBody>;

/** Type of a valid {@link RegisterBody}. */
export type RegisterBody = Static<typeof RegisterBody>;
/** Type of a valid {@link LoginBody}. */
export type LoginBody = Static<typeof LoginBody>;
/** Type of a valid {@link ProfilePatchBody}. */
export type ProfilePatchBody = Static<typeof ProfilePatchBody>;
/** Type of a valid {@link UserListQuerystring} (defaults applied by the validator). */
export type UserListQuerystring = Static<typeof UserListQuerystring>;
