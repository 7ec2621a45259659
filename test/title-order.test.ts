/**
 * `sort=title` (issue 19, defects): names are listed as a person reads them — letter case and
 * accents only break ties — and in the same order on PGlite and on PostgreSQL, checked with the
 * real product titles of the December 2010 demo data. HTTP in, order out.
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { createTestApp, onPostgres, type TestApp } from './support/app.js';
import { readingOrder } from '../src/platform/db/index.js';
import { PgDialect } from 'drizzle-orm/pg-core';

let app: TestApp;
let admin: string;
let categoryId: string;
const auth = () => ({ authorization: `Bearer ${admin}` });

/** Shuffled on purpose: byte order puts every upper-case title before any lower-case one. */
const TITLES = ['Zebra mug', '3 TRADITIONAl BISCUIT CUTTERS SET', 'école lantern', 'apple tray', '3 Tier Cake Tin', 'Ecole bag', 'Éclair tin', 'ÉCOLE CHAIR'];
const READ_ORDER = ['3 Tier Cake Tin', '3 TRADITIONAl BISCUIT CUTTERS SET', 'apple tray', 'Éclair tin', 'Ecole bag', 'ÉCOLE CHAIR', 'école lantern', 'Zebra mug'];

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.tokenFor(['admin']);
  const cat = await app.inject({ method: 'POST', url: '/api/admin/categories', headers: auth(), payload: { name: 'Reading order' } });
  categoryId = cat.json().id;
  for (const [i, title] of TITLES.entries()) {
    const res = await app.inject({ method: 'POST', url: '/api/admin/products', headers: auth(), payload: { title, status: 'active', categoryId, variants: [{ sku: `READ-${i}`, price: { amount: 500 + i, currency: 'GBP' } }] } });
    expect(res.statusCode, res.body).toBe(201);
  }
});
afterAll(() => app?.close());

describe('sort=title', () => {
  it('GET /api/products lists titles case-insensitively, accents after the bare letter', async () => {
    const res = await app.inject({ url: `/api/products?category=${categoryId}&sort=title&limit=50` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data.map((p: { title: string }) => p.title)).toEqual(READ_ORDER);
  });

  it('GET /api/admin/products and GET /api/search (category listing) use the same order', async () => {
    const admins = await app.inject({ url: `/api/admin/products?category=${categoryId}&sort=title&limit=50`, headers: auth() });
    expect(admins.statusCode, admins.body).toBe(200);
    expect(admins.json().data.map((p: { title: string }) => p.title)).toEqual(READ_ORDER);
    await app.relay.drain();
    let titles: string[] = [];
    for (let i = 0; i < 250 && titles.length < TITLES.length; i++) {
      const found = await app.inject({ url: `/api/search?category=${categoryId}&limit=50` });
      titles = found.json().data.map((p: { title: string }) => p.title);
      if (titles.length < TITLES.length) await new Promise((r) => setTimeout(r, 20));
    }
    expect(titles).toEqual(READ_ORDER);
  });
});

/** Distinct product titles of the December 2010 data: the bundled demo slice, and the whole month when the shared data set is there. */
function decemberTitles(): string[] {
  const files = ['data/demo/online-retail-demo.csv', '/work/shared/data/online-retail/online-retail-2010-12.csv'].filter((f) => existsSync(f));
  const titles = new Set<string>();
  for (const file of files) {
    const records = parse(readFileSync(file), { from_line: 2, relax_column_count: true, relax_quotes: true, skip_empty_lines: true }) as string[][];
    for (const r of records) if (r[2]?.trim()) titles.add(r[2].trim());
  }
  return [...titles, ...TITLES];
}

const ORDER_QUERY = new PgDialect().sqlToQuery(sql`select t from unnest(${sql.raw('$1')}::text[]) as t order by ${readingOrder(sql`t`)}`);

// Runs once (pglite project); compares with the PostgreSQL server too when DATABASE_URL is set.
describe.skipIf(onPostgres)('the same order on PGlite and PostgreSQL', () => {
  it('orders the real December titles identically', async () => {
    const titles = decemberTitles();
    expect(titles.length).toBeGreaterThan(1_000);
    const text = ORDER_QUERY.sql;
    const lite = new PGlite();
    const onLite = (await lite.query<{ t: string }>(text, [titles])).rows.map((r) => r.t);
    await lite.close();
    expect(onLite).toHaveLength(titles.length);
    expect(onLite.indexOf('3 Tier Cake Tin')).toBeLessThan(onLite.indexOf('3 TRADITIONAl BISCUIT CUTTERS SET'));
    expect(onLite.filter((t) => READ_ORDER.includes(t))).toEqual(READ_ORDER);
    if (!process.env.DATABASE_URL) return;
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      const onServer = (await client.query<{ t: string }>(text, [titles])).rows.map((r) => r.t);
      expect(onServer).toEqual(onLite);
    } finally {
      await client.end();
    }
  }, 120_000);
});
