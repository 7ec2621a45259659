/** Recommendations for the storefront: product page, cart and account; each request gives up after {@link BUDGET_MS} (a block then shows nothing). */
import { useQuery } from '@tanstack/react-query';
import { api, ApiError, cartRef, ok } from '../../lib/api';
import type { paths } from '../../lib/api-schema';
import { cartHeaders } from '../cart/api';

/** An answer: its source, whether it is the popular fallback, and the products with their reason. */
export type Recommendations = paths['/api/products/{idOrSlug}/recommendations']['get']['responses'][200]['content']['application/json'];
/** A recommended product. */
export type RecommendedProduct = Recommendations['data'][number];

/** Time a block waits for its answer (ms): recommendations never hold a page up. */
export const BUDGET_MS = 2_000;

/** What a block recommends for: a product, the cart, or the signed-in customer (`for-you`, `buy-again`). */
export type RecommendationTarget =
  | { kind: 'product'; id: string }
  | { kind: 'cart'; id: string }
  | { kind: 'for-you' | 'buy-again' };

function fetchFor(target: RecommendationTarget, limit: number, signal: AbortSignal): Promise<Recommendations> {
  const timeout = AbortSignal.any([signal, AbortSignal.timeout(BUDGET_MS)]);
  if (target.kind === 'product') return ok(api.GET('/api/products/{idOrSlug}/recommendations', { params: { path: { idOrSlug: target.id }, query: { limit } }, signal: timeout }));
  if (target.kind === 'cart') return ok(api.GET('/api/carts/{id}/recommendations', { params: { path: { id: target.id }, query: { limit } }, headers: cartHeaders(), signal: timeout }));
  // What is already in the shopper's cart is left out; a cart gone meanwhile (404) just drops the filter.
  const kind = target.kind;
  const cartId = cartRef.get()?.id;
  const forCustomer = (withCart: boolean) => ok(api.GET('/api/users/me/recommendations', {
    params: { query: { kind, limit, ...(withCart && cartId ? { cartId } : {}) } }, headers: withCart ? cartHeaders() : {}, signal: timeout,
  }));
  return forCustomer(true).catch((e: unknown) => {
    if (cartId && e instanceof ApiError && e.code === 'CART.NOT_FOUND') return forCustomer(false);
    throw e;
  });
}

/** The recommendations of `target` (`cartKey` refreshes cart complements when the cart changes); one try, no retry: a failure is an empty block. */
export function useRecommendations(target: RecommendationTarget, limit = 4, cartKey?: string) {
  return useQuery({
    queryKey: ['recommendations', target, limit, cartKey],
    queryFn: ({ signal }) => fetchFor(target, limit, signal),
    retry: false,
    staleTime: 60_000,
  });
}
