/**
 * Back-office session: the in-memory access token (lib/api `session`) and the access token's display-only
 * claims `{ sub, roles, permissions }` (the server checks permissions; the UI only hides what
 * would be refused).
 */
import { useSyncExternalStore } from 'react';
import { api, ok, session } from '../../lib/api';

/** Signs in with email and password; answers the user and the access token (the refresh token becomes an HttpOnly cookie). */
export function login(body: { email: string; password: string }) {
  return ok(api.POST('/api/auth/login', { body }));
}

/** Revokes the refresh-token cookie's token and clears the cookie (failures ignored: the session is forgotten either way). */
export async function logout(): Promise<void> {
  await ok(api.POST('/api/auth/logout', { body: {} })).catch(() => undefined);
}

/** Claims carried in the access token. */
export interface Claims {
  sub: string;
  roles: string[];
  permissions: string[];
}

/** Decodes the payload (middle part, base64url JSON) of a JWT; null when it is not one. */
export function decodeClaims(token: string | null): Claims | null {
  if (!token) return null;
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const b64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const payload = JSON.parse(new TextDecoder().decode(bytes)) as Partial<Claims>;
    return { sub: String(payload.sub ?? ''), roles: payload.roles ?? [], permissions: payload.permissions ?? [] };
  } catch {
    return null;
  }
}

/** True when `claims` grant `permission` (`*` grants everything). */
export function hasPermission(claims: Claims | null, permission: string): boolean {
  return !!claims && (claims.permissions.includes('*') || claims.permissions.includes(permission));
}

const listeners = new Set<() => void>();

/** Tells subscribers the session may have changed (after a refused token). */
export function notifySession() {
  for (const l of listeners) l();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  const unsubscribe = session.subscribe(listener);
  return () => {
    listeners.delete(listener);
    unsubscribe();
  };
}

/** The signed-in user's claims (null when signed out), re-rendering when the session changes. */
export function useClaims(): Claims | null {
  const token = useSyncExternalStore(subscribe, () => session.accessToken);
  return decodeClaims(token);
}

/** `can('orders:write')` for the signed-in user. */
export function useCan(): (permission: string) => boolean {
  const claims = useClaims();
  return (permission) => hasPermission(claims, permission);
}
