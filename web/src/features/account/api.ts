/**
 * The shopper's account: session (sign in/out with guest-cart association, sign out everywhere),
 * sign-up with e-mail verification, password reset by mail, profile, orders and notifications.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, cartRef, ok, session, type Schemas } from '../../lib/api';
import { CART_KEY } from '../cart/api';

/** The signed-in user (GET /api/users/me). */
export type User = Awaited<ReturnType<typeof fetchMe>>;

/** An in-app notification. */
export type Notification = Schemas['Notification'];

/** A line of the order history. */
export type OrderSummary = Schemas['Order'];

function fetchMe() {
  return ok(api.GET('/api/users/me'));
}

const ME_KEY = ['me'] as const;

/** The signed-in user, or null for a guest. */
export function useMe() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: async () => {
      if (!(await session.restore())) return null;
      try {
        return await fetchMe();
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) {
          session.set(null);
          return null;
        }
        throw e;
      }
    },
    staleTime: 5 * 60_000,
  });
}

/** After sign-in: merges the stored guest cart into the customer's cart, then uses the customer's cart. */
async function adoptGuestCart(): Promise<void> {
  const ref = cartRef.get();
  if (ref?.token) {
    try {
      const cart = await ok(api.POST('/api/carts/{id}/associate', { params: { path: { id: ref.id }, header: { 'x-cart-token': ref.token } } }));
      cartRef.set({ id: cart.id, token: null });
      return;
    } catch {
      // The guest cart is gone or unusable: fall back to the customer's own cart.
    }
  }
  cartRef.set(null);
}

/**
 * Creates an account: the API answers the same whether or not the address is taken and mails a
 * verification link (the account signs in once verified), in the account's `locale` (the site
 * language it was made on). Resolves with the API's sentence.
 */
export function useRegister() {
  return useMutation({
    mutationFn: (body: { email: string; password: string; firstName?: string; lastName?: string; locale?: 'en' | 'fr' }) => ok(api.POST('/api/auth/register', { body })),
  });
}

/** Verifies an address with the token of the mailed link (idempotent). */
export function useVerifyEmail() {
  return useMutation({ mutationFn: async (token: string) => void (await ok(api.POST('/api/auth/verify-email', { body: { token } }))) });
}

/** Asks for a password-reset link by mail (the same answer whether or not an account has the address). */
export function useRequestPasswordReset() {
  return useMutation({ mutationFn: (email: string) => ok(api.POST('/api/auth/password-reset/request', { body: { email } })) });
}

/** Sets a new password with the token of the mailed reset link; every session of the account ends. */
export function useResetPassword() {
  return useMutation({ mutationFn: async (body: { token: string; password: string }) => void (await ok(api.POST('/api/auth/password-reset', { body }))) });
}

/** The token of a mailed link: in the URL fragment (`#token=…`), which browsers never send to a server. */
export function linkTokenFromHash(hash: string): string | null {
  return new URLSearchParams(hash.replace(/^#/, '')).get('token');
}

/** Sign in with email and password; then associates the guest cart. */
export function useSignIn() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: { email: string; password: string }) => {
      const answer = await ok(api.POST('/api/auth/login', { body: { email: body.email, password: body.password } }));
      session.set({ accessToken: answer.accessToken });
      await adoptGuestCart();
      return answer.user;
    },
    onSuccess: (user) => {
      qc.setQueryData(ME_KEY, user);
      void qc.invalidateQueries({ queryKey: CART_KEY });
      void qc.invalidateQueries({ queryKey: ['notifications'] });
      void qc.invalidateQueries({ queryKey: ['orders'] });
    },
  });
}

/** Signs out: revokes the refresh token (the server clears its cookie) and forgets the session and the customer's cart. */
export function useSignOut() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      await ok(api.POST('/api/auth/logout', { body: {} })).catch(() => undefined);
      session.set(null);
      cartRef.set(null);
    },
    onSettled: () => {
      qc.setQueryData(ME_KEY, null);
      qc.setQueryData(CART_KEY, null);
      qc.removeQueries({ queryKey: ['notifications'] });
      qc.removeQueries({ queryKey: ['orders'] });
      qc.removeQueries({ queryKey: ['order'] });
    },
  });
}

/**
 * Signs out on every device (revokes every refresh token of the account, and its access tokens on
 * back-office routes), then forgets this device's session like {@link useSignOut}.
 */
export function useSignOutEverywhere() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      await ok(api.POST('/api/auth/logout-everywhere'));
      session.set(null);
      cartRef.set(null);
    },
    onSuccess: () => {
      qc.setQueryData(ME_KEY, null);
      qc.setQueryData(CART_KEY, null);
      qc.removeQueries({ queryKey: ['notifications'] });
      qc.removeQueries({ queryKey: ['orders'] });
      qc.removeQueries({ queryKey: ['order'] });
    },
  });
}

/** Changes the password (needs the current one); every other session ends, this one gets new tokens. */
export function useChangePassword() {
  return useMutation({
    mutationFn: async (body: { currentPassword: string; newPassword: string }) => {
      const answer = await ok(api.POST('/api/users/me/password', { body }));
      session.set({ accessToken: answer.accessToken });
    },
  });
}

/** Updates first name, last name and language. */
export function useUpdateProfile() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { firstName: string | null; lastName: string | null; locale: 'en' | 'fr' }) => ok(api.PATCH('/api/users/me', { body })),
    onSuccess: (user) => qc.setQueryData(ME_KEY, user),
  });
}

/** The signed-in customer's orders, newest first. */
export function useMyOrders(page: number, enabled: boolean) {
  return useQuery({
    queryKey: ['orders', page],
    queryFn: () => ok(api.GET('/api/orders', { params: { query: { page, limit: 10 } } })),
    enabled,
  });
}

/** In-app notifications with the unread count (polled every minute while signed in). */
export function useNotifications(enabled: boolean) {
  return useQuery({
    queryKey: ['notifications'],
    queryFn: () => ok(api.GET('/api/notifications', { params: { query: { page: 1, limit: 20 } } })),
    enabled,
    refetchInterval: enabled ? 60_000 : false,
  });
}

/** Marks one notification read (or all when `id` is null). */
export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (id: string | null) => {
      if (id) await ok(api.POST('/api/notifications/{id}/read', { params: { path: { id } } }));
      else await ok(api.POST('/api/notifications/read-all'));
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: ['notifications'] }),
  });
}
