/**
 * The buying scenarios of `npm run bench` (PostgreSQL only), over real HTTP against the child
 * server, as a guest shopper would call the API:
 * - checkout: `shoppers` concurrent loops of POST /api/carts → POST /api/carts/{id}/items →
 *   POST /api/orders (test provider, card 4242…), timed per request and per loop;
 * - add-to-cart: POST /api/carts/{id}/items under autocannon, one guest cart per connection.
 * Setup goes through the admin API: log in, receive stock for a few catalog SKUs.
 */
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import type autocannon from 'autocannon';

/** The admin the buying server is started with (COMPTOIR_ADMIN_EMAIL / COMPTOIR_ADMIN_PASSWORD). */
export const BENCH_ADMIN = { email: 'bench-admin@example.test', password: 'comptoir-bench-admin-password' } as const;
/** Units received per SKU before the buying scenarios (the largest single movement the API takes). */
export const RECEIPT_UNITS = 1_000_000;
/**
 * The cap on one line's quantity the buying server runs with (its `MAX_UNITS_PER_SKU`; the cart
 * schema's own cap, MAX_LINE_QUANTITY in src/modules/cart/cart.schemas.ts, is 999 too).
 */
export const MAX_LINE_QUANTITY = 999;

/** One HTTP answer: status, body text and the time from sending to the end of the body. */
export interface Reply {
  status: number;
  body: string;
  ms: number;
}

/** A keep-alive HTTP/1.1 client for one server (node:http, at most `sockets` connections). */
export class HttpClient {
  private readonly agent: Agent;

  constructor(readonly base: string, sockets: number) {
    this.agent = new Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
  }

