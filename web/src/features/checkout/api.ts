/** Checkout: shipping methods, placing an order (fresh Idempotency-Key per attempt), guest order tokens, order reads. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, cartRef, type Money } from '../../lib/api';
import { CART_KEY, cartHeaders, type CartLine, type Totals } from '../cart/api';

/** A shipping method for a country; `minSubtotal` is its subtotal condition. */
export interface ShippingMethod {
  id: string;
  name: string;
  price: Money;
  minSubtotal: Money | null;
}

import type { Address } from '../../lib/api';
export type { Address };

/** An order with its lines, totals, status history and shipments. */
export interface Order {
  id: string;
  number: string;
  status: string;
  email: string;
  currency: string;
  lines: Pick<CartLine, 'sku' | 'title' | 'quantity' | 'unitPrice' | 'discount' | 'lineTotal'>[];
  totals: Totals;
  promotionCode: string | null;
  shippingAddress: Address;
  shippingMethod: { id: string; name: string } | null;
  shipments: { id: string; carrier: string; trackingNumber: string; status: string; shippedAt: string; deliveredAt: string | null; lines: { sku: string; quantity: number }[] }[];
  statusHistory: { from: string | null; to: string; reason: string | null; at: string }[];
  placedAt: string;
  accessToken?: string;
}

/** The payment provider; `test` is the built-in one that needs no network (so test cards are shown). */
export const PAYMENT_PROVIDER = 'test';

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
    queryFn: () => api<{ data: ShippingMethod[] }>(`/api/shipping-methods?country=${encodeURIComponent(country)}`).then((r) => r.data),
    enabled: /^[A-Z]{2}$/.test(country),
  });
}

/** The order request body. */
export interface PlaceOrder {
  cartId: string;
  email?: string;
  shippingAddress: Address;
  shippingMethodId: string;
  locale: 'en' | 'fr';
  payment: { provider: string; card: { number: string; expMonth: number; expYear: number; cvc: string } };
}

/** Places the order; on success stores the guest token and forgets the cart; on failure refreshes the (reopened) cart. */
export function usePlaceOrder() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PlaceOrder) => api<Order>('/api/orders', { method: 'POST', body, headers: { 'idempotency-key': newIdempotencyKey(), ...cartHeaders() } }),
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

/** One order: the owner's, or a guest's with its stored order token. */
export function useOrder(id: string) {
  return useQuery({
    queryKey: ['order', id],
    queryFn: () => {
      const token = orderTokens.get(id);
      return api<Order>(`/api/orders/${encodeURIComponent(id)}`, { headers: token ? { 'x-order-token': token } : {} });
    },
    retry: false,
  });
}
