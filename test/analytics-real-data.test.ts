/**
 * Sales facts on real data, recomputed independently: the CSV is streamed again here and summed
 * per store per month with plain code, then compared with the fact table to the cent.
 * - Iowa liquor sales (433k lines, 1,912 stores) through the generic POS import with the
 *   mapping of test/fixtures/iowa-liquor.mapping.json (the CLI's code path);
 * Skipped, with a message, when the data file is absent (it stays outside the project).
 */
import { existsSync, createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../src/platform/db/index.js';
import type { SalesImportReport } from '../src/modules/analytics/index.js';
import { createTestApp, onPostgres, type TestApp } from './support/app.js';

const IOWA = fileURLToPath(new URL('../../shared/data/iowa-liquor/iowa-liquor-sales-2022-09_10.csv', import.meta.url));
const MAPPING = fileURLToPath(new URL('./fixtures/iowa-liquor.mapping.json', import.meta.url));
const hasIowa = existsSync(IOWA);
if (!hasIowa) console.warn(`analytics-real-data: ${IOWA} is absent; the Iowa tests are skipped`);

/** Totals of one store and month: revenue and cost in cents; costed revenue = revenue of the lines with a trusted cost. */
type Totals = { revenue: number; units: number; cost: number; costedRevenue: number; lines: number };
const empty = (): Totals => ({ revenue: 0, units: 0, cost: 0, costedRevenue: 0, lines: 0 });

/** "12.34" → 1234 (dollars to cents, by string, no float). */
function cents(text: string): number {
  const [whole, frac = ''] = text.trim().replace(/^-/, '').split('.');
  const v = Number(whole || '0') * 100 + Number((frac + '00').slice(0, 2));
  return text.trim().startsWith('-') ? -v : v;
}

/** Streams the Iowa CSV and sums per `store|YYYY-MM` (cost only where `price_matches_catalog` is `true`, as the README advises). */
async function iowaTotals(): Promise<Map<string, Totals>> {
  const out = new Map<string, Totals>();
  const parser = createReadStream(IOWA).pipe(parse({ columns: true }));
  for await (const r of parser as AsyncIterable<Record<string, string>>) {
    const key = `${r.store_number}|${r.date!.slice(0, 7)}`;
    const t = out.get(key) ?? empty();
    const revenue = cents(r.sale_dollars!);
    const units = Number(r.bottles_sold);
    t.revenue += revenue;
    t.units += units;
    t.lines += 1;
    if (r.price_matches_catalog === 'true') {
      t.cost += cents(r.catalog_state_bottle_cost!) * units;
      t.costedRevenue += revenue;
    }
    out.set(key, t);
  }
  return out;
}

/** The fact table's totals per `store code|YYYY-MM` for `source`. */
async function factTotals(app: TestApp, source: string): Promise<Map<string, Totals>> {
  const found = await rows<{ k: string; revenue: string; units: string; cost: string; costed: string; lines: string }>(
    app.database.db,
    sql`select s.code || '|' || to_char(f.local_at, 'YYYY-MM') as k, sum(f.net_revenue)::text as revenue, sum(f.quantity)::text as units,
          coalesce(sum(f.unit_cost * f.quantity) filter (where f.unit_cost is not null), 0)::text as cost,
          coalesce(sum(f.net_revenue) filter (where f.unit_cost is not null), 0)::text as costed, count(*)::text as lines
        from analytics.sale_line f join analytics.store s on s.id = f.store_id where f.source = ${source} group by 1`,
  );
  return new Map(found.map((r) => [r.k, { revenue: Number(r.revenue), units: Number(r.units), cost: Number(r.cost), costedRevenue: Number(r.costed), lines: Number(r.lines) }]));
}

describe.skipIf(!hasIowa)('Iowa liquor sales through the generic POS import', () => {
  let app: TestApp;
  let report: SalesImportReport;
  let expected: Map<string, Totals>;

  beforeAll(async () => {
    app = await createTestApp();
    const started = performance.now();
    report = await app.analytics.importSales(IOWA, (await import('node:fs')).readFileSync(MAPPING, 'utf8'), { createMissing: true });
    const seconds = (performance.now() - started) / 1000;
    console.log(`Iowa import (${onPostgres ? 'PostgreSQL' : 'PGlite'}): ${report.read} lines in ${seconds.toFixed(1)} s = ${Math.round(report.read / seconds)} lines/s`);
    expected = await iowaTotals();
  }, 600_000);
  afterAll(() => app?.close());

  it('imports every line and creates the 1,912 stores', () => {
    expect(report.failure).toBeNull();
    expect(report.rejected).toEqual([]);
    expect(report.read).toBe(433_373);
    expect(report.imported).toBe(433_373);
    expect(report.createdStores).toBe(1_912);
  });

  it('matches revenue, units, cost and margin per store per month to the cent', async () => {
    const actual = await factTotals(app, 'pos-import');
    expect(actual.size).toBe(expected.size);
    const diffs: string[] = [];
    for (const [key, want] of expected) {
      const got = actual.get(key);
      if (!got || got.revenue !== want.revenue || got.units !== want.units || got.cost !== want.cost || got.costedRevenue !== want.costedRevenue || got.lines !== want.lines) {
        diffs.push(`${key}: want ${JSON.stringify(want)} got ${JSON.stringify(got)}`);
      }
    }
    expect(diffs.slice(0, 5)).toEqual([]);
    const margin = [...expected.values()].reduce((s, t) => s + t.costedRevenue - t.cost, 0);
    const [db] = await rows<{ margin: string }>(app.database.db, sql`select sum(net_revenue - unit_cost * quantity)::text as margin from analytics.sale_line where unit_cost is not null`);
    expect(Number(db!.margin)).toBe(margin);
  });
});
