import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, onPostgres, type TestApp } from '../../../test/support/app.js';
import { commitWithNextStatement, rows } from '../../platform/db/index.js';

let app: TestApp;
let admin: string;
let roots: { home: string; lights: string; bags: string };

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const gbp = (amount: number) => ({ amount, currency: 'GBP' });

async function createProduct(body: Record<string, unknown>) {
  const res = await app.inject({ method: 'POST', url: '/api/admin/products', headers: auth(admin), payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function category(name: string, parentId?: string) {
  const res = await app.inject({ method: 'POST', url: '/api/admin/categories', headers: auth(admin), payload: { name, ...(parentId ? { parentId } : {}) } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.tokenFor(['admin']);
  const home = await category('Home');
  const lights = await category('Candles & Lights', home);
  const bags = await category('Bags');
  roots = { home, lights, bags };
  await createProduct({ title: 'Moroccan Metal Lantern', status: 'active', categoryId: lights, variants: [{ sku: 'LANT-1', price: gbp(499), costPrice: gbp(200) }] });
  await createProduct({ title: 'White Hanging Heart T-Light Holder', status: 'active', categoryId: lights, variants: [{ sku: 'HEART-1', price: gbp(255) }] });
  await createProduct({ title: 'Jumbo Bag Red Retrospot', status: 'active', categoryId: bags, variants: [{ sku: 'BAG-1', price: gbp(195) }, { sku: 'BAG-1L', title: 'Large', options: { size: 'L' }, price: gbp(250) }] });
  await createProduct({ title: 'Secret Draft Product', status: 'draft', categoryId: bags, variants: [{ sku: 'DRAFT-1', price: gbp(100) }] });
  for (const sku of ['LANT-1', 'HEART-1']) {
    const res = await app.inject({ method: 'POST', url: '/api/admin/inventory/movements', headers: auth(admin), payload: { sku, quantity: 10, type: 'receipt', reason: 'delivery' } });
    expect(res.statusCode, res.body).toBe(201);
  }
});
afterAll(() => app?.close());

describe('categories', () => {
  it('lists the tree with product counts including descendants', async () => {
    const res = await app.inject({ url: '/api/categories' });
    expect(res.statusCode).toBe(200);
    const tree = res.json().data as { name: string; productCount: number; children: { name: string; productCount: number }[] }[];
    const home = tree.find((c) => c.name === 'Home')!;
    expect(home.productCount).toBe(2);
    expect(home.children[0]).toMatchObject({ name: 'Candles & Lights', productCount: 2 });
    expect(tree.find((c) => c.name === 'Bags')!.productCount).toBe(1); // the draft does not count
  });

  it('refuses a product in a non-leaf category with CATALOG.NOT_LEAF_CATEGORY', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/admin/products', headers: auth(admin), payload: { title: 'X', categoryId: roots.home, variants: [{ sku: 'X-1', price: gbp(1) }] } });
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json().code).toBe('CATALOG.NOT_LEAF_CATEGORY');
  });

  it('refuses subcategories under a category that holds products, and cycles', async () => {
    const under = await app.inject({ method: 'POST', url: '/api/admin/categories', headers: auth(admin), payload: { name: 'Sub', parentId: roots.bags } });
    expect(under.json().code).toBe('CATALOG.PARENT_HAS_PRODUCTS');
    const cycle = await app.inject({ method: 'PATCH', url: `/api/admin/categories/${roots.home}`, headers: auth(admin), payload: { parentId: roots.lights } });
    expect(cycle.statusCode).toBe(409);
    expect(cycle.json().code).toBe('CATALOG.CATEGORY_CYCLE');
  });

  it('deletes only empty categories', async () => {
    const busy = await app.inject({ method: 'DELETE', url: `/api/admin/categories/${roots.bags}`, headers: auth(admin) });
    expect(busy.json().code).toBe('CATALOG.CATEGORY_NOT_EMPTY');
    const empty = await category('Temporary');
    const del = await app.inject({ method: 'DELETE', url: `/api/admin/categories/${empty}`, headers: auth(admin) });
    expect(del.statusCode).toBe(204);
  });
});

describe('products (public)', () => {
  it('lists only active products with pagination', async () => {
    const res = await app.inject({ url: '/api/products?limit=2&sort=title' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.pagination).toEqual({ total: 3, limit: 2, page: 1 });
    expect(body.data.map((p: { title: string }) => p.title)).toEqual(['Jumbo Bag Red Retrospot', 'Moroccan Metal Lantern']);
    const page2 = (await app.inject({ url: '/api/products?limit=2&sort=title&page=2' })).json();
    expect(page2.data.map((p: { title: string }) => p.title)).toEqual(['White Hanging Heart T-Light Holder']);
    const beyond = (await app.inject({ url: '/api/products?limit=2&page=9' })).json();
    expect(beyond).toEqual({ data: [], pagination: { total: 3, limit: 2, page: 9 } });
  });

  it('filters by category including descendants, price range and stock', async () => {
    const byParent = (await app.inject({ url: '/api/products?category=home' })).json();
    expect(byParent.data.map((p: { slug: string }) => p.slug).sort()).toEqual(['moroccan-metal-lantern', 'white-hanging-heart-t-light-holder']);
    const cheap = (await app.inject({ url: '/api/products?maxPrice=300&sort=price' })).json();
    expect(cheap.data.map((p: { price: { amount: number } }) => p.price.amount)).toEqual([195, 255]);
    const dear = (await app.inject({ url: '/api/products?sort=-price' })).json();
    expect(dear.data[0].title).toBe('Moroccan Metal Lantern');
    const inStock = (await app.inject({ url: '/api/products?inStock=true' })).json();
    expect(inStock.pagination.total).toBe(2);
    const none = (await app.inject({ url: '/api/products?category=no-such-category' })).json();
    expect(none.pagination.total).toBe(0);
  });

  it('shows a product by slug or id with variants, prices and availability, never cost prices', async () => {
    const res = await app.inject({ url: '/api/products/jumbo-bag-red-retrospot' });
    expect(res.statusCode).toBe(200);
    const p = res.json();
    expect(p.price).toEqual(gbp(195));
    expect(p.variants).toHaveLength(2);
    expect(p.variants[1]).toMatchObject({ sku: 'BAG-1L', options: { size: 'L' }, price: gbp(250), available: 0 });
    expect(JSON.stringify(p)).not.toContain('costPrice');
    const byId = await app.inject({ url: `/api/products/${p.id}` });
    expect(byId.json().slug).toBe('jumbo-bag-red-retrospot');
  });

  it('hides draft products and answers 404 problem+json', async () => {
    const res = await app.inject({ url: '/api/products/secret-draft-product' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ status: 404, code: 'CATALOG.PRODUCT_NOT_FOUND' });
  });

  it('checks availability for a basket', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/inventory/availability', payload: { items: [{ sku: 'LANT-1', quantity: 3 }, { sku: 'BAG-1', quantity: 1 }, { sku: 'NOPE', quantity: 1 }] } });
    expect(res.json()).toEqual({
      allAvailable: false,
      items: [
        { sku: 'LANT-1', requested: 3, available: 10, ok: true },
        { sku: 'BAG-1', requested: 1, available: 0, ok: false },
        { sku: 'NOPE', requested: 1, available: 0, ok: false },
      ],
    });
  });
});

describe('products (back office)', () => {
  it('creates with a unique slug, updates variants by SKU in one go, archives', async () => {
    const a = await createProduct({ title: 'Moroccan Metal Lantern', categoryId: roots.lights, variants: [{ sku: 'LANT-2', price: gbp(699) }] });
    expect(a.slug).toBe('moroccan-metal-lantern-2');
    expect(a.status).toBe('draft');
    const patched = await app.inject({
      method: 'PATCH', url: `/api/admin/products/${a.id}`, headers: auth(admin),
      payload: { status: 'active', variants: [{ sku: 'LANT-2', price: gbp(650) }, { sku: 'LANT-2B', title: 'Blue', price: gbp(700), costPrice: gbp(300) }] },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().variants.map((v: { sku: string; price: { amount: number } }) => [v.sku, v.price.amount])).toEqual([['LANT-2', 650], ['LANT-2B', 700]]);
    expect(patched.json().variants[1].costPrice).toEqual(gbp(300));
    expect((await app.inject({ url: `/api/products/${a.slug}` })).statusCode).toBe(200);
    const archived = await app.inject({ method: 'POST', url: `/api/admin/products/${a.id}/archive`, headers: auth(admin) });
    expect(archived.json().status).toBe('archived');
    expect((await app.inject({ url: `/api/products/${a.slug}` })).statusCode).toBe(404);
  });

  it('refuses a SKU that belongs to another product and leaves the product unchanged', async () => {
    const before = (await app.inject({ url: '/api/admin/products/moroccan-metal-lantern', headers: auth(admin) })).json();
    const res = await app.inject({ method: 'PATCH', url: `/api/admin/products/${before.id}`, headers: auth(admin), payload: { title: 'Renamed', variants: [{ sku: 'BAG-1', price: gbp(1) }] } });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('CATALOG.SKU_TAKEN');
    const after = (await app.inject({ url: '/api/admin/products/moroccan-metal-lantern', headers: auth(admin) })).json();
    expect(after.title).toBe('Moroccan Metal Lantern');
    const dup = await app.inject({ method: 'POST', url: '/api/admin/products', headers: auth(admin), payload: { title: 'Dup', categoryId: roots.bags, variants: [{ sku: 'HEART-1', price: gbp(1) }] } });
    expect(dup.json().code).toBe('CATALOG.SKU_TAKEN');
  });

  it('publishes product.created and product.updated through the outbox', async () => {
    const events = await rows<{ type: string; n: number }>(app.database.db, sql`select type, count(*)::int as n from events.outbox group by type`);
    const byType = Object.fromEntries(events.map((e) => [e.type, e.n]));
    expect(byType['product.created']).toBeGreaterThanOrEqual(5);
    expect(byType['product.updated']).toBeGreaterThanOrEqual(2);
    expect(byType['stock.changed']).toBeGreaterThanOrEqual(2);
  });
});

describe('inventory ledger', () => {
  it('records movements, keeps on-hand as their sum and refuses going below zero', async () => {
    const sale = await app.inject({ method: 'POST', url: '/api/admin/inventory/movements', headers: auth(admin), payload: { sku: 'HEART-1', quantity: -4, type: 'sale', reason: 'shop sale' } });
    expect(sale.statusCode).toBe(201);
    expect(sale.json().onHand).toBe(6);
    const tooMany = await app.inject({ method: 'POST', url: '/api/admin/inventory/movements', headers: auth(admin), payload: { sku: 'HEART-1', quantity: -7, type: 'adjustment', reason: 'count' } });
    expect(tooMany.statusCode).toBe(409);
    expect(tooMany.json()).toMatchObject({ code: 'INVENTORY.INSUFFICIENT_STOCK', sku: 'HEART-1', onHand: 6, requested: 7 });
    const ledger = (await app.inject({ url: '/api/admin/inventory/HEART-1/movements', headers: auth(admin) })).json();
    expect(ledger.onHand).toBe(6);
    expect(ledger.data.map((m: { quantity: number }) => m.quantity)).toEqual([-4, 10]);
    expect(ledger.data.reduce((s: number, m: { quantity: number }) => s + m.quantity, 0)).toBe(ledger.onHand);
  });

  it('publishes stock.low when on-hand falls below the variant threshold', async () => {
    // HEART-1 has the default threshold of 5 and 6 on hand here.
    const res = await app.inject({ method: 'POST', url: '/api/admin/inventory/movements', headers: auth(admin), payload: { sku: 'HEART-1', quantity: -2, type: 'sale', reason: 'shop sale' } });
    expect(res.json().onHand).toBe(4);
    const low = await rows<{ payload: { sku: string; onHand: number; threshold: number } }>(app.database.db, sql`select payload from events.outbox where type = 'stock.low'`);
    expect(low.map((e) => e.payload)).toEqual([expect.objectContaining({ sku: 'HEART-1', onHand: 4, threshold: 5 })]);
    await app.inject({ method: 'POST', url: '/api/admin/inventory/movements', headers: auth(admin), payload: { sku: 'HEART-1', quantity: 2, type: 'receipt', reason: 'delivery' } });
  });

  it('checks the sign of the quantity against the type', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/admin/inventory/movements', headers: auth(admin), payload: { sku: 'HEART-1', quantity: 5, type: 'sale', reason: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('INVENTORY.INVALID_QUANTITY');
    const unknown = await app.inject({ method: 'POST', url: '/api/admin/inventory/movements', headers: auth(admin), payload: { sku: 'NOPE', quantity: 5, type: 'receipt', reason: 'x' } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('INVENTORY.SKU_NOT_FOUND');
  });

  it('never goes below zero under concurrent writes', async () => {
    await app.inject({ method: 'POST', url: '/api/admin/inventory/movements', headers: auth(admin), payload: { sku: 'BAG-1', quantity: 10, type: 'receipt', reason: 'delivery' } });
    const attempts = await Promise.all(
      Array.from({ length: 30 }, () =>
        app.inject({ method: 'POST', url: '/api/admin/inventory/movements', headers: auth(admin), payload: { sku: 'BAG-1', quantity: -1, type: 'sale', reason: 'rush' } }),
      ),
    );
    const ok = attempts.filter((r) => r.statusCode === 201).length;
    expect(ok).toBe(10);
    expect(attempts.filter((r) => r.statusCode === 409)).toHaveLength(20);
    const [v] = await rows<{ on_hand: number; sum: number }>(
      app.database.db,
      sql`select v.on_hand, (select sum(quantity)::int from catalog.stock_movement m where m.variant_id = v.id) as sum from catalog.variant v where sku = 'BAG-1'`,
    );
    expect(v).toEqual({ on_hand: 0, sum: 0 });
  }, onPostgres ? 60_000 : 30_000);

  it('requires inventory permissions', async () => {
    const analyst = await app.tokenFor(['analyst']);
    const res = await app.inject({ method: 'POST', url: '/api/admin/inventory/movements', headers: auth(analyst), payload: { sku: 'BAG-1', quantity: 1, type: 'receipt', reason: 'x' } });
    expect(res.statusCode).toBe(403);
    const anon = await app.inject({ method: 'POST', url: '/api/admin/inventory/movements', payload: { sku: 'BAG-1', quantity: 1, type: 'receipt', reason: 'x' } });
    expect(anon.statusCode).toBe(401);
  });
});

describe('sales and releases (the contract checkout and orders use)', () => {
  const onHand = async (sku: string) => (await app.inject({ url: `/api/admin/inventory/${sku}/movements`, headers: auth(admin) })).json().onHand as number;
  const ledger = async (sku: string) => (await app.inject({ url: `/api/admin/inventory/${sku}/movements`, headers: auth(admin) })).json().data as { type: string; quantity: number; reason: string }[];
  /** Sells `lines` in a transaction of its own, as the checkout does: the sale is its last statement. */
  const sell = (lines: { sku: string; quantity: number }[], reference: string) =>
    app.database.transaction(async (tx) => {
      await commitWithNextStatement(tx);
      await app.catalog.sellStock(tx, lines, reference, 'tester');
    });

  beforeAll(async () => {
    await createProduct({ title: 'Tealight Set', status: 'active', categoryId: roots.bags, variants: [{ sku: 'SET-A', price: gbp(300) }, { sku: 'SET-B', title: 'Large', price: gbp(400) }] });
    for (const sku of ['SET-A', 'SET-B']) {
      await app.inject({ method: 'POST', url: '/api/admin/inventory/movements', headers: auth(admin), payload: { sku, quantity: 3, type: 'receipt', reason: 'delivery' } });
    }
  });

  it('sells every line or none: a short line names its SKU and on-hand, an unknown SKU is 404', async () => {
    await expect(sell([{ sku: 'SET-A', quantity: 1 }, { sku: 'SET-B', quantity: 5 }], 'order:short')).rejects.toMatchObject({
      code: 'INVENTORY.INSUFFICIENT_STOCK', extensions: { sku: 'SET-B', onHand: 3, requested: 5 },
    });
    await expect(sell([{ sku: 'SET-A', quantity: 1 }, { sku: 'SET-NOPE', quantity: 1 }], 'order:unknown')).rejects.toMatchObject({ code: 'INVENTORY.SKU_NOT_FOUND', status: 404 });
    expect([await onHand('SET-A'), await onHand('SET-B')]).toEqual([3, 3]);
  });

  it('records a sale per SKU, and a cancellation puts the stock back once, as release movements', async () => {
    await sell([{ sku: 'SET-B', quantity: 2 }, { sku: 'SET-A', quantity: 1 }, { sku: 'SET-A', quantity: 1 }], 'order:ord_1');
    expect([await onHand('SET-A'), await onHand('SET-B')]).toEqual([1, 1]);
    expect((await ledger('SET-A'))[0]).toMatchObject({ type: 'sale', quantity: -2, reason: 'Sold: order:ord_1' });
    for (let i = 0; i < 2; i++) {
      await app.database.transaction((tx) => app.catalog.releaseStock(tx, [{ sku: 'SET-A', quantity: 2 }, { sku: 'SET-B', quantity: 2 }], 'order:ord_1', 'tester'));
    }
    expect([await onHand('SET-A'), await onHand('SET-B')]).toEqual([3, 3]);
    for (const sku of ['SET-A', 'SET-B']) {
      expect((await ledger(sku)).map((m) => m.type)).toEqual(['release', 'sale', 'receipt']);
      expect((await ledger(sku))[0]).toMatchObject({ quantity: 2, reason: 'Released: order:ord_1' });
    }
    const changed = await rows<{ movement_type: string }>(app.database.db, sql`select payload->>'movementType' as movement_type from events.outbox where type = 'stock.changed' and payload->>'sku' = 'SET-A' order by id`);
    expect(changed.map((e) => e.movement_type)).toEqual(['receipt', 'sale', 'release']);
  });

  it('refuses release as a hand-recorded movement (400): releases come from cancelled orders', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/admin/inventory/movements', headers: auth(admin), payload: { sku: 'SET-A', quantity: 1, type: 'release', reason: 'x' } });
    expect(res.statusCode).toBe(400);
  });
});

describe('back-office media and stock views', () => {
  it('uploads a product image, serves it, and refuses non-images', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const boundary = '----img' + Date.now();
    const body = (type: string, data: Buffer) =>
      Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="lantern.png"\r\nContent-Type: ${type}\r\n\r\n`), data, Buffer.from(`\r\n--${boundary}--\r\n`)]);
    const headers = { ...auth(admin), 'content-type': `multipart/form-data; boundary=${boundary}` };
    const res = await app.inject({ method: 'POST', url: '/api/admin/products/moroccan-metal-lantern/images', headers, payload: body('image/png', png) });
    expect(res.statusCode, res.body).toBe(201);
    const image = res.json().images[0];
    expect(image).toMatchObject({ url: expect.stringMatching(/^\/uploads\/img_\w+\.png$/), alt: 'lantern' });
    const served = await app.inject({ url: image.url });
    expect(served.statusCode).toBe(200);
    expect(served.rawPayload.equals(png)).toBe(true);
    const text = await app.inject({ method: 'POST', url: '/api/admin/products/moroccan-metal-lantern/images', headers, payload: body('text/plain', Buffer.from('hello')) });
    expect(text.statusCode).toBe(415);
    expect(text.json().code).toBe('CATALOG.UNSUPPORTED_IMAGE');
  });

  it('takes an image type from its bytes, not from the client: non-images and mismatches answer 415, nothing stored', async () => {
    const boundary = '----sniff' + Date.now();
    const body = (filename: string, type: string, data: Buffer) =>
      Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`), data, Buffer.from(`\r\n--${boundary}--\r\n`)]);
    const headers = { ...auth(admin), 'content-type': `multipart/form-data; boundary=${boundary}` };
    const upload = (filename: string, type: string, data: Buffer) =>
      app.inject({ method: 'POST', url: '/api/admin/products/white-hanging-heart-t-light-holder/images', headers, payload: body(filename, type, data) });
    const html = Buffer.from('<!doctype html><html><script>alert(document.cookie)</script></html>');
    const jpeg = Buffer.from('ffd8ffe000104a46494600010100000100010000ffdb004300', 'hex');
    const gif = Buffer.from('47494638396101000100800000ffffff00000021f90401000000002c00000000010001000002024401003b', 'hex');
    for (const [what, res, code] of [
      ['HTML sent as image/png', await upload('x.png', 'image/png', html), 'CATALOG.UNSUPPORTED_IMAGE'],
      ['random bytes sent as image/webp', await upload('x.webp', 'image/webp', Buffer.from('0102030405060708090a0b0c', 'hex')), 'CATALOG.UNSUPPORTED_IMAGE'],
      ['JPEG bytes sent as image/png', await upload('x.png', 'image/png', jpeg), 'CATALOG.IMAGE_TYPE_MISMATCH'],
    ] as const) {
      expect(res.statusCode, `${what}: ${res.body}`).toBe(415);
      expect(res.json().code, what).toBe(code);
    }
    const product = await app.inject({ url: '/api/admin/products/white-hanging-heart-t-light-holder', headers: auth(admin) });
    expect(product.json().images).toEqual([]);
    // A real GIF declared as one is stored with the extension of what it is.
    const ok = await upload('spot.gif', 'image/gif', gif);
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().images[0].url).toMatch(/^\/uploads\/img_\w+\.gif$/);
  });

  it('lists low-stock variants', async () => {
    const res = await app.inject({ url: '/api/admin/inventory/low-stock', headers: auth(admin) });
    const skus = res.json().data.map((v: { sku: string }) => v.sku);
    expect(skus).toContain('BAG-1L'); // 0 on hand, threshold 5
    expect(skus).not.toContain('LANT-1'); // 10 on hand
  });
});
