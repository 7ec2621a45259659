import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '../../platform/auth.js';
import type { Config } from '../../platform/config.js';
import type { Database } from '../../platform/db/index.js';
import { AppError, badRequest, unauthorized } from '../../platform/errors.js';
import type { HttpServer } from '../../platform/http/server.js';
import { StaffNote, StaffNoteBody, StaffTagsBody } from '../../platform/http/schemas.js';
import { CsvResponse, EXPORT_BATCH_SIZE, sendCsv } from '../../platform/http/csv.js';
import { clearRefreshCookie, csrfCheck, deliverSession, refreshTokenCookie, wantsCookieSession } from '../../platform/http/session.js';
import type { IdentityService } from './identity.service.js';
import { tokenRevoked } from './identity.errors.js';
import {
  AcceptedResponse,
  AddressCreateBody,
  AddressIdParams,
  AddressListSchema,
  AddressPatchBody,
  SavedAddressSchema,
  AuthResponse,
  LoginBody,
  PasswordChangeBody,
  PasswordResetBody,
  PasswordResetRequestBody,
  Problem,
  ProfilePatchBody,
  RefreshBody,
  RegisterBody,
  AccessBody,
  UserIdParams,
  UserExportQuerystring,
  UserListQuerystring,
  UserPageSchema,
  UserSchema,
  VerifyEmailBody,
} from './identity.schemas.js';

/** What the identity routes need. */
export interface IdentityRoutesDeps {
  /** The domain logic the handlers call. */
  service: IdentityService;
  /** Handlers run on `database.db`; the service opens transactions where it needs them. */
  database: Database;
  /** Read for `authRateLimitPerMinute`. */
  config: Config;
}

/** Columns of the users CSV export. */
const USER_CSV_HEADER = ['id', 'email', 'first_name', 'last_name', 'roles', 'country', 'locale', 'email_verified', 'source', 'created_at'];
const tags = ['identity'];

/**
 * Runs `work`; when it throws an error carrying `retryAfter` (seconds: the login throttle's 429),
 * sets the `Retry-After` header before the error is answered.
 */
async function withRetryAfter<T>(reply: FastifyReply, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const retryAfter = err instanceof AppError ? err.extensions?.retryAfter : undefined;
    if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
    throw err;
  }
}

/** The signed-in principal; the platform has already rejected anonymous calls to these routes. */
function principal(request: FastifyRequest): AuthUser {
  if (!request.user) throw unauthorized();
  return request.user;
}

/** The one answer of registration and password-reset requests. */
const ACCEPTED = {
  register: { status: 'accepted' as const, detail: 'If this address can be used, we have sent a message to it: follow its link to finish.' },
  reset: { status: 'accepted' as const, detail: 'If an account has this address, we have sent it a link to choose a new password.' },
};

/**
 * Registers the identity HTTP API:
 * - `/api/auth/{register,verify-email,login,refresh,logout,logout-everywhere}` and
 *   `/api/auth/password-reset[/request]`: sign-up with e-mail verification, sign-in (throttled per
 *   account), token rotation, sign-out, password reset by mail; rate-limited per client IP
 *   (`config.authRateLimitPerMinute` per route and minute);
 * - `/api/users/me`: the signed-in user's profile; `/api/users/me/addresses…`: their address book;
 * - `/api/admin/users…`: back-office user management (`users:read`, `users:write`);
 * - a hook refusing, on every route that needs a permission (the back office), an access token
 *   whose token version is older than its user's (401 `AUTH.TOKEN_REVOKED`).
 */
