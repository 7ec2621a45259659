/** A guest's whole purchase over HTTP, for tests that need placed orders on a site. */
import { expect } from 'vitest';
import type { TestApp } from './app.js';

/** The shipping address and test card of the guests these helpers buy as. */
export const GUEST_ADDRESS = { firstName: 'Ada', lastName: 'Lovelace', line1: '12 St James Sq', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB', phone: '+44 20 7946 0000' };
export const TEST_CARD = { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, cvc: '123' };

/** Orders placed by this file's helper: each gets its own idempotency key. */
let placed = 0;

/**
 * A guest buys `quantity` (default 1) of `sku` on the site `headers` pick (`Host` or
 * `X-Comptoir-Site`; none: the default site), standard delivery, test card: cart, line, order.
 * With an `authorization` header in `headers`, a signed-in customer buys instead (their order).
 * Returns the order's id; fails the test on any other answer than the expected 201s.
 */
export async function guestOrder(app: TestApp, options: { sku: string; email: string; quantity?: number; headers?: Record<string, string> }): Promise<string> {
  const headers = options.headers ?? {};
  const cart = await app.inject({ method: 'POST', url: '/api/carts', headers });
  expect(cart.statusCode, cart.body).toBe(201);
  const token = cart.json().token as string | undefined;
  const h = token ? { ...headers, 'x-cart-token': token } : headers;
  const line = await app.inject({ method: 'POST', url: `/api/carts/${cart.json().id}/items`, headers: h, payload: { sku: options.sku, quantity: options.quantity ?? 1 } });
  expect(line.statusCode, line.body).toBe(200);
  const order = await app.inject({
    method: 'POST', url: '/api/orders', headers: { ...h, 'idempotency-key': `guest-order-${(placed += 1)}-${options.email}-${options.sku}` },
    payload: { cartId: cart.json().id, email: options.email, shippingMethodId: 'standard', shippingAddress: GUEST_ADDRESS, payment: { method: 'test', card: TEST_CARD } },
  });
  expect(order.statusCode, order.body).toBe(201);
  return order.json().id as string;
}
