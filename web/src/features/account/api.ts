/** The shopper's account: session (sign in/up/out with guest-cart association), profile, orders and notifications. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, cartRef, session, type Money } from '../../lib/api';
import { CART_KEY, type Cart } from '../cart/api';

/** The signed-in user. */
export interface User {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  roles: string[];
  locale: 'en' | 'fr';
}

/** An in-app notification. */
export interface Notification {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  read: boolean;
  createdAt: string;
}

/** A line of the order history. */
export interface OrderSummary {
  id: string;
  number: string;
  status: string;
  placedAt: string;
  totals: { total: Money };
  lines: { quantity: number }[];
}

interface AuthAnswer {
  user: User;
  accessToken: string;
  refreshToken: string;
}

const ME_KEY = ['me'] as const;

/** The signed-in user, or null for a guest. */
export function useMe() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: async () => {
      if (!session.accessToken && !session.refreshToken) return null;
      try {
        return await api<User>('/api/users/me');
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
      const cart = await api<Cart>(`/api/carts/${ref.id}/associate`, { method: 'POST', headers: { 'x-cart-token': ref.token } });
      cartRef.set({ id: cart.id, token: null });
      return;
    } catch {
      // The guest cart is gone or unusable: fall back to the customer's own cart.
    }
  }
  cartRef.set(null);
}

/** Sign in (`register: false`) or create an account (`register: true`); then associates the guest cart. */
export function useSignIn() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (v: { register: boolean; email: string; password: string; firstName?: string; lastName?: string }) => {
      const { register, ...body } = v;
      const answer = await api<AuthAnswer>(register ? '/api/auth/register' : '/api/auth/login', { method: 'POST', body });
      session.set({ accessToken: answer.accessToken, refreshToken: answer.refreshToken });
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

/** Signs out: revokes the refresh token and forgets the session and the customer's cart. */
export function useSignOut() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      const refreshToken = session.refreshToken;
      if (refreshToken) await api('/api/auth/logout', { method: 'POST', body: { refreshToken } }).catch(() => undefined);
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

/** Updates first name, last name and language. */
export function useUpdateProfile() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { firstName: string | null; lastName: string | null; locale: 'en' | 'fr' }) => api<User>('/api/users/me', { method: 'PATCH', body }),
    onSuccess: (user) => qc.setQueryData(ME_KEY, user),
  });
}

/** The signed-in customer's orders, newest first. */
export function useMyOrders(page: number, enabled: boolean) {
  return useQuery({
    queryKey: ['orders', page],
    queryFn: () => api<{ data: OrderSummary[]; pagination: { total: number; limit: number; page: number } }>(`/api/orders?page=${page}&limit=10`),
    enabled,
  });
}

/** In-app notifications with the unread count (polled every minute while signed in). */
export function useNotifications(enabled: boolean) {
  return useQuery({
    queryKey: ['notifications'],
    queryFn: () => api<{ data: Notification[]; unread: number; pagination: { total: number } }>('/api/notifications?limit=20'),
    enabled,
    refetchInterval: enabled ? 60_000 : false,
  });
}

/** Marks one notification read (or all when `id` is null). */
export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string | null) => api(id ? `/api/notifications/${id}/read` : '/api/notifications/read-all', { method: 'POST' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['notifications'] }),
  });
}
