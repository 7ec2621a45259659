/** The shopper's cart: API types, the cart query and its mutations (guest carts send X-Cart-Token). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, cartRef, session, type Money } from '../../lib/api';

/** A cart line, priced now, with stock flags. */
export interface CartLine {
  id: string;
  sku: string;
  title: string;
  slug: string;
  quantity: number;
  unitPrice: Money;
  lineTotal: Money;
  discount: Money;
  available: number;
  insufficientStock: boolean;
  purchasable: boolean;
}

/** Subtotal, discount, shipping, tax (included) and total. */
export interface Totals {
  subtotal: Money;
  discount: Money;
  shipping: Money;
  tax: Money;
  total: Money;
}

/** A cart as returned by the API. */
export interface Cart {
  id: string;
  status: string;
  currency: string;
  customerId: string | null;
  lines: CartLine[];
  promotion: { code: string; valid: boolean; reason?: string } | null;
  shippingMethod: { id: string; name: string; price: Money } | null;
  country: string | null;
  totals: Totals;
  itemCount: number;
  token?: string;
}

/** The query key of the current cart. */
export const CART_KEY = ['cart'] as const;

/** Headers that authorise access to the stored cart (the guest token, when there is one). */
export function cartHeaders(): Record<string, string> {
  const ref = cartRef.get();
  return ref?.token ? { 'x-cart-token': ref.token } : {};
}

const GONE = new Set(['CART.NOT_FOUND', 'CART.NOT_ACTIVE', 'CART.EXPIRED']);

async function fetchCart(): Promise<Cart | null> {
  const ref = cartRef.get();
  if (!ref) {
    if (!session.accessToken) return null;
    // Signed in: POST answers with the customer's active cart (or a new one).
    const cart = await api<Cart>('/api/carts', { method: 'POST' });
    cartRef.set({ id: cart.id, token: null });
    return cart;
  }
  try {
    return await api<Cart>(`/api/carts/${ref.id}`, { headers: cartHeaders() });
  } catch (e) {
    if (e instanceof ApiError && (GONE.has(e.code) || e.status === 403 || e.status === 404)) {
      cartRef.set(null);
      return null;
    }
    throw e;
  }
}

/** Makes sure a cart exists (creating a guest or customer cart) and returns its id. */
async function ensureCart(): Promise<string> {
  const ref = cartRef.get();
  if (ref) return ref.id;
  const cart = await api<Cart>('/api/carts', { method: 'POST' });
  cartRef.set({ id: cart.id, token: cart.token ?? null });
  return cart.id;
}

/** The current cart (null when the shopper has none yet). */
export function useCart() {
  return useQuery({ queryKey: CART_KEY, queryFn: fetchCart, staleTime: 10_000 });
}

/** Cart mutations; each one stores the cart the API answers with. */
export function useCartActions() {
  const qc = useQueryClient();
  const onSuccess = (cart: Cart) => qc.setQueryData(CART_KEY, cart);
  const call = async (path: string, method: string, body?: unknown) => {
    const id = await ensureCart();
    return api<Cart>(`/api/carts/${id}${path}`, { method, body, headers: cartHeaders() });
  };
  const onError = (e: unknown) => {
    if (e instanceof ApiError && GONE.has(e.code)) {
      cartRef.set(null);
      void qc.invalidateQueries({ queryKey: CART_KEY });
    }
  };
  return {
    addItem: useMutation({ mutationFn: (v: { sku: string; quantity: number }) => call('/items', 'POST', v), onSuccess, onError }),
    setQuantity: useMutation({ mutationFn: (v: { itemId: string; quantity: number }) => call(`/items/${v.itemId}`, 'PATCH', { quantity: v.quantity }), onSuccess, onError }),
    removeItem: useMutation({ mutationFn: (itemId: string) => call(`/items/${itemId}`, 'DELETE'), onSuccess, onError }),
    setShipping: useMutation({ mutationFn: (v: { country?: string | null; shippingMethodId?: string | null }) => call('', 'PATCH', v), onSuccess, onError }),
    applyPromo: useMutation({ mutationFn: (code: string) => call('/promotions', 'POST', { code }), onSuccess, onError }),
    removePromo: useMutation({ mutationFn: () => call('/promotions', 'DELETE'), onSuccess, onError }),
  };
}
