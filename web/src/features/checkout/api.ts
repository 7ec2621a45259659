/** Checkout: shipping methods, placing an order (fresh Idempotency-Key per attempt), guest order tokens, order reads. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, cartRef, ok, type Address, type Order } from '../../lib/api';
import type { paths } from '../../lib/api-schema';
import { CART_KEY, cartHeaders } from '../cart/api';

/** A shipping method for a destination country; `minSubtotal` is its subtotal condition. */
export type ShippingMethod = Awaited<ReturnType<typeof shippingMethods>>[number];

export type { Address, Order };

/** An ISO 3166-1 alpha-2 code the shipping methods route accepts (the server checks it). */
type Country = NonNullable<paths['/api/shipping-methods']['get']['parameters']['query']>['country'];

function shippingMethods(country: string) {
  return ok(api.GET('/api/shipping-methods', { params: { query: { country: country as Country } } })).then((r) => r.data);
}

/**
 * A payment method the shop offers (GET /api/payment-methods): `test` (the built-in test card
 * provider: the test-card form), `card` (Stripe), or an offline method (`bank_transfer`,
 * `cash_on_delivery`, `pay_in_store`). `testMode`: the test method is on in production.
 */
export type PaymentMethod = Awaited<ReturnType<typeof paymentMethods>>[number];

function paymentMethods() {
  return ok(api.GET('/api/payment-methods')).then((r) => r.items);
}

/** The payment methods the shop offers, in the order to offer them. */
export function usePaymentMethods() {
  return useQuery({ queryKey: ['payment-methods'], queryFn: paymentMethods, staleTime: 5 * 60_000 });
}

const TOKENS_KEY = 'comptoir.orderTokens';

/** Guest order access tokens (localStorage), sent back as X-Order-Token. */
export const orderTokens = {
  get(id: string): string | null {
    try {
      return (JSON.parse(localStorage.getItem(TOKENS_KEY) ?? '{}') as Record<string, string>)[id] ?? null;
    } catch {
      return null;
    }
  },
  set(id: string, token: string) {
    let all: Record<string, string> = {};
    try {
      all = JSON.parse(localStorage.getItem(TOKENS_KEY) ?? '{}') as Record<string, string>;
    } catch {
      // start afresh
    }
    all[id] = token;
    localStorage.setItem(TOKENS_KEY, JSON.stringify(all));
  },
};

/** A random idempotency key (crypto.randomUUID where available, e.g. on localhost or HTTPS). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/** Shipping methods for a destination country. */
export function useShippingMethods(country: string) {
  return useQuery({
    queryKey: ['shipping-methods', country],
    queryFn: () => shippingMethods(country),
    enabled: /^[A-Z]{2}$/.test(country),
  });
}

/** The order request body (POST /api/orders). */
export type PlaceOrder = NonNullable<paths['/api/orders']['post']['requestBody']>['content']['application/json'];

/** Places the order; on success stores the guest token and forgets the cart; on failure refreshes the (reopened) cart. */
export function usePlaceOrder() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PlaceOrder) => ok(api.POST('/api/orders', { body, params: { header: { 'idempotency-key': newIdempotencyKey(), ...cartHeaders() } } })).then((o) => o as Order),
    onSuccess: (order) => {
      if (order.accessToken) orderTokens.set(order.id, order.accessToken);
      cartRef.set(null);
      qc.setQueryData(CART_KEY, null);
      qc.setQueryData(['order', order.id], order);
      void qc.invalidateQueries({ queryKey: ['orders'] });
      void qc.invalidateQueries({ queryKey: ['notifications'] });
      void qc.invalidateQueries({ queryKey: ['products'] });
    },
    onError: () => qc.invalidateQueries({ queryKey: CART_KEY }),
  });
}

/**
 * Answers a function that marks the kept copy of order `id` stale, so its page loads it again
 * (e.g. once Stripe.js has paid an order that was kept as `payment_processing` when placed).
 */
export function useReloadOrder(): (id: string) => Promise<void> {
  const qc = useQueryClient();
  return (id) => qc.invalidateQueries({ queryKey: ['order', id] });
}

/** The returns (RMAs) of order `id` (GET /api/orders/{id}/returns, with the order's guest token when there is one). */
export function useOrderReturns(id: string) {
  return useQuery({
    queryKey: ['order', id, 'returns'],
    queryFn: () => {
      const token = orderTokens.get(id);
      return ok(api.GET('/api/orders/{id}/returns', { params: { path: { id }, header: token ? { 'x-order-token': token } : {} } })).then((r) => r.data);
    },
    retry: false,
  });
}

/** One order: the owner's, or a guest's with its stored order token. */
export function useOrder(id: string) {
  return useQuery({
    queryKey: ['order', id],
    queryFn: () => {
      const token = orderTokens.get(id);
      return ok(api.GET('/api/orders/{id}', { params: { path: { id }, header: token ? { 'x-order-token': token } : {} } })).then((o) => o as Order);
    },
    retry: false,
  });
}
