/**
 * Add-to-cart group commit: adds in flight together run as one statement (see
 * `StatementBatcher` in src/platform/db/batcher.ts and `addItemsAtOnce` in cart.add.ts).
 *
 * Seam: Drizzle keeps the driver client on `db.$client` (PGlite, or a node-postgres Pool); every
 * autocommit statement of the fast path goes through its `query` (transactions do not: PGlite
 * runs them through `transaction`, the Pool through a checked-out client), so wrapping `query`
 * (as test/relay-idle.test.ts does) counts the add statements that reached the driver and the
 * adds each carried. The fast-path statement, and only it, contains `insert into cart.cart_item`
 * (Drizzle's builders quote names) and reads `json_to_recordset`; its first parameter is the JSON
 * array of its adds.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { createTestApp, onPostgres, type TestApp } from '../../../test/support/app.js';
import { pgErrorCode, rows, type Database } from '../../platform/db/index.js';
import type { VariantInfo } from '../catalog/index.js';
import type { CartAccess, CartDto } from './cart.contract.js';
import { MAX_LINES } from './cart.schemas.js';
import { CartService } from './cart.service.js';

let app: TestApp;
let admin: string;
/** Adds carried by each fast-path add statement that reached the driver since the last reset. */
let statements: number[] = [];
/** The last fast-path add statement that reached the driver: its SQL text and values. */
let lastAdd: { text: string; values: unknown[] } | undefined;
const restore: (() => void)[] = [];

const gbp = (amount: number) => ({ amount, currency: 'GBP' });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const HTTP_SKUS = Array.from({ length: 30 }, (_, i) => `BATCH-V${String(i).padStart(2, '0')}`);

/** Wraps `$client.query` so that each fast-path add statement is recorded in {@link statements}. */
function countAddStatements(): void {
  const client = (app.database.db as unknown as { $client?: Record<string, unknown> }).$client;
  expect(client, 'db.$client (the driver client behind Drizzle)').toBeTruthy();
  const target = client as Record<string, unknown>;
  const original = target.query;
  expect(typeof original, '$client.query').toBe('function');
  const own = Object.prototype.hasOwnProperty.call(target, 'query');
  target.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0];
    const text = typeof first === 'string' ? first : ((first as { text?: string } | undefined)?.text ?? '');
    const values = (Array.isArray(args[1]) ? args[1] : (first as { values?: unknown[] } | undefined)?.values) ?? [];
    if (text.includes('insert into cart.cart_item') && text.includes('json_to_recordset')) {
      statements.push((JSON.parse(String(values[0])) as unknown[]).length);
      lastAdd = { text, values };
    }
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  };
  restore.push(() => {
    if (own) target.query = original;
    else delete target.query;
  });
}

async function ok(options: Parameters<TestApp['inject']>[0], status = 200) {
  const res = await app.inject(options);
  expect(res.statusCode, `${options.method ?? 'GET'} ${options.url}: ${res.body}`).toBe(status);
  return res.json();
}

/** A new guest cart: its id, token and access. */
async function guestCart(): Promise<{ id: string; token: string; access: CartAccess }> {
  const body = await ok({ method: 'POST', url: '/api/carts' }, 201);
  return { id: body.id, token: body.token, access: { userId: null, token: body.token } };
}

/** `cart.item_added` payloads per cart among `cartIds`, oldest first. */
async function addedEvents(cartIds: string[]): Promise<Map<string, { sku: string; quantity: number; lineQuantity: number }[]>> {
  const found = await rows<{ aggregate_id: string; payload: { sku: string; quantity: number; lineQuantity: number } }>(
    app.database.db,
    sql`select aggregate_id, payload from events.outbox where type = 'cart.item_added' and aggregate_id in ${cartIds} order by id`,
  );
  const byCart = new Map<string, { sku: string; quantity: number; lineQuantity: number }[]>();
  for (const r of found) byCart.set(r.aggregate_id, [...(byCart.get(r.aggregate_id) ?? []), r.payload]);
  return byCart;
}

/**
 * A second CartService on the app's database whose catalog answers from memory (the variants
 * read once from the real catalog): its adds reach the batcher in the same tick, so a test knows
 * which adds share a batch. Everything else is the real service on the real database;
 * `transactions` counts its transactions (the add of a cart the statement found busy).
 */
