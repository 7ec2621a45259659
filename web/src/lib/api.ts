/**
 * The one HTTP client of the web app: openapi-fetch typed by the generated `paths`
 * (./api-schema.d.ts, `npm run api:generate`), the bearer token attached (kept in memory; the
 * refresh token is an HttpOnly cookie, see {@link session}), a 401 refreshed once,
 * RFC 9457 problems turned into {@link ApiError} (with the stable `code`) by {@link ok}.
 */
import createClient from 'openapi-fetch';
import type { components, paths } from './api-schema';

/** The API's named schemas (`Schemas['Order']`, `Schemas['Cart']`...), generated from the route schemas. */
export type Schemas = components['schemas'];

/** A problem+json answer from the API. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: Record<string, unknown>,
  ) {
    super(message);
  }
}

const KEYS = { signedIn: 'comptoir.signedIn', cart: 'comptoir.cart' } as const;
/** Where earlier versions kept the tokens (readable by any script on the page); cleared on load. */
const LEGACY_KEYS = { access: 'comptoir.accessToken', refresh: 'comptoir.refreshToken' } as const;

let accessToken: string | null = null;
let csrf: Promise<string | null> | null = null;
let restoring: Promise<boolean> | null = null;
const listeners = new Set<() => void>();

/** The CSRF token of GET /api/auth/csrf (fetched once per page; `fresh` fetches it again). */
function csrfToken(fresh = false): Promise<string | null> {
  if (fresh) csrf = null;
  csrf ??= fetch('/api/auth/csrf', { headers: { accept: 'application/json' } })
    .then(async (r) => (r.ok ? ((await r.json()) as { csrfToken: string }).csrfToken : null))
    .catch(() => null)
    .then((token) => {
      if (!token) csrf = null;
      return token;
    });
  return csrf;
}

/**
 * The browser session. The access token lives in memory only; the refresh token is an HttpOnly
 * cookie the server sets on sign-in and rotates on refresh (no script can read it), so a reload
 * restores the session with one refresh. localStorage keeps only a "signed in" hint, which spares
 * anonymous visitors that call and tells other tabs about sign-in and sign-out.
 */
export const session = {
  /** The current access token (null when signed out or not restored yet). */
  get accessToken(): string | null {
    return accessToken;
  },
  /** Signs in (`{ accessToken }` from login, register or refresh) or forgets the session (`null`). */
  set(tokens: { accessToken: string } | null) {
    accessToken = tokens?.accessToken ?? null;
    if (tokens) localStorage.setItem(KEYS.signedIn, '1');
    else localStorage.removeItem(KEYS.signedIn);
    for (const l of listeners) l();
  },
  /** Once per page: gets an access token from the refresh cookie when this browser was signed in. Answers whether it did. */
  restore(): Promise<boolean> {
    restoring ??= (async () => {
      const legacy = localStorage.getItem(LEGACY_KEYS.refresh);
      if (legacy) {
        // A token an older version stored where scripts can read it: revoke it and forget it.
        localStorage.removeItem(LEGACY_KEYS.access);
        localStorage.removeItem(LEGACY_KEYS.refresh);
        void fetch('/api/auth/logout', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: legacy }) }).catch(() => undefined);
      }
      return accessToken !== null || (localStorage.getItem(KEYS.signedIn) !== null && (await refresh()));
    })();
    return restoring;
  },
  /** Calls `listener` whenever the session changes (here or, for sign-in/out, in another tab). */
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

if (typeof window !== 'undefined') {
  // Another tab signed out (hint removed): forget the access token here too; signed in: restore.
  window.addEventListener('storage', (e) => {
    if (e.key !== KEYS.signedIn) return;
    if (e.newValue === null && accessToken !== null) session.set(null);
    else if (e.newValue !== null && accessToken === null) {
      restoring = null;
      void session.restore();
    }
  });
}

/** The shopper's cart id and guest token (localStorage). */
export const cartRef = {
  get(): { id: string; token: string | null } | null {
    const raw = localStorage.getItem(KEYS.cart);
    return raw ? (JSON.parse(raw) as { id: string; token: string | null }) : null;
  },
  set(value: { id: string; token: string | null } | null) {
    if (value) localStorage.setItem(KEYS.cart, JSON.stringify(value));
    else localStorage.removeItem(KEYS.cart);
  },
};