export function identityRoutes(server: HttpServer, { service, database, config }: IdentityRoutesDeps): void {
  const db = database.db;
  const rateLimit = { max: config.authRateLimitPerMinute, timeWindow: '1 minute' };
  const authErrors = { 400: Problem, 401: Problem, 429: Problem };
  // Browser sessions (platform/http/session.ts): a request with x-csrf-token gets the refresh token
  // as a cookie; refresh and logout without a body token use the cookie and need the CSRF proof.
  const ttl = config.refreshTokenTtlSeconds;
  const csrfWhenAsked = csrfCheck(wantsCookieSession);
  const usesCookie = (request: FastifyRequest) => !(request.body as { refreshToken?: string }).refreshToken && !!refreshTokenCookie(request);
  const csrfWhenCookie = csrfCheck(usesCookie);
  const cookieModeNote = ' Browsers send the `x-csrf-token` header (GET /api/auth/csrf): the refresh token is then set in an HttpOnly cookie and left out of the answer.';

  // Runs after the platform's authentication hook (registered earlier), so request.user is set.
  // A subject identity does not know (an erased customer, who held no permission; service tokens
  // signed with the secret) has no version to compare and is left to the signature check.
  server.addHook('onRequest', async (request) => {
    const routeConfig = request.routeOptions.config as { permission?: string };
    if (!routeConfig.permission || !request.user) return;
    const current = await service.tokenVersionOf(db, request.user.id);
    if (current !== null && current !== (request.user.tokenVersion ?? 0)) throw tokenRevoked();
  });

  server.post(
    '/api/auth/register',
    {
      config: { rateLimit },
      preHandler: csrfWhenAsked,
      schema: {
        summary: 'Sign up: create a customer account and mail a verification link',
        description:
          'Answers 202 with the same body whether or not the address already has an account (no account enumeration). A new address gets an unverified account (`user.registered`) and a verification link by mail (`user.email_verification_requested`); it can sign in once verified. The owner of an existing address is told by mail that someone tried (`user.registration_attempted`). Passwords that are common, breached-list-like or built from the email or name answer 422 `IDENTITY.WEAK_PASSWORD`.',
        tags,
        body: RegisterBody,
        response: { 202: AcceptedResponse, 400: Problem, 422: Problem, 429: Problem },
      },
    },
    async (request, reply) => {
      await service.register(db, request.body);
      return reply.status(202).send(ACCEPTED.register);
    },
  );

  server.post(
    '/api/auth/verify-email',
    {
      config: { rateLimit },
      schema: {
        summary: 'Verify an email address with the mailed link’s token',
        description: 'Idempotent. A malformed, forged or expired token answers 400 `IDENTITY.INVALID_LINK`.',
        tags,
        body: VerifyEmailBody,
        response: { 204: Type.Null({ description: 'Verified; the account can sign in' }), 400: Problem, 429: Problem },
      },
    },
    async (request, reply) => {
      await service.verifyEmail(db, request.body.token);
      return reply.status(204).send(null);
    },
  );

  server.post(
    '/api/auth/login',
    {
      config: { rateLimit },
      preHandler: csrfWhenAsked,
      schema: {
        summary: 'Sign in with email and password',
        description:
          'Wrong password, unknown email and accounts without a password all answer 401 `AUTH.INVALID_CREDENTIALS`. After `LOGIN_MAX_FAILURES` consecutive failures for one email the account is locked for a while (doubling with each further failure): 429 `AUTH.TOO_MANY_FAILED_LOGINS` with `Retry-After`, even with the right password. The right password for an address not yet verified answers 403 `AUTH.EMAIL_NOT_VERIFIED`.' + cookieModeNote,
        tags,
        body: LoginBody,
        response: { 200: AuthResponse, 403: Problem, ...authErrors },
      },
    },
    async (request, reply) => deliverSession(request, reply, await withRetryAfter(reply, () => service.login(db, request.body)), ttl),
  );

  server.post(
    '/api/auth/password-reset/request',
    {
      config: { rateLimit },
      schema: {
        summary: 'Ask for a password-reset link by mail',
        description: 'Answers 202 with the same body whether or not an account has this address; when one has, a single-use link valid one hour is mailed (`user.password_reset_requested`).',
        tags,
        body: PasswordResetRequestBody,
        response: { 202: AcceptedResponse, 400: Problem, 429: Problem },
      },
    },
    async (request, reply) => {
      await service.requestPasswordReset(db, request.body.email);
      return reply.status(202).send(ACCEPTED.reset);
    },
  );

  server.post(
    '/api/auth/password-reset',
    {
      config: { rateLimit },
      schema: {
        summary: 'Set a new password with the mailed reset link’s token',
        description:
          'The link works once (400 `IDENTITY.INVALID_LINK` afterwards, or when forged or expired). The address counts as verified; every session of the account is signed out (refresh tokens revoked, token version bumped). Weak passwords answer 422 `IDENTITY.WEAK_PASSWORD`.',
        tags,
        body: PasswordResetBody,
        response: { 204: Type.Null({ description: 'Password changed; sign in with it' }), 400: Problem, 422: Problem, 429: Problem },
      },
    },
    async (request, reply) => {
      await service.resetPassword(db, request.body.token, request.body.password);
      return reply.status(204).send(null);
    },
  );

  server.post(
    '/api/auth/logout-everywhere',
    {
      config: { auth: 'required', rateLimit },
      schema: {
        summary: 'Sign out on every device',
        description: 'Revokes every refresh token of the signed-in user and bumps their token version: access tokens already issued stop working on back-office routes at once (401 `AUTH.TOKEN_REVOKED`), elsewhere when they expire.',
        tags,
        response: { 204: Type.Null({ description: 'Signed out everywhere' }), 401: Problem, 404: Problem, 429: Problem },
      },
    },
    async (request, reply) => {
      await service.logoutEverywhere(db, principal(request).id);
      return reply.status(204).send(null);
    },
  );

  server.post(
    '/api/auth/refresh',
    {
      config: { rateLimit },
      preHandler: csrfWhenCookie,
      schema: {
        summary: 'Rotate a refresh token',
        description:
          'Returns a new access token and a new refresh token; the presented one becomes used. Presenting a used token answers 401 `AUTH.INVALID_REFRESH_TOKEN` and revokes every token descended from the same sign-in. ' +
          'The token comes from the body, or else from the refresh-token cookie: then the `x-csrf-token` header must hold the token of GET /api/auth/csrf (403 `AUTH.CSRF_REJECTED` otherwise) and the new refresh token is set in the cookie, not answered.',
        tags,
        body: RefreshBody,
        response: { 200: AuthResponse, 403: Problem, ...authErrors },
      },
    },
    async (request, reply) => {
      const fromBody = request.body.refreshToken;
      const token = fromBody ?? refreshTokenCookie(request);
      if (!token) throw badRequest('Send the refresh token in the body, or the refresh-token cookie', [{ field: 'body/refreshToken', message: 'is required when no refresh-token cookie is sent' }]);
      try {
        return deliverSession(request, reply, await service.refresh(db, token), ttl, !fromBody);
      } catch (err) {
        if (!fromBody) clearRefreshCookie(reply);
        throw err;
      }
    },
  );

  server.post(
    '/api/auth/logout',
    {
      config: { rateLimit },
      preHandler: csrfWhenCookie,
      schema: {
        summary: 'Sign out',
        description:
          'Revokes the refresh token (from the body, or else from the refresh-token cookie with the `x-csrf-token` header, which is then cleared) and every token of its family. Idempotent: unknown or absent tokens also answer 204.',
        tags,
        body: RefreshBody,
        response: { 204: Type.Null({ description: 'Signed out' }), 400: Problem, 403: Problem, 429: Problem },
      },
    },
    async (request, reply) => {
      const fromBody = request.body.refreshToken;
      const token = fromBody ?? refreshTokenCookie(request);
      if (token) await service.logout(db, token);
      if (!fromBody) clearRefreshCookie(reply);
      return reply.status(204).send(null);
    },
  );

  server.get(
    '/api/users/me',
    {
      config: { auth: 'required' },
      schema: { summary: 'The signed-in user', tags, response: { 200: UserSchema, 401: Problem, 404: Problem } },
    },
    async (request) => service.requireUser(db, principal(request).id),
  );

  server.patch(
    '/api/users/me',
    {
      config: { auth: 'required' },
      schema: {
        summary: 'Update the signed-in user’s profile',
        description: 'Absent fields are kept; `null` clears a name.',
        tags,
        body: ProfilePatchBody,
        response: { 200: UserSchema, 400: Problem, 401: Problem, 404: Problem },
      },
    },
    async (request) => service.updateProfile(db, principal(request).id, request.body),
  );

  server.post(
    '/api/users/me/password',
    {
      config: { auth: 'required', rateLimit },
      schema: {
        summary: 'Change the signed-in user’s password',
        description:
          'Needs the current password (401 `AUTH.INVALID_CREDENTIALS`; failures count in the account’s login throttle, 429). Every other session ends (refresh tokens revoked, token version bumped); the answer is a new session for this device. Weak passwords answer 422 `IDENTITY.WEAK_PASSWORD`.' + cookieModeNote,
        tags,
        body: PasswordChangeBody,
        response: { 200: AuthResponse, 400: Problem, 401: Problem, 404: Problem, 422: Problem, 429: Problem },
      },
    },
    async (request, reply) =>
      deliverSession(request, reply, await withRetryAfter(reply, () => service.changePassword(db, principal(request).id, request.body.currentPassword, request.body.newPassword)), ttl),
  );

  const book = service.addresses;
  const addressNote = ' Addresses are checked for their country (postal-code format, required fields such as the US state, phone number) and normalised (postal code in the post\'s spacing and case, phone in E.164): a failure answers 422 `IDENTITY.INVALID_ADDRESS` with `errors[]` naming each field (`body/postalCode`).';
  server.get(
    '/api/users/me/addresses',
    {
      config: { auth: 'required' },
      schema: { summary: 'The signed-in customer’s address book (defaults first, then newest)', tags, response: { 200: AddressListSchema, 401: Problem } },
    },
    async (request) => ({ data: await book.list(db, principal(request).id) }),
  );

  server.post(
    '/api/users/me/addresses',
    {
      config: { auth: 'required' },
      schema: {
        summary: 'Save an address in the signed-in customer’s address book',
        description: 'The first address becomes the default shipping and billing address unless a flag says `false`; a flag `true` takes the default from the address that had it.' + addressNote,
        tags, body: AddressCreateBody, response: { 201: SavedAddressSchema, 400: Problem, 401: Problem, 404: Problem, 422: Problem },
      },
    },
    async (request, reply) => reply.status(201).send(await book.create(db, principal(request).id, request.body)),
  );

  server.get(
    '/api/users/me/addresses/:id',
    {
      config: { auth: 'required' },
      schema: { summary: 'One address of the signed-in customer (another customer’s answers 404)', tags, params: AddressIdParams, response: { 200: SavedAddressSchema, 401: Problem, 404: Problem } },
    },
    async (request) => book.get(db, principal(request).id, request.params.id),
  );

  server.patch(
    '/api/users/me/addresses/:id',
    {
      config: { auth: 'required' },
      schema: {
        summary: 'Change an address of the signed-in customer',
        description: 'Absent fields are kept and the merged address is checked again; `defaultShipping`/`defaultBilling` `true` take the default from the address that had it. Another customer’s address answers 404.' + addressNote,
        tags, params: AddressIdParams, body: AddressPatchBody, response: { 200: SavedAddressSchema, 400: Problem, 401: Problem, 404: Problem, 422: Problem },
      },
    },
    async (request) => book.update(db, principal(request).id, request.params.id, request.body),
  );

  server.delete(
    '/api/users/me/addresses/:id',
    {
      config: { auth: 'required' },
      schema: {
        summary: 'Delete an address of the signed-in customer (another customer’s answers 404)',
        tags, params: AddressIdParams, response: { 204: Type.Null({ description: 'Deleted' }), 401: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      await book.remove(db, principal(request).id, request.params.id);
      return reply.status(204).send(null);
    },
  );

  server.get(
    '/api/admin/users/:id/addresses',
    {
      config: { permission: 'users:read' },
      schema: { summary: 'A customer’s address book (defaults first, then newest)', tags, params: UserIdParams, response: { 200: AddressListSchema, 401: Problem, 403: Problem, 404: Problem } },
    },
    async (request) => {
      await service.requireUser(db, request.params.id);
      return { data: await book.list(db, request.params.id) };
    },
  );

  server.get(
    '/api/admin/users',
    {
      config: { permission: 'users:read' },
      schema: {
        summary: 'List users',
        description: 'Newest first; filter by `q` (email or name, case-insensitive) and `role`.',
        tags,
        querystring: UserListQuerystring,
        response: { 200: UserPageSchema, 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (request) => service.listUsers(db, request.query),
  );

  server.get(
    '/api/admin/users/export',
    {
      config: { permission: 'users:read' },
      schema: {
        summary: 'The user list as CSV (same search, role filter and sort as GET /api/admin/users, every page), streamed',
        description:
          `Columns: ${USER_CSV_HEADER.join(', ')}; times ISO 8601 UTC, roles separated by spaces. ` +
          "Text cells starting with = + - @ tab or CR are prefixed with ' (OWASP CSV injection). Read from the database in batches while it is sent.",
        tags,
        querystring: UserExportQuerystring,
        produces: ['text/csv'],
        response: { 200: CsvResponse, 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (request, reply) => {
      const batches = (async function* () {
        for await (const batch of service.exportUsers(db, request.query, EXPORT_BATCH_SIZE)) {
          yield batch.map((u) => [
            u.id, u.email, u.firstName, u.lastName, u.roles.join(' '), u.country, u.locale, u.emailVerifiedAt ? 'yes' : 'no', u.source, u.createdAt.toISOString(),
          ]);
        }
      })();
      return sendCsv(reply, `customers-${new Date().toISOString().slice(0, 10)}.csv`, USER_CSV_HEADER, batches);
    },
  );

  server.get(
    '/api/admin/users/:id',
    {
      config: { permission: 'users:read' },
      schema: { summary: 'Get a user', tags, params: UserIdParams, response: { 200: UserSchema, 401: Problem, 403: Problem, 404: Problem } },
    },
    async (request) => service.requireUser(db, request.params.id),
  );

  server.patch(
    '/api/admin/users/:id',
    {
      config: { permission: 'users:write' },
      schema: {
        summary: 'Replace a user’s roles and/or the sites whose back office they are limited to',
        description:
          'Nobody changes their own roles or sites (403 `IDENTITY.CANNOT_CHANGE_OWN_ROLES`). A user limited to sites sees and changes in the back office only those sites, their products and their orders; `sites: null` lifts the limit. The user’s access tokens stop working on back-office routes at once (token version bumped); their next refresh carries the new roles and sites.',
        tags,
        params: UserIdParams,
        body: AccessBody,
        response: { 200: UserSchema, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request) => service.setAccess(db, principal(request).id, request.params.id, request.body),
  );

  const StaffNotes = Type.Object({ tags: Type.Array(Type.String()), notes: Type.Array(StaffNote) });
  server.get(
    '/api/admin/users/:id/notes',
    {
      config: { permission: 'users:read' },
      schema: { summary: "Staff's tags and notes on a customer (newest note first)", tags, params: UserIdParams, response: { 200: StaffNotes, 401: Problem, 403: Problem, 404: Problem } },
    },
    async (request) => service.staffNotes(db, request.params.id),
  );

  server.post(
    '/api/admin/users/:id/notes',
    {
      config: { permission: 'users:write' },
      schema: {
        summary: 'Add a staff note on a customer (never shown to them)',
        tags, params: UserIdParams, body: StaffNoteBody, response: { 201: StaffNotes, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request, reply) => reply.status(201).send(await service.addStaffNote(db, request.params.id, request.body.body, principal(request).id)),
  );

  server.put(
    '/api/admin/users/:id/tags',
    {
      config: { permission: 'users:write' },
      schema: {
        summary: "Replace staff's tags on a customer (stored lower case, unique, sorted)",
        tags, params: UserIdParams, body: StaffTagsBody, response: { 200: StaffNotes, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request) => service.setStaffTags(db, request.params.id, request.body.tags),
  );
}
