/**
 * Crash test (runs on PostgreSQL only): the server runs as a child process; 200 checkouts with
 * idempotency keys are fired at once; the server is killed with SIGKILL mid-way and restarted;
 * every checkout whose answer was lost is retried with its same key. Afterwards each checkout
 * has exactly one order, stock and promotion counters match the orders, and each placed order
 * produced exactly one confirmation mail. Then PostgreSQL drops all its connections: it keeps running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onPostgres } from './support/app.js';
import { freePort } from './support/wait.js';

const CHECKOUTS = 200;
const STOCK = 1_000;
const ADMIN = { email: 'crash-admin@example.test', password: 'crash-test-password' };

let dbName = '';
let dbUrl = '';
let port = 0;
let server: ChildProcess | undefined;
const dataDir = mkdtempSync(join(tmpdir(), 'comptoir-crash-'));

async function start(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
    env: {
      ...process.env, DATABASE_URL: dbUrl, PORT: String(port), HOST: '127.0.0.1', COMPTOIR_DATA_DIR: dataDir, COMPTOIR_DEMO: 'false',
      LOG_LEVEL: 'warn', JWT_SECRET: 'crash-test-secret-0123456789-0123456789', COMPTOIR_ADMIN_EMAIL: ADMIN.email, COMPTOIR_ADMIN_PASSWORD: ADMIN.password,
      AUTH_RATE_LIMIT: '10000', CART_RATE_LIMIT: '0', CHECKOUT_RATE_LIMIT: '0', WRITE_RATE_LIMIT: '0',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 300; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/ready`).then((r) => r.ok, () => false);
    if (ok) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('server did not become ready');
}

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers }, body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> & { id?: string } };
}

async function query<T>(sqlText: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  try {
    return (await c.query(sqlText, params)).rows as T[];
  } finally {
    await c.end();
  }
}

describe.skipIf(!onPostgres)('crash during 200 concurrent checkouts', () => {
  beforeAll(async () => {
    const base = new URL(process.env.DATABASE_URL as string);
    dbName = `comptoir_crash_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: base.toString() });
    await admin.connect();
    await admin.query(`create database "${dbName}"`);
    await admin.end();
    base.pathname = `/${dbName}`;
    dbUrl = base.toString();
    port = await freePort();
  });

  afterAll(async () => {
    server?.kill('SIGKILL');
    const base = new URL(process.env.DATABASE_URL as string);
    const admin = new pg.Client({ connectionString: base.toString() });
    await admin.connect();
    await admin.query(`drop database if exists "${dbName}" with (force)`);
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('ends with exactly one order per checkout, matching counters and one confirmation each', async () => {
    server = await start();
    const login = await call('POST', '/api/auth/login', ADMIN);
    const auth = { authorization: `Bearer ${login.body.accessToken as string}` };
    const cat = await call('POST', '/api/admin/categories', { name: 'Crash' }, auth);
    await call('POST', '/api/admin/products', { title: 'Sturdy Lantern', status: 'active', categoryId: cat.body.id, variants: [{ sku: 'CRASH-1', price: { amount: 1500, currency: 'GBP' } }] }, auth);
    await call('POST', '/api/admin/inventory/movements', { sku: 'CRASH-1', quantity: STOCK, type: 'receipt', reason: 'crash test' }, auth);
    const promo = await call('POST', '/api/admin/promotions', { code: 'CRASH10', type: 'percentage', value: 10 }, auth);
    expect(promo.status).toBe(201);

    const checkouts = [];
    for (let i = 0; i < CHECKOUTS; i++) {
      const cart = await call('POST', '/api/carts', {});
      const headers = { 'x-cart-token': cart.body.token as string };
      await call('POST', `/api/carts/${cart.body.id}/items`, { sku: 'CRASH-1', quantity: 1 + (i % 3) }, headers);
      if (i % 2 === 0) expect((await call('POST', `/api/carts/${cart.body.id}/promotions`, { code: 'CRASH10' }, headers)).status).toBe(200);
      checkouts.push({
        cartId: cart.body.id as string,
        quantity: 1 + (i % 3),
        headers: { ...headers, 'idempotency-key': `crash-${i}` },
        body: {
          cartId: cart.body.id, email: `shopper${i}@example.test`, shippingMethodId: 'standard',
          shippingAddress: { firstName: 'S', lastName: 'Hopper', line1: '1 High St', city: 'York', postalCode: 'YO1 1AA', country: 'GB' },
          payment: { method: 'test', card: { number: '4242424242424242', expMonth: 12, expYear: 2031, cvc: '123' } },
        },
      });
    }

    // Fire all at once; kill -9 the server once a quarter of the answers are back.
    const answers = new Map<number, number>();
    let killed = false;
    await Promise.all(
      checkouts.map(async (c, i) => {
        try {
          const r = await call('POST', '/api/orders', c.body, c.headers);
          answers.set(i, r.status);
        } catch {
          /* answer lost */
        }
        if (!killed && answers.size >= CHECKOUTS / 4) {
          killed = true;
          server!.kill('SIGKILL');
        }
      }),
    );
    expect(killed).toBe(true);
    const lost = checkouts.map((_, i) => i).filter((i) => !answers.has(i));
    expect(lost.length).toBeGreaterThan(0);

    // Restart and retry every lost checkout with its same key and body.
    if (server!.exitCode === null && server!.signalCode === null) await new Promise((r) => server!.once('exit', r));
    server = await start();
    for (const i of lost) {
      const c = checkouts[i]!;
      const r = await call('POST', '/api/orders', c.body, c.headers);
      answers.set(i, r.status);
    }
    expect([...answers.values()].every((s) => s === 200 || s === 201)).toBe(true);

    // Exactly one order per checkout (cart).
    const perCart = await query<{ cart_id: string; n: number; status: string }>(
      `select cart_id, count(*)::int as n, min(status) as status from orders."order" where source = 'web' group by cart_id`,
    );
    expect(perCart).toHaveLength(CHECKOUTS);
    expect(perCart.every((r) => r.n === 1 && r.status === 'confirmed')).toBe(true);

    // Stock and promotion counters match the orders.
    const [stock] = await query<{ on_hand: number }>(`select on_hand from catalog.variant where sku = 'CRASH-1'`);
    const sold = checkouts.reduce((s, c) => s + c.quantity, 0);
    expect(stock!.on_hand).toBe(STOCK - sold);
    const [uses] = await query<{ times_used: number }>(`select times_used from promotions.promotion where code = 'CRASH10'`);
    expect(uses!.times_used).toBe(CHECKOUTS / 2);
    const [discounted] = await query<{ n: number }>(`select count(*)::int as n from orders."order" where promotion_code = 'CRASH10'`);
    expect(discounted!.n).toBe(CHECKOUTS / 2);

    // One confirmation mail per placed order, once the relay has caught up (events claimed by the
    // killed process are claimed again when their 15 s lease expires).
    let mails: { order_mails: number; distinct_to: number }[] = [];
    for (let i = 0; i < 300; i++) {
      mails = await query(`select count(*)::int as order_mails, count(distinct "to")::int as distinct_to from notifications.mail_message where template = 'order_confirmation'`);
      if (mails[0]!.order_mails >= CHECKOUTS) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(mails[0]).toEqual({ order_mails: CHECKOUTS, distinct_to: CHECKOUTS });
  }, 240_000);

  it('keeps running when PostgreSQL drops its connections (restart, failover, pg_terminate_backend)', async () => {
    expect(server?.exitCode).toBeNull();
    const exited = new Promise<number | null>((resolve) => server?.once('exit', (code) => resolve(code)));
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    try {
      const { rows } = await admin.query('select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = $1', [dbName]);
      expect(rows[0].n).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    const outcome = await Promise.race([exited.then((code) => `exited with ${code}`), new Promise((r) => setTimeout(r, 2_000)).then(() => 'running')]);
    expect(outcome).toBe('running');
    expect((await call('POST', '/api/carts', {})).status).toBe(201);
  }, 30_000);
});
