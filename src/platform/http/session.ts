/**
 * Browser sessions: the refresh token in an HttpOnly cookie, CSRF-protected.
 *
 * A browser keeps its access token in memory only and never sees its refresh token: login,
 * register and refresh set it in the `comptoir_refresh` cookie (`HttpOnly; SameSite=Strict;
 * Path=/api/auth; Secure` unless PUBLIC_URL is an http:// loopback address), and the answer's
 * `refreshToken` is left out. A request that uses the cookie must prove it comes from the shop's
 * own pages with the CSRF token of `GET /api/auth/csrf` in the `x-csrf-token` header
 * (@fastify/csrf-protection: the token is derived from a secret kept in the signed HttpOnly
 * `comptoir_csrf` cookie; other sites can neither read the token nor forge the cookie), or it is
 * refused with 403 `AUTH.CSRF_REJECTED`.
 *
 * Which mode a request uses is the client's choice, and neither weakens the other:
 * - cookie mode (browsers): the request carries `x-csrf-token`; login/register/refresh answer
 *   without `refreshToken` and set the cookie; refresh and logout read the cookie;
 * - body mode (scripts, apps): no CSRF header, the refresh token travels in the JSON body as
 *   before and is answered in the body. Nothing ambient authorizes such a request (the token must
 *   be known), so it needs no CSRF proof, and it never sets or reads the cookie.
 */
import type { FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';

/** Cookie holding the refresh token. */
export const REFRESH_COOKIE = 'comptoir_refresh';
/** Cookie holding the (signed) CSRF secret. */
export const CSRF_COOKIE = 'comptoir_csrf';
/** Both cookies are sent to these routes only: login, register, refresh, logout and csrf. */
export const AUTH_COOKIE_PATH = '/api/auth';
/** Request header carrying the CSRF token. */
export const CSRF_HEADER = 'x-csrf-token';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Whether session cookies carry `Secure`: always, except when `publicUrl` is `http://` on a
 * loopback host (local development without TLS). An http:// non-loopback PUBLIC_URL keeps
 * `Secure`: browsers then refuse the cookie, and sessions last one page; serve the shop over https.
 */
export function secureCookies(publicUrl: string): boolean {
  const url = new URL(publicUrl);
  return !(url.protocol === 'http:' && LOOPBACK.has(url.hostname));
}

/** Attributes shared by the session cookies. */
export function cookieAttributes(secure: boolean) {
  return { path: AUTH_COOKIE_PATH, httpOnly: true, sameSite: 'strict', secure } as const;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Whether session cookies are `Secure` (see {@link secureCookies}). */
    secureCookies: boolean;
  }
}

/** True when the request asks for a cookie session (it carries the CSRF header). */
export function wantsCookieSession(request: FastifyRequest): boolean {
  return request.headers[CSRF_HEADER] !== undefined;
}

/** The refresh token of the request's cookie, if any. */
export function refreshTokenCookie(request: FastifyRequest): string | undefined {
  const value = request.cookies[REFRESH_COOKIE];
  return value ? value : undefined;
}

/**
 * A `preHandler` running @fastify/csrf-protection's check when `needed(request)` is true: the
 * token of the `x-csrf-token` header must match the secret of the CSRF cookie. A failure answers
 * 403 `AUTH.CSRF_REJECTED` (mapped in problem.ts) before the handler runs.
 */
export function csrfCheck(needed: (request: FastifyRequest) => boolean): preHandlerHookHandler {
  return function csrfCheckHook(request, reply, done) {
    if (!needed(request)) return done();
    return request.server.csrfProtection(request, reply, done);
  };
}

/** Sets the refresh-token cookie for `maxAgeSeconds`. */
export function setRefreshCookie(reply: FastifyReply, token: string, maxAgeSeconds: number): void {
  reply.setCookie(REFRESH_COOKIE, token, { ...cookieAttributes(reply.server.secureCookies), maxAge: maxAgeSeconds });
}

/** Tells the browser to forget the refresh-token cookie. */
export function clearRefreshCookie(reply: FastifyReply): void {
  reply.clearCookie(REFRESH_COOKIE, cookieAttributes(reply.server.secureCookies));
}

/**
 * Delivers a new session in the mode the request asked for: in cookie mode the refresh token goes
 * into the cookie and is removed from the answer; in body mode the answer is unchanged.
 */
export function deliverSession<T extends { refreshToken?: string }>(request: FastifyRequest, reply: FastifyReply, session: T, maxAgeSeconds: number, cookieMode = wantsCookieSession(request)): T {
  if (!cookieMode || !session.refreshToken) return session;
  setRefreshCookie(reply, session.refreshToken, maxAgeSeconds);
  const { refreshToken: _kept, ...rest } = session;
  return rest as T;
}
