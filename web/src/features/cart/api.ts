/** The shopper's cart: types from the generated API schema, the cart query and its mutations (guest carts send X-Cart-Token). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, cartRef, ok, session, type Schemas } from '../../lib/api';
import type { paths } from '../../lib/api-schema';

/** A cart as returned by the API (GET /api/carts/{id}). */
export type Cart = Schemas['Cart'];

/** A cart line, priced now, with stock flags. */
export type CartLine = Cart['lines'][number];

/** Subtotal, discount, shipping, tax (included) and total. */
export type Totals = Cart['totals'];

/** The destination and shipping method of a cart (PATCH /api/carts/{id}; the server checks the country code). */
type ShippingChoice = NonNullable<paths['/api/carts/{id}']['patch']['requestBody']>['content']['application/json'];

/** The query key of the current cart. */
export const CART_KEY = ['cart'] as const;

/** Headers that authorise access to the stored cart (the guest token, when there is one). */
export function cartHeaders(): { 'x-cart-token'?: string } {
  const ref = cartRef.get();
  return ref?.token ? { 'x-cart-token': ref.token } : {};
}

const GONE = new Set(['CART.NOT_FOUND', 'CART.NOT_ACTIVE', 'CART.EXPIRED']);

async function fetchCart(): Promise<Cart | null> {
  const ref = cartRef.get();
  if (!ref) {
    if (!(await session.restore())) return null;
    // Signed in: POST answers with the customer's active cart (or a new one).
    const cart = await ok(api.POST('/api/carts'));
    cartRef.set({ id: cart.id, token: null });
    return cart;
  }
  try {
    return await ok(api.GET('/api/carts/{id}', { params: { path: { id: ref.id }, header: cartHeaders() } }));
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
  const cart = await ok(api.POST('/api/carts'));
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
  /** The cart id (created if needed) as path parameters, with the guest token. */
  const target = async () => ({ params: { path: { id: await ensureCart() }, header: cartHeaders() } });
  const item = async (itemId: string) => {
    const t = await target();
    return { params: { ...t.params, path: { ...t.params.path, itemId } } };
  };
  const onError = (e: unknown) => {
    if (e instanceof ApiError && GONE.has(e.code)) {
      cartRef.set(null);
      void qc.invalidateQueries({ queryKey: CART_KEY });
    }
  };
  return {
    addItem: useMutation({ mutationFn: async (v: { sku: string; quantity: number }) => ok(api.POST('/api/carts/{id}/items', { ...(await target()), body: v })), onSuccess, onError }),
    setQuantity: useMutation({ mutationFn: async (v: { itemId: string; quantity: number }) => ok(api.PATCH('/api/carts/{id}/items/{itemId}', { ...(await item(v.itemId)), body: { quantity: v.quantity } })), onSuccess, onError }),
    removeItem: useMutation({ mutationFn: async (itemId: string) => ok(api.DELETE('/api/carts/{id}/items/{itemId}', await item(itemId))), onSuccess, onError }),
    setShipping: useMutation({ mutationFn: async (v: { country?: string | null; shippingMethodId?: string | null }) => ok(api.PATCH('/api/carts/{id}', { ...(await target()), body: v as ShippingChoice })), onSuccess, onError }),
    applyPromo: useMutation({ mutationFn: async (code: string) => ok(api.POST('/api/carts/{id}/promotions', { ...(await target()), body: { code } })), onSuccess, onError }),
    removePromo: useMutation({ mutationFn: async () => ok(api.DELETE('/api/carts/{id}/promotions', await target())), onSuccess, onError }),
  };
}