async function sameTickService(skus: string[]): Promise<{ service: CartService; transactions: () => number }> {
  const known = new Map((await app.catalog.variantsBySku(skus)).map((v) => [v.sku, v] as const));
  let transactions = 0;
  const database: Database = {
    ...app.database,
    transaction: (fn) => {
      transactions += 1;
      return app.database.transaction(fn);
    },
  };
  const catalog = { ...app.catalog, variantsBySku: async (wanted: string[]) => wanted.flatMap((s): VariantInfo[] => (known.has(s) ? [known.get(s)!] : [])) };
  const service = new CartService(database, { catalog, promotions: app.promotions }, { ttlDays: 30, maxUnitsPerSku: 999 }, pino({ level: 'silent' }));
  return { service, transactions: () => transactions };
}

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.tokenFor(['admin']);
  const category = await ok({ method: 'POST', url: '/api/admin/categories', headers: bearer(admin), payload: { name: 'Batch' } }, 201);
  await ok({ method: 'POST', url: '/api/admin/products', headers: bearer(admin), payload: { title: 'Batch Lamp', status: 'active', categoryId: category.id, variants: [{ sku: 'BATCH-1', price: gbp(500) }, { sku: 'BATCH-2', price: gbp(700) }] } }, 201);
  // 30 SKUs for the HTTP test, one per cart: each add then asks the catalog (cold) for its own SKU.
  await ok({ method: 'POST', url: '/api/admin/products', headers: bearer(admin), payload: { title: 'Batch Candle', status: 'active', categoryId: category.id, variants: HTTP_SKUS.map((sku) => ({ sku, price: gbp(300) })) } }, 201);
  for (const sku of ['BATCH-1', 'BATCH-2', ...HTTP_SKUS]) {
    await ok({ method: 'POST', url: '/api/admin/inventory/movements', headers: bearer(admin), payload: { sku, quantity: 1000, type: 'receipt', reason: 'test' } }, 201);
  }
  countAddStatements();
});
afterAll(async () => {
  for (const r of restore.reverse()) r();
  await app?.close();
});
afterEach(() => {
  statements = [];
});

