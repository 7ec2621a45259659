/**
 * The back office's lists: order search (number, partial e-mail, name), named views, sorts and
 * selections; CSV exports of orders, products and customers (streamed, formula-safe, permission
 * checked); the dashboard's order overview with its ETag; product images (reorder, alt texts,
 * delete) and the category tree's delete rule.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { S3ObjectStore } from '../src/platform/storage/index.js';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/app.js';

let app: TestApp;
let admin: string;
let categoryId: string;
let keys = 0;
const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const gbp = (amount: number) => ({ amount, currency: 'GBP' });
const VISA_OK = '4242 4242 4242 4242';
const address = (firstName: string, lastName: string) => ({ firstName, lastName, line1: '1 High St', city: 'York', postalCode: 'YO1 1AA', country: 'GB' });

type Order = { id: string; number: string; status: string; email: string; totals: { total: { amount: number } } };

/** Places a guest order of `quantity` LAMP for `email` and `name`, by card (confirmed) or bank transfer (awaiting payment). */
async function placeOrder(email: string, name: [string, string], quantity = 1, method: 'card' | 'bank_transfer' = 'card'): Promise<Order> {
  const cart = (await app.inject({ method: 'POST', url: '/api/carts', payload: {} })).json();
  const add = await app.inject({ method: 'POST', url: `/api/carts/${cart.id}/items`, headers: { 'x-cart-token': cart.token }, payload: { sku: 'LAMP', quantity } });
  expect(add.statusCode, add.body).toBeLessThan(300);
  const payment = method === 'card' ? { method: 'test', card: { number: VISA_OK, expMonth: 12, expYear: 2030, cvc: '123' } } : { method: 'bank_transfer' };
  const res = await app.inject({
    method: 'POST', url: '/api/orders', headers: { 'idempotency-key': `k-${++keys}`, 'x-cart-token': cart.token },
    payload: { cartId: cart.id, email, shippingAddress: address(...name), shippingMethodId: 'standard', payment },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

function list(query: string, token = admin) {
  return app.inject({ url: `/api/admin/orders?${query}`, headers: auth(token) });
}
const numbers = (res: { json(): unknown }) => (res.json() as { data: Order[] }).data.map((o) => o.number);

/** Parses a CSV answer (byte order mark dropped) into records. */
const csv = (body: string) => parse(body, { bom: true, relax_column_count: false }) as string[][];

let ada: Order;
let grace: Order;
let alan: Order;
let transfer: Order;
let refunded: Order;

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.tokenFor(['admin']);
  categoryId = (await app.inject({ method: 'POST', url: '/api/admin/categories', headers: auth(admin), payload: { name: 'Lamps' } })).json().id;
  const p = await app.inject({ method: 'POST', url: '/api/admin/products', headers: auth(admin), payload: { title: 'Desk Lamp', status: 'active', categoryId, variants: [{ sku: 'LAMP', price: gbp(1999) }] } });
  expect(p.statusCode, p.body).toBe(201);
  await app.inject({ method: 'POST', url: '/api/admin/inventory/movements', headers: auth(admin), payload: { sku: 'LAMP', quantity: 500, type: 'receipt', reason: 'delivery' } });
  ada = await placeOrder('ada.lovelace@example.test', ['Ada', 'Lovelace'], 1);
  grace = await placeOrder('grace@navy.example', ['Grace', 'Hopper'], 3);
  alan = await placeOrder('=cmd@evil.example', ['Alan', 'Turing'], 2);
  transfer = await placeOrder('transfer@example.test', ['Mary', 'Somerville'], 1, 'bank_transfer');
  refunded = await placeOrder('refund@example.test', ['Emmy', 'Noether'], 1, 'bank_transfer');
  expect((await app.inject({ method: 'POST', url: `/api/admin/orders/${refunded.id}/payment-received`, headers: auth(admin), payload: {} })).statusCode).toBe(200);
  const refund = await app.inject({ method: 'POST', url: `/api/admin/orders/${refunded.id}/refunds`, headers: auth(admin), payload: { amount: 500, reason: 'scratched' } });
  expect(refund.statusCode, refund.body).toBe(201);
});
afterAll(() => app?.close());

describe('order search, views and sorts', () => {
  it('finds an order by its number, by part of it, by a partial e-mail and by the customer\'s name', async () => {
    expect(numbers(await list(`q=${ada.number}`))).toEqual([ada.number]);
    expect(numbers(await list(`q=${ada.number.slice(4)}`))).toEqual([ada.number]);
    expect(numbers(await list('q=NAVY.EXA'))).toEqual([grace.number]);
    expect(numbers(await list('q=hopper'))).toEqual([grace.number]);
    expect(numbers(await list(`q=${encodeURIComponent('Alan Tur')}`))).toEqual([alan.number]);
    // LIKE wildcards are literal: "%" matches no order.
    expect(numbers(await list('q=%25'))).toEqual([]);
  });

  it('lists the named views: to fulfil, awaiting payment, refunded', async () => {
    expect(new Set(numbers(await list('view=to_fulfil')))).toEqual(new Set([ada.number, grace.number, alan.number, refunded.number]));
    expect(numbers(await list('view=awaiting_payment'))).toEqual([transfer.number]);
    expect(numbers(await list('view=refunded'))).toEqual([refunded.number]);
    // A view combines with the search.
    expect(numbers(await list('view=to_fulfil&q=ada'))).toEqual([ada.number]);
  });

  it('sorts by total, number and e-mail both ways, and selects by ids', async () => {
    const byTotal = (await list('sort=-total')).json().data as Order[];
    expect(byTotal[0]!.number).toBe(grace.number);
    expect(byTotal.map((o) => o.totals.total.amount)).toEqual([...byTotal.map((o) => o.totals.total.amount)].sort((a, b) => b - a));
    const all = [ada, grace, alan, transfer, refunded].map((o) => o.number).sort();
    expect(numbers(await list('sort=number'))).toEqual(all);
    expect(numbers(await list('sort=-number'))).toEqual([...all].reverse());
    expect(numbers(await list('sort=email'))[0]).toBe(alan.number); // "=cmd@…" sorts before letters
    expect(numbers(await list(`ids=${ada.id},${transfer.id}&sort=number`))).toEqual([ada.number, transfer.number].sort());
  });

  it('refuses unbounded or malformed parameters with 400 problems', async () => {
    for (const query of ['view=lost', 'sort=random', `q=${'x'.repeat(201)}`, 'q=', 'ids=a,,b', `ids=${Array.from({ length: 101 }, (_, i) => `o${i}`).join(',')}`, 'ids=a;drop']) {
      const res = await list(query);
      expect(res.statusCode, query).toBe(400);
      expect(res.headers['content-type'], query).toMatch(/application\/problem\+json/);
    }
  });
});

describe('CSV exports', () => {
  it('streams the orders of the current search and view as formula-safe CSV', async () => {
    const res = await app.inject({ url: '/api/admin/orders/export?view=to_fulfil&sort=number', headers: auth(admin) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="orders-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.headers['cache-control']).toBe('no-store');
    // Streamed: no length known up front, sent in chunks.
    expect(res.headers['content-length']).toBeUndefined();
    expect(res.headers['transfer-encoding']).toBe('chunked');
    expect(res.body.startsWith('\ufeffnumber,placed_at,status,email,customer_name')).toBe(true);
    const [header, ...records] = csv(res.body);
    expect(records.map((r) => r[0])).toEqual([ada.number, grace.number, alan.number, refunded.number].sort());
    const at = (name: string) => header!.indexOf(name);
    const graceRow = records.find((r) => r[0] === grace.number)!;
    expect(graceRow[at('customer_name')]).toBe('Grace Hopper');
    expect(graceRow[at('items')]).toBe('3');
    expect(graceRow[at('total')]).toBe((grace.totals.total.amount / 100).toFixed(2));
    // The e-mail "=cmd@evil.example" would be a formula in a spreadsheet: it is written as text.
    expect(records.find((r) => r[0] === alan.number)![at('email')]).toBe("'=cmd@evil.example");
  });

  it('escapes every formula start (= + - @ tab CR) in product exports, and reads past a batch', async () => {
    const hostile = ['=HYPERLINK("http://x","y")', '+1+2', '-2+3', '@SUM(A1)', '\tTAB', '\rCR'];
    const created: string[] = [];
    for (const [i, title] of hostile.entries()) {
      // Variant titles are kept as typed (product titles are trimmed, which would drop a leading tab or CR).
      const res = await app.inject({
        method: 'POST', url: '/api/admin/products', headers: auth(admin),
        payload: { title: `Formula ${i}`, categoryId, variants: Array.from({ length: 100 }, (_, v) => ({ sku: `F${i}-${String(v).padStart(3, '0')}`, title, price: gbp(100 + v) })) },
      });
      expect(res.statusCode, res.body).toBe(201);
      created.push(res.json().id);
    }
    const res = await app.inject({ url: `/api/admin/products/export?q=${encodeURIComponent('F')}`, headers: auth(admin) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['transfer-encoding']).toBe('chunked');
    const [header, ...records] = csv(res.body);
    expect(header).toEqual(['product_id', 'slug', 'title', 'status', 'category', 'sku', 'variant_title', 'currency', 'price', 'cost_price', 'on_hand', 'low_stock_threshold']);
    // 600 variants: more than one batch of 500, each exactly once.
    const skus = records.map((r) => r[5]!).filter((s) => s.startsWith('F'));
    expect(skus).toHaveLength(600);
    expect(new Set(skus).size).toBe(600);
    const titles = new Set(records.filter((r) => r[5]!.startsWith('F')).map((r) => r[6]));
    expect(titles).toEqual(new Set(hostile.map((t) => `'${t}`)));
    expect(records.find((r) => r[5] === 'F0-001')![8]).toBe('1.01');
  });

  it('exports customers with the list\'s search, and only to those allowed to read them', async () => {
    await app.createUser({ email: 'export.me@example.test', password: 'correct horse battery', firstName: 'Export', lastName: 'Me' });
    const res = await app.inject({ url: '/api/admin/users/export?q=export.me', headers: auth(admin) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="customers-/);
    const [header, ...records] = csv(res.body);
    expect(header![1]).toBe('email');
    expect(records).toHaveLength(1);
    expect(records[0]!.slice(1, 4)).toEqual(['export.me@example.test', 'Export', 'Me']);

    const analyst = await app.tokenFor(['analyst']);
    for (const url of ['/api/admin/orders/export', '/api/admin/products/export', '/api/admin/users/export']) {
      expect((await app.inject({ url })).statusCode, url).toBe(401);
      const denied = await app.inject({ url, headers: auth(analyst) });
      expect(denied.statusCode, url).toBe(403);
      expect(denied.headers['content-type'], url).toMatch(/application\/problem\+json/);
    }
    const manager = await app.tokenFor(['manager']);
    expect((await app.inject({ url: '/api/admin/users/export', headers: auth(manager) })).statusCode).toBe(403);
  });

  it('sorts customers by e-mail both ways', async () => {
    const asc = (await app.inject({ url: '/api/admin/users?sort=email&limit=100', headers: auth(admin) })).json().data.map((u: { email: string }) => u.email);
    const desc = (await app.inject({ url: '/api/admin/users?sort=-email&limit=100', headers: auth(admin) })).json().data.map((u: { email: string }) => u.email);
    expect(asc.length).toBeGreaterThan(2);
    expect(desc).toEqual([...asc].reverse());
    expect((await app.inject({ url: '/api/admin/users?sort=password', headers: auth(admin) })).statusCode).toBe(400);
  });
});

describe('dashboard overview', () => {
  it('answers today\'s and this month\'s figures with an ETag, 304 while nothing changed, new figures after an order', async () => {
    const url = '/api/admin/orders/overview?timeZone=Europe/London';
    const first = await app.inject({ url, headers: auth(admin) });
    expect(first.statusCode, first.body).toBe(200);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const body = first.json();
    // Cancelled orders count nowhere; the five placed here are today's.
    expect(body.today.orders).toBe(5);
    expect(body.thisMonth.orders).toBeGreaterThanOrEqual(5);
    expect(body.today.revenue.amount).toBe([ada, grace, alan, transfer, refunded].reduce((n, o) => n + o.totals.total.amount, 0));
    expect(body.toFulfil).toBe(4);
    expect(body.awaitingPayment).toBe(1);
    expect(body.latest[0]).toMatchObject({ number: refunded.number, customerName: 'Emmy Noether' });
    expect(body.daily.at(-1)).toMatchObject({ orders: 5 });
    expect(body.daily.length).toBeGreaterThanOrEqual(29);

    const again = await app.inject({ url, headers: { ...auth(admin), 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');

    const newest = await placeOrder('late@example.test', ['Late', 'Comer']);
    const changed = await app.inject({ url, headers: { ...auth(admin), 'if-none-match': etag } });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(changed.json().latest[0].number).toBe(newest.number);
    expect(changed.json().today.orders).toBe(6);
  });

  it('refuses an unknown time zone and needs orders:read', async () => {
    const bad = await app.inject({ url: '/api/admin/orders/overview?timeZone=Mars/Olympus', headers: auth(admin) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('ORDERS.UNKNOWN_TIME_ZONE');
    expect((await app.inject({ url: '/api/admin/orders/overview', headers: auth(await app.tokenFor(['analyst'])) })).statusCode).toBe(403);
  });
});

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

async function upload(productId: string, filename: string) {
  const boundary = '----x';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: image/png\r\n\r\n`),
    PNG,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await app.inject({ method: 'POST', url: `/api/admin/products/${productId}/images`, headers: { ...auth(admin), 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { images: { url: string; alt?: string; altFr?: string }[] };
}

describe('product images', () => {
  it('reorders images, sets English and French alt texts, and deletes one with its file', async () => {
    const product = (await app.inject({ method: 'POST', url: '/api/admin/products', headers: auth(admin), payload: { title: 'Pictured', status: 'active', categoryId, variants: [{ sku: 'PIC-1', price: gbp(100) }] } })).json();
    await upload(product.id, 'front.png');
    await upload(product.id, 'side.png');
    const { images } = await upload(product.id, 'back.png');
    expect(images.map((i) => i.alt)).toEqual(['front', 'side', 'back']);
    const [front, side, back] = images as [{ url: string }, { url: string }, { url: string }];
    // Served publicly from the object store, inline, with the type of its bytes.
    const served = await app.inject({ url: side.url });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(served.rawPayload.equals(PNG)).toBe(true);
    expect(await app.storage.get(`product-images/${side.url.replace('/uploads/', '')}`)).not.toBeNull();

    const res = await app.inject({
      method: 'PUT', url: `/api/admin/products/${product.id}/images`, headers: auth(admin),
      payload: { images: [{ url: back.url, alt: 'Back of the lamp', altFr: 'Dos de la lampe' }, { url: front.url, alt: 'Front' }] },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().images).toEqual([{ url: back.url, alt: 'Back of the lamp', altFr: 'Dos de la lampe' }, { url: front.url, alt: 'Front' }]);
    expect((await app.inject({ url: side.url })).statusCode).toBe(404);
    expect(await app.storage.get(`product-images/${side.url.replace('/uploads/', '')}`)).toBeNull();
    expect((await app.inject({ url: back.url })).statusCode).toBe(200);
    // The storefront shows the new order and texts.
    const pub = (await app.inject({ url: `/api/products/${product.slug}` })).json();
    expect(pub.images[0]).toEqual({ url: back.url, alt: 'Back of the lamp', altFr: 'Dos de la lampe' });

    for (const images of [[{ url: side.url }], [{ url: front.url }, { url: front.url }], [{ url: 'https://elsewhere.example/x.png' }]]) {
      const refused = await app.inject({ method: 'PUT', url: `/api/admin/products/${product.id}/images`, headers: auth(admin), payload: { images } });
      expect(refused.statusCode, JSON.stringify(images)).toBe(400);
      expect(refused.json().code).toBe('CATALOG.UNKNOWN_IMAGE');
    }
    expect((await app.inject({ url: `/api/admin/products/${product.id}`, headers: auth(admin) })).json().images).toHaveLength(2);
  });
});

describe('product images on S3-compatible storage', () => {
  it('keeps an uploaded image in the bucket and serves it at its /uploads URL; images of older installs are still served from the data dir', async () => {
    const dir = mkdtempSync(join(tmpdir(), 's3rver-images-'));
    const s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, configureBuckets: [{ name: 'comptoir-images' }] });
    const { port } = await s3.run();
    const endpoint = `http://127.0.0.1:${port}`;
    const onS3 = await createTestApp({ s3: { endpoint, bucket: 'comptoir-images', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', region: 'us-east-1' } });
    try {
      const token = await onS3.tokenFor(['admin']);
      const cat = (await onS3.inject({ method: 'POST', url: '/api/admin/categories', headers: auth(token), payload: { name: 'Bucket lamps' } })).json().id;
      const product = (await onS3.inject({ method: 'POST', url: '/api/admin/products', headers: auth(token), payload: { title: 'Bucket lamp', status: 'active', categoryId: cat, variants: [{ sku: 'S3-LAMP', price: gbp(100) }] } })).json();
      const boundary = '----s3';
      const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="lamp.png"\r\nContent-Type: image/png\r\n\r\n`), PNG, Buffer.from(`\r\n--${boundary}--\r\n`)]);
      const res = await onS3.inject({ method: 'POST', url: `/api/admin/products/${product.id}/images`, headers: { ...auth(token), 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
      expect(res.statusCode, res.body).toBe(201);
      const url = (res.json() as { images: { url: string }[] }).images[0]!.url;
      const name = url.replace('/uploads/', '');
      const inBucket = new S3ObjectStore({ endpoint, bucket: 'comptoir-images', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' });
      expect((await inBucket.get(`product-images/${name}`))?.equals(PNG)).toBe(true);
      expect(existsSync(join(onS3.config.dataDir, 'uploads', name))).toBe(false);
      const served = await onS3.inject({ url });
      expect(served.statusCode).toBe(200);
      expect(served.rawPayload.equals(PNG)).toBe(true);
      // An image an older version wrote to <dataDir>/uploads.
      mkdirSync(join(onS3.config.dataDir, 'uploads'), { recursive: true });
      writeFileSync(join(onS3.config.dataDir, 'uploads', 'img_legacy.png'), PNG);
      expect((await onS3.inject({ url: '/uploads/img_legacy.png' })).statusCode).toBe(200);
      for (const bad of ['/uploads/missing.png', '/uploads/..%2Fjwt-secret', '/uploads/page.html']) {
        const refused = await onS3.inject({ url: bad });
        expect(refused.statusCode, bad).toBe(404);
        expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
      }
    } finally {
      await onS3.close();
      await s3.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('category delete', () => {
  it('shows what a category holds and refuses to delete it while it holds products', async () => {
    const shelf = (await app.inject({ method: 'POST', url: '/api/admin/categories', headers: auth(admin), payload: { name: 'Shelf' } })).json().id;
    await app.inject({ method: 'POST', url: '/api/admin/products', headers: auth(admin), payload: { title: 'Draft shelf', categoryId: shelf, variants: [{ sku: 'SHELF-1', price: gbp(100) }] } });
    const tree = (await app.inject({ url: '/api/admin/categories', headers: auth(admin) })).json().data as { id: string; heldProducts: number; productCount: number }[];
    expect(tree.find((c) => c.id === shelf)).toMatchObject({ heldProducts: 1, productCount: 0 });
    const refused = await app.inject({ method: 'DELETE', url: `/api/admin/categories/${shelf}`, headers: auth(admin) });
    expect(refused.statusCode).toBe(409);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.json()).toMatchObject({ code: 'CATALOG.CATEGORY_NOT_EMPTY', products: 1, subcategories: 0 });
    expect((await app.inject({ url: '/api/admin/categories', headers: auth(admin) })).json().data.some((c: { id: string }) => c.id === shelf)).toBe(true);

    const empty = (await app.inject({ method: 'POST', url: '/api/admin/categories', headers: auth(admin), payload: { name: 'Empty' } })).json().id;
    expect((await app.inject({ method: 'DELETE', url: `/api/admin/categories/${empty}`, headers: auth(admin) })).statusCode).toBe(204);
  });
});
