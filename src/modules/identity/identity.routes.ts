import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../../platform/auth.js';
import type { Config } from '../../platform/config.js';
import type { Database } from '../../platform/db/index.js';
import { badRequest, unauthorized } from '../../platform/errors.js';
import type { HttpServer } from '../../platform/http/server.js';
import { clearRefreshCookie, csrfCheck, deliverSession, refreshTokenCookie, wantsCookieSession } from '../../platform/http/session.js';
import type { IdentityService } from './identity.service.js';
import {
  AuthResponse,
  LoginBody,
  Problem,
  ProfilePatchBody,
  RefreshBody,
  RegisterBody,
  RolesBody,
  UserIdParams,
  UserListQuerystring,
  UserPageSchema,
  UserSchema,
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

const tags = ['identity'];

/** The signed-in principal; the platform has already rejected anonymous calls to these routes. */
function principal(request: FastifyRequest): AuthUser {
  if (!request.user) throw unauthorized();
  return request.user;
}

/**
 * Registers the identity HTTP API:
 * - `/api/auth/{register,login,refresh,logout}`: sign-up, sign-in, token rotation, sign-out;
 *   rate-limited per client IP (`config.authRateLimitPerMinute` per route and minute);
 * - `/api/users/me`: the signed-in user's profile;
 * - `/api/admin/users…`: back-office user management (`users:read`, `users:write`).
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

  server.post(
    '/api/auth/register',
    {
      config: { rateLimit },
      preHandler: csrfWhenAsked,
      schema: {
        summary: 'Create a customer account and sign in',
        description: 'The email is stored trimmed and lowercased and must be unique (409 `IDENTITY.EMAIL_TAKEN`). Emits `user.registered`.' + cookieModeNote,
        tags,
        body: RegisterBody,
        response: { 201: AuthResponse, 400: Problem, 403: Problem, 409: Problem, 429: Problem },
      },
    },
    async (request, reply) => reply.status(201).send(deliverSession(request, reply, await service.register(db, request.body), ttl)),
  );

  server.post(
    '/api/auth/login',
    {
      config: { rateLimit },
      preHandler: csrfWhenAsked,
      schema: {
        summary: 'Sign in with email and password',
        description: 'Wrong password, unknown email and accounts without a password all answer 401 `AUTH.INVALID_CREDENTIALS`.' + cookieModeNote,
        tags,
        body: LoginBody,
        response: { 200: AuthResponse, 403: Problem, ...authErrors },
      },
    },
    async (request, reply) => deliverSession(request, reply, await service.login(db, request.body), ttl),
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
        summary: 'Replace a user’s roles',
        description: 'Nobody changes their own roles (403 `IDENTITY.CANNOT_CHANGE_OWN_ROLES`). Takes effect at the user’s next token refresh.',
        tags,
        params: UserIdParams,
        body: RolesBody,
        response: { 200: UserSchema, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request) => service.setRoles(db, principal(request).id, request.params.id, request.body.roles),
  );
}
