/**
 * The one HTTP client of the web app: JSON in and out, bearer token and cart token attached,
 * RFC 9457 problems turned into {@link ApiError} (with the stable `code`).
 */

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
 * Calls the API. `body` is sent as JSON, `form` as multipart/form-data; `headers` add to the defaults. A 401 with a stored
 * refresh token refreshes once and retries.
 * @throws ApiError for any non-2xx answer.
 */
export async function api<T>(path: string, options: { method?: string; body?: unknown; form?: FormData; headers?: Record<string, string>; retried?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (session.accessToken && !headers.authorization) headers.authorization = `Bearer ${session.accessToken}`;
  // `form` (multipart uploads) is sent as is: the browser sets the multipart content type.
  const body = options.form ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined);
  const res = await fetch(path, { method: options.method ?? (options.form ? 'POST' : 'GET'), headers, body });
  if (res.status === 401 && !options.retried && session.refreshToken && (await refresh())) {
    return api<T>(path, { ...options, headers: options.headers, retried: true });
  }
  if (res.status === 204) return undefined as T;
  const data = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) throw new ApiError(res.status, String(data.code ?? 'HTTP_' + res.status), String(data.detail ?? res.statusText), data);
  return data as T;
}

/** Money from the API: integer minor units + ISO 4217 currency. */
export interface Money {
  amount: number;
  currency: string;
}

/** A postal address as the API takes and returns it (`country`: ISO 3166-1 alpha-2). */
export interface Address {
  firstName: string;
  lastName: string;
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  country: string;
  phone?: string;
}