  /** Sends `body` as JSON when given. Rejects on a connection error or after `timeoutMs`. */
  call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, timeoutMs = 10_000): Promise<Reply> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const allHeaders: Record<string, string | number> = { ...headers };
    if (payload !== undefined) {
      allHeaders['content-type'] = 'application/json';
      allHeaders['content-length'] = Buffer.byteLength(payload);
    }
    return new Promise((resolve, reject) => {
      const since = performance.now();
      const req = request(`${this.base}${path}`, { method, headers: allHeaders, agent: this.agent, timeout: timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - since }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timed out after ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** `call`, then the body parsed as JSON. @throws Error unless the status is `expected`. */
  async json<T>(expected: number, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
    const r = await this.call(method, path, body, headers);
    if (r.status !== expected) throw new Error(`${method} ${path} answered ${r.status} (expected ${expected}): ${r.body.slice(0, 300)}`);
    return JSON.parse(r.body) as T;
  }

  close(): void {
    this.agent.destroy();
  }
}

/** A guest cart and its token. */
export interface GuestCart {
  id: string;
  token: string;
}

/**
 * Logs in as {@link BENCH_ADMIN}, takes the first `count` SKUs priced in GBP from
 * GET /api/products (the imported catalog) and receives {@link RECEIPT_UNITS} of each.
 * @throws Error when the login, the list or a movement fails, or fewer SKUs are found.
 */
export async function stockSkus(client: HttpClient, count: number): Promise<string[]> {
  const login = await client.json<{ accessToken: string }>(200, 'POST', '/api/auth/login', BENCH_ADMIN);
  const auth = { authorization: `Bearer ${login.accessToken}` };
  const list = await client.json<{ data: Array<{ variants?: Array<{ sku: string; price: { currency: string } }> }> }>(200, 'GET', '/api/products?limit=50');
  const skus = list.data.flatMap((p) => p.variants?.filter((v) => v.price.currency === 'GBP').slice(0, 1).map((v) => v.sku) ?? []).slice(0, count);
  if (skus.length < count) throw new Error(`GET /api/products?limit=50 has ${skus.length} GBP SKUs, ${count} needed`);
  for (const sku of skus) {
    await client.json(201, 'POST', '/api/admin/inventory/movements', { sku, quantity: RECEIPT_UNITS, type: 'receipt', reason: 'bench: buying scenarios' }, auth);
  }
  return skus;
}

/** The second site of the `site-products` row: code, currency, and its price of a GBP price (×1.17, to the cent). */
export const BENCH_SITE = { code: 'eu', name: 'Bench Europe', currency: 'EUR', rate: 1.17 } as const;

/**
 * Logs in as {@link BENCH_ADMIN}, creates {@link BENCH_SITE} and publishes every active product
 * on it (`PATCH /api/admin/products/{id}`: its sites plus `eu`, each variant priced in EUR), 10 at
 * a time, as a merchant opening a second storefront would. Returns how many products it published.
 * @throws Error when the login, the site or a product update fails.
 */
export async function openSecondSite(client: HttpClient): Promise<number> {
  const login = await client.json<{ accessToken: string }>(200, 'POST', '/api/auth/login', BENCH_ADMIN);
  const auth = { authorization: `Bearer ${login.accessToken}` };
  await client.json(201, 'POST', '/api/admin/sites', { code: BENCH_SITE.code, name: BENCH_SITE.name, currency: BENCH_SITE.currency, contactEmail: 'eu@example.test', hosts: [], defaultLanguage: 'en', languages: ['en'] }, auth);
  type AdminProduct = { id: string; sites: string[]; variants: { sku: string; price: { amount: number; currency: string } }[] };
  const products: AdminProduct[] = [];
  for (let page = 1; ; page++) {
    const got = await client.json<{ data: AdminProduct[]; pagination: { total: number } }>(200, 'GET', `/api/admin/products?status=active&limit=100&page=${page}`, undefined, auth);
    products.push(...got.data);
    if (got.data.length < 100) break;
  }
  await inTurn(products.length, 10, async (i) => {
    const p = products[i]!;
    await client.json(200, 'PATCH', `/api/admin/products/${p.id}`, {
      sites: [...new Set([...p.sites, BENCH_SITE.code])],
      variants: p.variants.map((v) => ({ sku: v.sku, price: v.price, sitePrices: [{ site: BENCH_SITE.code, price: { amount: Math.round(v.price.amount * BENCH_SITE.rate), currency: BENCH_SITE.currency } }] })),
    }, auth);
  });
  return products.length;
}

/** Runs `task(0)` … `task(count - 1)`, `concurrency` at a time; rejects with the first failure. */
async function inTurn(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/** Creates `count` guest carts, `concurrency` at a time. @throws Error on an answer other than 201. */
export async function createCarts(client: HttpClient, count: number, concurrency = 10): Promise<GuestCart[]> {
  const carts: GuestCart[] = [];
  await inTurn(count, concurrency, async () => {
    const c = await client.json<{ id: string; token: string }>(201, 'POST', '/api/carts');
    carts.push({ id: c.id, token: c.token });
  });
  return carts;
}

/**
 * `count` guest carts with one line each (quantity 1, `skus` in turn), created and left as
 * shoppers who never order leave them, `concurrency` at a time.
 * @throws Error when an answer is not the expected 201 / 200.
 */
export async function abandonCarts(client: HttpClient, count: number, skus: string[], concurrency = 20): Promise<void> {
  await inTurn(count, concurrency, async (i) => {
    const cart = await client.json<{ id: string; token: string }>(201, 'POST', '/api/carts');
    await client.json(200, 'POST', `/api/carts/${cart.id}/items`, { sku: skus[i % skus.length], quantity: 1 }, { 'x-cart-token': cart.token });
  });
}

/** The checkout body of one guest order (GB address, standard shipping, test card that succeeds). */
export function checkoutBody(cartId: string, n: number): unknown {
  return {
    cartId, email: `shopper${n}@example.test`, shippingMethodId: 'standard',
    shippingAddress: { firstName: 'Bench', lastName: 'Shopper', line1: '1 High St', city: 'York', postalCode: 'YO1 1AA', country: 'GB' },
    payment: { method: 'test', card: { number: '4242424242424242', expMonth: 12, expYear: 2030, cvc: '123' } },
  };
}

/** p50 / p95 / p99 of a list of durations, ms (nearest rank; NaN when empty). */
export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  count: number;
}

export function percentiles(values: number[]): Percentiles {
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => (sorted.length ? (sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? NaN) : NaN);
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), count: sorted.length };
}

