/**
 * Shared set-up of the cart test files (cart.test.ts, cart.totals.test.ts, cart.concurrency.test.ts):
 * a test app on a fresh database with a category and five products in stock
 * (LANT-1 450, HEART-1 300, MIRROR-1 2600, DRAFT-1 100 as a draft, VASE-1 1000; GBP), an admin
 * token, and request helpers. The bindings below are set by {@link useCartApp}'s `beforeAll`.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { sql } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { rows } from '../../platform/db/index.js';
import type { CartContract, CartDto } from './index.js';

/** The app under test (set by {@link useCartApp}). */
export let app: TestApp;
/** An access token with the `admin` role (set by {@link useCartApp}). */
export let admin: string;
/** The cart module's contract (set by {@link useCartApp}). */
export let cartContract: CartContract;
/** The id of the `Lights` category the products are in (set by {@link useCartApp}). */
export let lightsId: string;
/** Product id by SKU, of the products {@link product} created. */
export const products: Record<string, string> = {};

/** `amount` minor units of GBP. */
export const gbp = (amount: number) => ({ amount, currency: 'GBP' });
/** The Authorization header of `token`. */
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
/** The cart token header of a guest cart's `token`. */
export const cartToken = (token: string) => ({ 'x-cart-token': token });
/** The user id (`sub`) of an access token. */
export const userIdOf = (token: string) => (JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString('utf8')) as { sub: string }).sub;

/** Injects `options`, expects `status`, resolves to the JSON answer. */
export async function ok(options: InjectOptions, status = 200) {
  const res = await app.inject(options);
  expect(res.statusCode, `${options.method ?? 'GET'} ${options.url}: ${res.body}`).toBe(status);
  return res.json();
}

/** Injects `options`, expects a problem+json answer with `status` and `code`; resolves to it. */
export async function problem(options: InjectOptions, status: number, code: string) {
  const res = await app.inject(options);
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body.code).toBe(code);
  return body;
}

/** Records a stock movement of `quantity` of `sku` (a receipt by default). */
export async function stock(sku: string, quantity: number, type: 'receipt' | 'sale' = 'receipt') {
  await ok({ method: 'POST', url: '/api/admin/inventory/movements', headers: bearer(admin), payload: { sku, quantity, type, reason: 'test' } }, 201);
}

/** Creates a product with one variant `sku` at `price` (GBP minor units) in `categoryId`; records its id in {@link products}. */
export async function product(title: string, categoryId: string, sku: string, price: number, status: 'active' | 'draft' = 'active') {
  const p = await ok({ method: 'POST', url: '/api/admin/products', headers: bearer(admin), payload: { title, status, categoryId, variants: [{ sku, price: gbp(price) }] } }, 201);
  products[sku] = p.id;
}

/** A new guest cart: its id and token. */
export async function guestCart(): Promise<{ id: string; token: string; headers: Record<string, string> }> {
  const body = await ok({ method: 'POST', url: '/api/carts' }, 201);
  return { id: body.id, token: body.token, headers: cartToken(body.token) };
}

/** POST /api/carts/{id}/items: adds `quantity` of `sku`, expects 200, resolves to the cart. */
export async function add(id: string, headers: Record<string, string>, sku: string, quantity: number): Promise<CartDto> {
  return ok({ method: 'POST', url: `/api/carts/${id}/items`, headers, payload: { sku, quantity } });
}

/** The payloads of the `type` events of the cart `cartId` in the outbox, oldest first. */
export async function eventPayloads<T = Record<string, unknown>>(cartId: string, type: string): Promise<T[]> {
  const found = await rows<{ payload: T }>(app.database.db, sql`select payload from events.outbox where aggregate_id = ${cartId} and type = ${type} order by id`);
  return found.map((r) => r.payload);
}

/** `[sku, quantity]` of each line of `cart`, sorted by SKU. */
export const skuQuantities = (cart: CartDto) => cart.lines.map((l) => [l.sku, l.quantity] as const).sort(([a], [b]) => a.localeCompare(b));

/** Creates a promotion (POST /api/admin/promotions), expects 201, resolves to it. */
export async function promotion(body: Record<string, unknown>) {
  return ok({ method: 'POST', url: '/api/admin/promotions', headers: bearer(admin), payload: body }, 201);
}

/** Registers the file's `beforeAll` (a fresh app with the products above) and `afterAll` (closes it). */
export function useCartApp(): void {
  beforeAll(async () => {
    app = await createTestApp();
    admin = await app.tokenFor(['admin']);
    cartContract = (app as unknown as { cart: CartContract }).cart;
    const home = await ok({ method: 'POST', url: '/api/admin/categories', headers: bearer(admin), payload: { name: 'Home' } }, 201);
    const lights = await ok({ method: 'POST', url: '/api/admin/categories', headers: bearer(admin), payload: { name: 'Lights', parentId: home.id } }, 201);
    lightsId = lights.id;
    await product('Metal Lantern', lights.id, 'LANT-1', 450);
    await product('Heart Holder', lights.id, 'HEART-1', 300);
    await product('Big Mirror', lights.id, 'MIRROR-1', 2600);
    await product('Secret Draft', lights.id, 'DRAFT-1', 100, 'draft');
    await product('Rare Vase', lights.id, 'VASE-1', 1000);
    await stock('LANT-1', 50);
    await stock('HEART-1', 50);
    await stock('MIRROR-1', 20);
    await stock('DRAFT-1', 5);
    await stock('VASE-1', 6);
  });
  afterAll(() => app?.close());
}