describe('add-to-cart group commit (database)', () => {
  it('30 adds to 30 guest carts over HTTP, all in flight together: each 200 with its line and one cart.item_added; on PostgreSQL in fewer statements than adds', async () => {
    const carts = await Promise.all(Array.from({ length: 30 }, () => guestCart()));
    await app.catalog.variantsBySku(HTTP_SKUS); // cached: the adds' only round trips are their own statements
    statements = [];
    // Fired one per turn of the event loop, none awaited, as separate connections' requests
    // arrive: adds reaching the batcher in the same tick go together whatever K, so a burst
    // injected in one tick would batch even with no limit on batches in flight (K huge). Spread
    // over turns, adds share a statement only by waiting for a batch in flight.
    const pending: ReturnType<TestApp['inject']>[] = [];
    for (const [i, c] of carts.entries()) {
      pending.push(app.inject({ method: 'POST', url: `/api/carts/${c.id}/items`, headers: { 'x-cart-token': c.token }, payload: { sku: HTTP_SKUS[i], quantity: (i % 5) + 1 } }));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const answers = await Promise.all(pending);
    expect(answers.map((a) => a.statusCode), answers.map((a) => a.body).join('\n')).toEqual(carts.map(() => 200));
    answers.forEach((a, i) => {
      const body = a.json() as CartDto;
      expect(body.id).toBe(carts[i]!.id);
      expect(body.lines.map((l) => [l.sku, l.quantity])).toEqual([[HTTP_SKUS[i], (i % 5) + 1]]);
    });
    const events = await addedEvents(carts.map((c) => c.id));
    for (const [i, c] of carts.entries()) {
      expect(events.get(c.id), c.id).toEqual([{ cartId: c.id, userId: null, sku: HTTP_SKUS[i], quantity: (i % 5) + 1, lineQuantity: (i % 5) + 1 }]);
    }
    const seen = `${statements.length} add statements carrying ${statements.join(', ')} adds, for ${carts.length} adds`;
    expect(statements.reduce((a, b) => a + b, 0), seen).toBe(carts.length);
    if (onPostgres) {
      // Batching happened: fewer add statements reached the driver than there were adds.
      expect(statements.length, seen).toBeLessThan(carts.length);
      expect(statements.some((n) => n > 1), seen).toBe(true);
    } else {
      // PGlite runs each statement in this thread, within the tick that sends it: no add is ever
      // in flight when the next request arrives, so none waits and each runs alone.
      expect(statements, seen).toEqual(carts.map(() => 1));
    }
  });

  it('a batch statement that fails on one add (a real constraint violation) is rerun add by add: the others succeed, the bad one gets its own error', async () => {
    // No HTTP input can make one add fail in the database (the schema refuses quantity 0, the
    // statement answers a refusal for an add that breaks a rule). The service does not check the quantity
    // itself, so quantity 0 on a new line reaches cart_item_quantity_ck (quantity > 0): a real
    // error of the database, raised by that add only.
    const { service, transactions } = await sameTickService(['BATCH-1']);
    const [a, bad, b] = [await guestCart(), await guestCart(), await guestCart()];
    statements = [];
    const results = await Promise.allSettled([
      service.addItem(a.id, a.access, { sku: 'BATCH-1', quantity: 2 }),
      service.addItem(bad.id, bad.access, { sku: 'BATCH-1', quantity: 0 }),
      service.addItem(b.id, b.access, { sku: 'BATCH-1', quantity: 3 }),
    ]);
    // One batch statement (it failed), then each add alone.
    expect(statements).toEqual([3, 1, 1, 1]);
    expect(results[0]).toMatchObject({ status: 'fulfilled', value: { id: a.id, lines: [{ sku: 'BATCH-1', quantity: 2 }] } });
    expect(results[2]).toMatchObject({ status: 'fulfilled', value: { id: b.id, lines: [{ sku: 'BATCH-1', quantity: 3 }] } });
    expect(results[1]?.status).toBe('rejected');
    expect(pgErrorCode((results[1] as PromiseRejectedResult).reason)).toMatchObject({ code: '23514', constraint: 'cart_item_quantity_ck' });
    // PostgreSQL answers the failed statement's error before its implicit transaction has
    // aborted and released the cart rows it locked, so a rerun on another connection may find its
    // cart still locked, answer `busy` and wait for the lock in a transaction: at most one per good add.
    expect(transactions()).toBeLessThanOrEqual(2);
    const events = await addedEvents([a.id, bad.id, b.id]);
    expect(events.get(a.id)).toEqual([{ cartId: a.id, userId: null, sku: 'BATCH-1', quantity: 2, lineQuantity: 2 }]);
    expect(events.get(b.id)).toEqual([{ cartId: b.id, userId: null, sku: 'BATCH-1', quantity: 3, lineQuantity: 3 }]);
    expect(events.has(bad.id)).toBe(false);
    const [lines] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from cart.cart_item where cart_id = ${bad.id}`);
    expect(lines?.n).toBe(0);
  });

  it('two adds to the same cart in one batch both land: the second runs in the next statement and sees the first (a customer cart batched too)', async () => {
    const { service, transactions } = await sameTickService(['BATCH-1', 'BATCH-2']);
    const [a, b] = [await guestCart(), await guestCart()];
    const customer = await app.tokenFor(['customer']);
    const userId = (JSON.parse(Buffer.from(customer.split('.')[1]!, 'base64url').toString('utf8')) as { sub: string }).sub;
    const mine = await ok({ method: 'POST', url: '/api/carts', headers: bearer(customer) }, 201);
    statements = [];
    const [first, other, theirs, second, third] = await Promise.all([
      service.addItem(a.id, a.access, { sku: 'BATCH-1', quantity: 2 }),
      service.addItem(b.id, b.access, { sku: 'BATCH-1', quantity: 1 }),
      service.addItem(mine.id, { userId, token: null }, { sku: 'BATCH-2', quantity: 2 }), // a customer cart
      service.addItem(a.id, a.access, { sku: 'BATCH-1', quantity: 3 }),
      service.addItem(a.id, a.access, { sku: 'BATCH-2', quantity: 1 }),
    ]);
    // Statement 1: a's first add with b's and the customer's; then a's second add alone, then its third alone.
    expect(statements).toEqual([3, 1, 1]);
    expect(theirs).toMatchObject({ id: mine.id, customerId: userId, lines: [{ sku: 'BATCH-2', quantity: 2 }] });
    expect((await addedEvents([mine.id])).get(mine.id)).toEqual([{ cartId: mine.id, userId, sku: 'BATCH-2', quantity: 2, lineQuantity: 2 }]);
    expect(transactions()).toBe(0); // all on the fast path
    expect(first.lines.map((l) => [l.sku, l.quantity])).toEqual([['BATCH-1', 2]]);
    expect(second.lines.map((l) => [l.sku, l.quantity])).toEqual([['BATCH-1', 5]]);
    expect(third.lines.map((l) => [l.sku, l.quantity])).toEqual([['BATCH-1', 5], ['BATCH-2', 1]]);
    expect(other.lines.map((l) => [l.sku, l.quantity])).toEqual([['BATCH-1', 1]]);
    const events = await addedEvents([a.id, b.id]);
    expect(events.get(a.id)).toEqual([
      { cartId: a.id, userId: null, sku: 'BATCH-1', quantity: 2, lineQuantity: 2 },
      { cartId: a.id, userId: null, sku: 'BATCH-1', quantity: 3, lineQuantity: 5 },
      { cartId: a.id, userId: null, sku: 'BATCH-2', quantity: 1, lineQuantity: 1 },
    ]);
    expect(events.get(b.id)).toEqual([{ cartId: b.id, userId: null, sku: 'BATCH-1', quantity: 1, lineQuantity: 1 }]);
  });

  it('a batch adds to existing lines under the same caps as alone (line quantity, MAX_LINES)', async () => {
    const { service, transactions } = await sameTickService(['BATCH-1', 'BATCH-2']);
    const [a, nearCap, full, fresh] = [await guestCart(), await guestCart(), await guestCart(), await guestCart()];
    await service.addItem(a.id, a.access, { sku: 'BATCH-1', quantity: 2 });
    await service.addItem(nearCap.id, nearCap.access, { sku: 'BATCH-1', quantity: 998 });
    await app.database.db.execute(
      sql`insert into cart.cart_item (id, cart_id, sku, quantity) select 'item_full_' || n, ${full.id}, 'FILLER-' || n, 1 from generate_series(1, ${MAX_LINES}) n`,
    );
    const before = transactions();
    statements = [];
    const results = await Promise.allSettled([
      service.addItem(a.id, a.access, { sku: 'BATCH-1', quantity: 3 }), // onto its line: 5
      service.addItem(nearCap.id, nearCap.access, { sku: 'BATCH-1', quantity: 5 }), // 1003 > 999
      service.addItem(full.id, full.access, { sku: 'BATCH-2', quantity: 1 }), // a new line past MAX_LINES
      service.addItem(fresh.id, fresh.access, { sku: 'BATCH-2', quantity: 4 }),
    ]);
    expect(statements).toEqual([4]);
    expect(results[0]).toMatchObject({ status: 'fulfilled', value: { lines: [{ sku: 'BATCH-1', quantity: 5 }] } });
    expect(results[1]).toMatchObject({ status: 'rejected', reason: { code: 'CART.QUANTITY_LIMIT' } });
    expect(results[2]).toMatchObject({ status: 'rejected', reason: { code: 'CART.TOO_MANY_LINES' } });
    expect(results[3]).toMatchObject({ status: 'fulfilled', value: { lines: [{ sku: 'BATCH-2', quantity: 4 }] } });
    expect(transactions() - before).toBe(0); // the statement's answer names the rule each refused add broke
    const events = await addedEvents([a.id, nearCap.id, full.id, fresh.id]);
    expect(events.get(a.id)?.map((e) => e.lineQuantity)).toEqual([2, 5]);
    expect(events.get(nearCap.id)?.map((e) => e.lineQuantity)).toEqual([998]);
    expect(events.has(full.id)).toBe(false);
    expect(events.get(fresh.id)?.map((e) => e.lineQuantity)).toEqual([4]);
    const [left] = await rows<{ q: number; n: number }>(app.database.db, sql`select (select quantity from cart.cart_item where cart_id = ${nearCap.id}) as q, (select count(*)::int from cart.cart_item where cart_id = ${full.id}) as n`);
    expect(left).toEqual({ q: 998, n: MAX_LINES });
  });

  it('a batched add that adds nothing is refused with the same errors as alone, from the statement\'s answer (no transaction); access before the SKU', async () => {
    const { service, transactions } = await sameTickService(['BATCH-1']);
    const [a, b, c, d] = [await guestCart(), await guestCart(), await guestCart(), await guestCart()];
    const wrongToken = { userId: null, token: 'x'.repeat(43) };
    statements = [];
    const results = await Promise.allSettled([
      service.addItem(a.id, a.access, { sku: 'BATCH-1', quantity: 1 }),
      service.addItem(b.id, wrongToken, { sku: 'BATCH-1', quantity: 1 }), // wrong token
      service.addItem(b.id, b.access, { sku: 'BATCH-1', quantity: 1001 }), // past the line cap (and the stock)
      service.addItem(c.id, wrongToken, { sku: 'BATCH-NOPE', quantity: 1 }), // wrong token and unknown SKU: the token first
      service.addItem(d.id, d.access, { sku: 'BATCH-NOPE', quantity: 1 }), // unknown SKU
    ]);
    expect(statements).toEqual([4, 1]); // b's second add: next statement
    expect(results[0]).toMatchObject({ status: 'fulfilled', value: { lines: [{ sku: 'BATCH-1', quantity: 1 }] } });
    expect(results[1]).toMatchObject({ status: 'rejected', reason: { code: 'CART.NOT_FOUND' } });
    expect(results[2]).toMatchObject({ status: 'rejected', reason: { code: 'CART.QUANTITY_LIMIT' } });
    expect(results[3]).toMatchObject({ status: 'rejected', reason: { code: 'CART.NOT_FOUND' } });
    expect(results[4]).toMatchObject({ status: 'rejected', reason: { code: 'CART.SKU_NOT_FOUND' } });
    expect(transactions()).toBe(0);
    const events = await addedEvents([b.id, c.id, d.id]);
    expect(events.has(b.id) || events.has(c.id) || events.has(d.id)).toBe(false);
  });

  it.skipIf(!onPostgres)('a cart another transaction holds locked is skipped, not waited for: the rest of the batch completes, that add falls back to the transaction', async () => {
    const { service, transactions } = await sameTickService(['BATCH-1']);
    const [a, busy] = [await guestCart(), await guestCart()];
    let locked!: () => void;
    let release!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    const holder = app.database.transaction(async (tx) => {
      await tx.execute(sql`select id from cart.cart where id = ${busy.id} for update`);
      locked();
      await released;
    });
    await isLocked;
    statements = [];
    const first = service.addItem(a.id, a.access, { sku: 'BATCH-1', quantity: 1 });
    const second = service.addItem(busy.id, busy.access, { sku: 'BATCH-1', quantity: 2 });
    try {
      const done = await Promise.race([first, new Promise<'waited'>((resolve) => setTimeout(() => resolve('waited'), 5_000))]);
      expect(done, 'the add to the free cart waited for the busy cart').not.toBe('waited');
      expect((done as CartDto).lines.map((l) => [l.sku, l.quantity])).toEqual([['BATCH-1', 1]]);
      expect(statements).toEqual([2]);
    } finally {
      release();
      await holder;
    }
    expect((await second).lines.map((l) => [l.sku, l.quantity])).toEqual([['BATCH-1', 2]]);
    expect(transactions()).toBe(1); // the busy cart's add, after the lock was released
    const events = await addedEvents([a.id, busy.id]);
    expect(events.get(busy.id)).toEqual([{ cartId: busy.id, userId: null, sku: 'BATCH-1', quantity: 2, lineQuantity: 2 }]);
  });
});

describe('add-to-cart statement plan (PostgreSQL)', () => {
  /** Plan nodes of an EXPLAIN (FORMAT JSON) plan, flattened. */
  const nodes = (plan: Record<string, unknown>): Record<string, unknown>[] => [plan, ...((plan.Plans as Record<string, unknown>[] | undefined) ?? []).flatMap(nodes)];

  it.skipIf(!onPostgres)('reaches the carts by key with thousands of them: no sequential scan of cart.cart (the planner takes the JSON input for 100 rows)', async () => {
    // 5,000 carts, as a shop has after some trading: with `id in (select … from input)` PostgreSQL
    // hashed a scan of all of them for every add at this size.
    await app.database.db.execute(sql`insert into cart.cart (id, token_hash, currency) select 'cart_plan_' || g, 'h', 'GBP' from generate_series(1, 5000) g`);
    await app.database.db.execute(sql`analyze cart.cart`);
    const c = await guestCart();
    lastAdd = undefined;
    await ok({ method: 'POST', url: `/api/carts/${c.id}/items`, headers: { 'x-cart-token': c.token }, payload: { sku: 'BATCH-1', quantity: 1 } });
    expect(lastAdd, 'the add ran the fast-path statement').toBeDefined();
    const pool = (app.database.db as unknown as { $client: { query(text: string, values: unknown[]): Promise<{ rows: { 'QUERY PLAN': [{ Plan: Record<string, unknown> }] }[] }> } }).$client;
    const [row] = (await pool.query(`explain (format json) ${lastAdd!.text}`, lastAdd!.values)).rows;
    const scans = nodes(row!['QUERY PLAN'][0].Plan).filter((n) => n['Relation Name'] === 'cart').map((n) => n['Node Type']);
    expect(scans.length).toBeGreaterThan(0);
    expect(scans, 'how the statement reads cart.cart').not.toContain('Seq Scan');
  });
});