/** What the checkout scenario measured (the measured window only; the warm-up is thrown away). */
export interface CheckoutResult {
  shoppers: number;
  durationSeconds: number;
  /** POST /api/orders answered 201 within the window. */
  completed: number;
  checkoutsPerSecond: number;
  /** POST /api/orders latency of the completed checkouts. */
  order: Percentiles;
  /** Whole loop (cart + item + order) of the completed checkouts. */
  loop: Percentiles;
  /** The two steps before the order, for reading the loop. */
  cart: Percentiles;
  item: Percentiles;
  /** Answers other than the expected one, by "step status" (e.g. "order 409"). */
  failures: Record<string, number>;
  /** The first unexpected answer's body (start), to say why. */
  firstFailure?: string;
  /** Connection errors and timeouts. */
  errors: number;
  /** Server CPU time (user + system) in the measured window ÷ completed checkouts, ms; absent without `cpuMs`. */
  serverCpuMsPerCheckout?: number;
  /** PostgreSQL's CPU time (all its local processes) in the measured window ÷ completed checkouts, ms; absent without `databaseCpuMs`. */
  databaseCpuMsPerCheckout?: number;
}

/** How to run the checkout scenario. */
export interface CheckoutOptions {
  shoppers: number;
  warmupSeconds: number;
  durationSeconds: number;
  /** SKUs bought, quantity 1: shopper k always buys `skus[k % skus.length]` (one SKU: everybody buys the same product). */
  skus: string[];
  /** True when the server has gone: the loops stop. */
  serverGone: () => boolean;
  /** The server's CPU time so far, ms (read when the measured window opens and closes). */
  cpuMs?: () => number;
  /** The database server's CPU time so far, ms (same reads), when it runs on this machine. */
  databaseCpuMs?: () => number | undefined;
}

/** Loops in flight, so that Ctrl-C can stop them. */
const stopFlags = new Set<{ stop: boolean }>();

/** Stops every checkout loop in flight (Ctrl-C). */
export function stopShoppers(): void {
  for (const flag of stopFlags) flag.stop = true;
}

/**
 * Runs `shoppers` concurrent loops of cart → item (one of `skus`, quantity 1) → order for
 * `warmupSeconds + durationSeconds`; counts and times what completes inside the measured window.
 * Each loop uses its own keep-alive connection (one client, `shoppers` sockets).
 */