let refreshing: Promise<boolean> | null = null;

/** One POST /api/auth/refresh with the cookie and the CSRF token; a refused CSRF token is fetched again once. */
async function refreshOnce(): Promise<boolean> {
  for (const fresh of [false, true]) {
    const token = await csrfToken(fresh);
    if (!token) return false;
    const r = await fetch('/api/auth/refresh', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json', 'x-csrf-token': token }, body: '{}' });
    if (r.ok) {
      session.set((await r.json()) as { accessToken: string });
      return true;
    }
    if (r.status !== 403) break;
  }
  session.set(null);
  return false;
}

/**
 * A new access token from the refresh cookie (which the server rotates). Refreshes are serialised
 * across tabs (Web Locks): two tabs presenting the same single-use token at once would look like a
 * replay and revoke the session.
 */
async function refresh(): Promise<boolean> {
  const locked = async (): Promise<boolean> => (typeof navigator !== 'undefined' && navigator.locks ? await navigator.locks.request('comptoir.refresh', refreshOnce) : refreshOnce());
  refreshing ??= locked()
    .catch(() => false)
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

/**
 * fetch with the access token (unless the request brings its own `authorization`), after the
 * session is restored on the page's first request; a 401 refreshes once and sends the request again
 * with the new token. Requests to `/api/auth/*` carry the CSRF token: sign-in then sets the refresh
 * cookie instead of answering the refresh token, and sign-out clears it.
 */
async function authorizedFetch(request: Request): Promise<Response> {
  const own = !request.headers.has('authorization');
  if (new URL(request.url, location.href).pathname.startsWith('/api/auth/')) {
    const token = await csrfToken();
    if (token) request.headers.set('x-csrf-token', token);
  } else if (own) await session.restore();
  const again = request.clone();
  if (own && session.accessToken) request.headers.set('authorization', `Bearer ${session.accessToken}`);
  const res = await fetch(request);
  if (res.status !== 401 || !own || !session.accessToken || !(await refresh())) return res;
  if (session.accessToken) again.headers.set('authorization', `Bearer ${session.accessToken}`);
  return fetch(again);
}

/** Query strings from defined, non-empty values only (`{ q: '', page: 2 }` → `page=2`). */
function queryString(query: Record<string, unknown>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  return q.toString();
}

/**
 * The typed client: `api.GET('/api/orders/{id}', { params: { path: { id } } })`. JSON bodies by
 * default; a `FormData` body is sent as multipart/form-data. Wrap a call in {@link ok} to get its data.
 */
export const api = createClient<paths>({ fetch: authorizedFetch, headers: { accept: 'application/json' }, querySerializer: queryString });

/**
 * The data of a 2xx answer (undefined for 204).
 * @throws ApiError for any other answer: `code` from the problem (else `HTTP_<status>`), message from its `detail` (else the status text).
 */
export async function ok<R extends { data?: unknown; error?: unknown; response: Response }>(call: Promise<R>): Promise<Exclude<R['data'], undefined>> {
  const { data, error, response } = await call;
  if (!response.ok) {
    const body = (error && typeof error === 'object' ? error : {}) as Record<string, unknown>;
    throw new ApiError(response.status, String(body.code ?? 'HTTP_' + response.status), String(body.detail ?? response.statusText), body);
  }
  return data as Exclude<R['data'], undefined>;
}

/** The JSON request body of `method` on `path` (`Body<'/api/admin/promotions', 'post'>`). */
export type Body<P extends keyof paths, M extends 'post' | 'patch' | 'put'> = paths[P][M] extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

/** The query parameters of GET `path`. */
export type Query<P extends keyof paths> = paths[P]['get'] extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

/** Request options sending `form` as multipart/form-data as is (the schemas type a form as its fields; the browser sets the boundary). */
export function multipart(form: FormData): { body: never } {
  return { body: form as never };
}

/** Money from the API: integer minor units + ISO 4217 currency. */
export type Money = Schemas['Order']['totals']['total'];

/** A postal address as the API takes and returns it (`country`: ISO 3166-1 alpha-2). */
export type Address = NonNullable<paths['/api/orders']['post']['requestBody']>['content']['application/json']['shippingAddress'];

/** An order as GET /api/orders/{id} and /api/admin/orders answer it. */
export type Order = Schemas['Order'];
