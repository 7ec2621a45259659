/**
 * The one HTTP client of the web app: openapi-fetch typed by the generated `paths`
 * (./api-schema.d.ts, `npm run api:generate`), the bearer token attached, a 401 refreshed once,
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

const KEYS = { access: 'comptoir.accessToken', refresh: 'comptoir.refreshToken', cart: 'comptoir.cart' } as const;

/** Stored session tokens (localStorage). */
export const session = {
  get accessToken(): string | null {
    return localStorage.getItem(KEYS.access);
  },
  get refreshToken(): string | null {
    return localStorage.getItem(KEYS.refresh);
  },
  set(tokens: { accessToken: string; refreshToken: string } | null) {
    if (tokens) {
      localStorage.setItem(KEYS.access, tokens.accessToken);
      localStorage.setItem(KEYS.refresh, tokens.refreshToken);
    } else {
      localStorage.removeItem(KEYS.access);
      localStorage.removeItem(KEYS.refresh);
    }
  },
};

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

async function refresh(): Promise<boolean> {
  const token = session.refreshToken;
  if (!token) return false;
  refreshing ??= fetch('/api/auth/refresh', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: token }) })
    .then(async (r) => {
      if (!r.ok) {
        session.set(null);
        return false;
      }
      session.set((await r.json()) as { accessToken: string; refreshToken: string });
      return true;
    })
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

/**
 * fetch with the stored access token (unless the request brings its own `authorization`); a 401
 * with a stored refresh token refreshes once and sends the request again with the new token.
 */
async function authorizedFetch(request: Request): Promise<Response> {
  const own = !request.headers.has('authorization');
  const again = request.clone();
  if (own && session.accessToken) request.headers.set('authorization', `Bearer ${session.accessToken}`);
  const res = await fetch(request);
  if (res.status !== 401 || !session.refreshToken || !(await refresh())) return res;
  if (own && session.accessToken) again.headers.set('authorization', `Bearer ${session.accessToken}`);
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

/** Request options sending `form` as multipart/form-data (upload routes declare no JSON body; the browser sets the boundary). */
export function multipart(form: FormData): { body: never } {
  return { body: form as never };
}

/** Money from the API: integer minor units + ISO 4217 currency. */
export type Money = Schemas['Order']['totals']['total'];

/** A postal address as the API takes and returns it (`country`: ISO 3166-1 alpha-2). */
export type Address = NonNullable<paths['/api/orders']['post']['requestBody']>['content']['application/json']['shippingAddress'];

/** An order as GET /api/orders/{id} and /api/admin/orders answer it. */
export type Order = Schemas['Order'];
