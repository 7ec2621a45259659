/**
 * `node --import tsx bench/recommendations.ts [file.csv]`: the recommendations benchmark on
 * PostgreSQL. Imports the Online Retail file (default: the complete one in ../shared/data) into a
 * scratch database, times `comptoir recommendations build` (duration and peak resident memory
 * as the build records them), then serves and loads `GET /api/products/{id}/recommendations`
 * and `GET /api/carts/{id}/recommendations` (a 3-line guest cart) with 50 connections
 * (autocannon, 5 s warm-up, 15 s measured), next to `GET /api/products/{id}` under the same load
 * (the machine's share of CPU at that moment). Prints a Markdown table; drops the database at the end.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadWith } from './lib/load.js';
import { createScratchDatabase } from './lib/postgres.js';
import { freePort, killAllChildren, startChild, stopChild, waitUntilOk } from './lib/processes.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FILE = resolve(process.argv[2] ?? join(ROOT, '../shared/data/online-retail/online-retail-2010-12_2011-12.csv'));
const LOAD = { connections: 50, durationSeconds: 15, warmupSeconds: 5 };

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

async function main(): Promise<void> {
  const db = await createScratchDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'comptoir-reco-bench-'));
  const env = { ...process.env, DATABASE_URL: db.url, COMPTOIR_DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'warn', COMPTOIR_DEMO: 'false', JWT_SECRET: 'comptoir-bench-secret-not-for-production-use-0123456789', CART_RATE_LIMIT: '0', WRITE_RATE_LIMIT: '0' };
  const cli = (...args: string[]) => execFileSync('node', ['--import', 'tsx', 'src/main.ts', ...args], { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  try {
    log(`importing ${FILE}`);
    let t = Date.now();
    cli('import', 'online-retail', FILE, '--opening-stock', '1000000');
    const importS = (Date.now() - t) / 1000;
    log(`imported in ${importS.toFixed(0)} s; building`);
    t = Date.now();
    const built = cli('recommendations', 'build');
    const wallS = (Date.now() - t) / 1000;
    const m = /in (\d+) ms: (\d+) baskets, (\d+) items, (\d+) customers; peak memory (\d+) MB/.exec(built);
    log(built.trim());

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const server = startChild('server', 'node', ['--import', 'tsx', 'src/main.ts', 'serve'], { env: { ...env, PORT: String(port), HOST: '127.0.0.1' }, cwd: ROOT, logFile: join(dir, 'server.log') });
    await waitUntilOk(`${base}/ready`, server, Date.now(), 120_000, 100);
    const products = (await (await fetch(`${base}/api/products?limit=50&sort=newest`)).json()) as { data: { id: string; variants: { sku: string }[] }[] };
    let productId = '';
    for (const p of products.data) {
      const r = (await (await fetch(`${base}/api/products/${p.id}/recommendations`)).json()) as { source: string; data: unknown[] };
      if (r.source === 'co-purchase' && r.data.length >= 4) {
        productId = p.id;
        break;
      }
    }
    const cart = (await (await fetch(`${base}/api/carts`, { method: 'POST' })).json()) as { id: string; token: string };
    for (const sku of ['85123A', '22423', '47566']) {
      await fetch(`${base}/api/carts/${cart.id}/items`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-cart-token': cart.token }, body: JSON.stringify({ sku, quantity: 1 }) });
    }
    const rows: string[] = [];
    for (const [name, url, headers] of [
      ['baseline: the product itself (GET /api/products/{id}, cached)', `${base}/api/products/${productId}`, {}],
      ['product recommendations', `${base}/api/products/${productId}/recommendations?limit=10`, {}],
      ['cart complements (3 lines)', `${base}/api/carts/${cart.id}/recommendations?limit=10`, { 'x-cart-token': cart.token }],
    ] as const) {
      log(`loading ${name}`);
      const r = await loadWith(url, LOAD, () => ({ headers }));
      rows.push(`| ${name}, ${LOAD.connections} connections | ${Math.round(r.requestsPerSecond)} req/s | p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms | non-2xx ${r.non2xx}, errors ${r.errors} |`);
    }
    await stopChild(server);
    console.log(`Recommendations on PostgreSQL, ${FILE.split('/').pop()}, load average at the end ${loadavg().map((x) => x.toFixed(1)).join(' ')}\n`);
    console.log('| measure | value | detail | |\n|---|---|---|---|');
    console.log(`| full import (CLI) | ${importS.toFixed(0)} s | | |`);
    console.log(`| model build | ${m ? (Number(m[1]) / 1000).toFixed(1) : '?'} s (CLI wall ${wallS.toFixed(0)} s) | peak RSS ${m?.[5] ?? '?'} MB | ${m?.[2]} baskets, ${m?.[3]} items, ${m?.[4]} customers |`);
    for (const r of rows) console.log(r);
  } finally {
    killAllChildren();
    await db.drop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  killAllChildren();
  process.exit(1);
});