export async function runCheckouts(client: HttpClient, opts: CheckoutOptions): Promise<CheckoutResult> {
  const run = randomUUID().slice(0, 8);
  const flag = { stop: false };
  stopFlags.add(flag);
  const startAt = performance.now();
  const from = startAt + opts.warmupSeconds * 1000;
  const until = from + opts.durationSeconds * 1000;
  const inWindow = (t: number) => t >= from && t <= until;
  const samples = { order: [] as number[], loop: [] as number[], cart: [] as number[], item: [] as number[] };
  const failures: Record<string, number> = {};
  let firstFailure: string | undefined;
  let errors = 0;
  let n = 0;
  const cpu: { from?: number; until?: number } = {};
  const databaseCpu: { from?: number; until?: number } = {};
  const readCpu = (at: 'from' | 'until') => {
    databaseCpu[at] = opts.databaseCpuMs?.();
    try {
      cpu[at] = opts.cpuMs?.();
    } catch {
      // the server has gone: no CPU figure
    }
  };
  const timers = [setTimeout(() => readCpu('from'), from - startAt), setTimeout(() => readCpu('until'), until - startAt)];

  const fail = (step: string, r: Reply) => {
    if (!inWindow(performance.now())) return;
    const key = `${step} ${r.status}`;
    failures[key] = (failures[key] ?? 0) + 1;
    firstFailure ??= `${key}: ${r.body.slice(0, 200)}`;
  };

  const shopper = async (sku: string) => {
    while (!flag.stop && performance.now() < until && !opts.serverGone()) {
      const i = n++;
      const loopStart = performance.now();
      try {
        const cart = await client.call('POST', '/api/carts');
        if (cart.status !== 201) {
          fail('cart', cart);
          continue;
        }
        const { id, token } = JSON.parse(cart.body) as GuestCart;
        const headers = { 'x-cart-token': token };
        const item = await client.call('POST', `/api/carts/${id}/items`, { sku, quantity: 1 }, headers);
        if (item.status !== 200) {
          fail('item', item);
          continue;
        }
        const order = await client.call('POST', '/api/orders', checkoutBody(id, i), { ...headers, 'idempotency-key': `bench-${run}-${i}` });
        const end = performance.now();
        if (order.status !== 201) {
          fail('order', order);
          continue;
        }
        if (inWindow(end)) {
          samples.order.push(order.ms);
          samples.loop.push(end - loopStart);
          samples.cart.push(cart.ms);
          samples.item.push(item.ms);
        }
      } catch {
        if (inWindow(performance.now())) errors++;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  };

  try {
    await Promise.all(Array.from({ length: opts.shoppers }, (_, k) => shopper(opts.skus[k % opts.skus.length] as string)));
  } finally {
    stopFlags.delete(flag);
    for (const t of timers) clearTimeout(t);
  }
  const perCheckout = (c: { from?: number; until?: number }) =>
    c.from !== undefined && c.until !== undefined && samples.order.length > 0 ? (c.until - c.from) / samples.order.length : undefined;
  return {
    shoppers: opts.shoppers,
    durationSeconds: opts.durationSeconds,
    completed: samples.order.length,
    checkoutsPerSecond: samples.order.length / opts.durationSeconds,
    order: percentiles(samples.order),
    loop: percentiles(samples.loop),
    cart: percentiles(samples.cart),
    item: percentiles(samples.item),
    failures,
    firstFailure,
    errors,
    serverCpuMsPerCheckout: perCheckout(cpu),
    databaseCpuMsPerCheckout: perCheckout(databaseCpu),
  };
}

/**
 * Guest carts handed to autocannon connections, one at a time: a connection takes a cart for its
 * request sequence and never shares it, so no two requests wait on the same cart's lock.
 * `wrapped` counts claims past the end (the cart is reused: its lines may be full, expect 409s).
 */
export class CartPool {
  private next = 0;
  wrapped = 0;

  constructor(private readonly carts: GuestCart[]) {
    if (carts.length === 0) throw new Error('empty cart pool');
  }

  claim(): GuestCart {
    if (this.next >= this.carts.length) this.wrapped++;
    return this.carts[this.next++ % this.carts.length] as GuestCart;
  }
}

/**
 * autocannon `requests` for add-to-cart: a sequence of `skus.length × 999` POSTs of quantity 1,
 * cycling through `skus`, all on the cart the connection claims from `pool` when its sequence
 * starts (autocannon's per-connection context is reset when a sequence wraps, and a fresh cart is
 * claimed then). So no line ever passes the cart's 999-per-line cap and every request should be 200.
 */
export function addToCartRequests(pool: CartPool, skus: string[]): autocannon.Request[] {
  const bodies = skus.map((sku) => JSON.stringify({ sku, quantity: 1 }));
  const setupRequest = (j: number) => (req: autocannon.Request, context: object): autocannon.Request => {
    const ctx = context as { cart?: GuestCart };
    ctx.cart ??= pool.claim();
    return {
      ...req,
      method: 'POST',
      path: `/api/carts/${ctx.cart.id}/items`,
      headers: { ...req.headers, 'content-type': 'application/json', 'x-cart-token': ctx.cart.token },
      body: bodies[j % bodies.length],
    };
  };
  return Array.from({ length: skus.length * MAX_LINE_QUANTITY }, (_, j) => ({ method: 'POST', setupRequest: setupRequest(j) }));
}
