/**
 * A small organisation with hand-computable sales for the analytics read tests:
 *
 * ```
 * Company (the root; reg_fx_co when the app has none)
 * ├── North (reg_fx_north)
 * │   ├── North City (reg_fx_city) ── sto_fx_a  GBP, area 100 m², opened 2020
 * │   └── sto_fx_b  GBP, no area, opened 2025-06-01 (not like-for-like in March 2026)
 * └── South (reg_fx_south)
 *     ├── sto_fx_c  EUR, area 50 m², opened 2019
 *     ├── sto_fx_d  USD, no rate for March 2026 (left out, listed)
 *     └── sto_fx_e  EUR, no area, opened 2019
 * ```
 * Rates to GBP: EUR 2026-03 0.85, 2025-03 0.84, 2026-02 0.86; USD 2026-02 0.79 only.
 * Targets (revenue): sto_fx_a March 2026 3,000; the company (root) March 2026 10,000.
 * Figures are listed in analytics.kpis.test.ts.
 */
import { sql } from 'drizzle-orm';
import type { SaleLineInput } from '../../src/modules/analytics/index.js';
import type { TestApp } from './app.js';

/** The store ids of the fixture, by letter. */
export const FX = { a: 'sto_fx_a', b: 'sto_fx_b', c: 'sto_fx_c', d: 'sto_fx_d', e: 'sto_fx_e' } as const;
export const FX_REGIONS = { north: 'reg_fx_north', city: 'reg_fx_city', south: 'reg_fx_south' } as const;

let keys = 0;
/** One sale line of the fixture (local time = UTC for simplicity). */
export function fxLine(storeId: string, day: string, reference: string, sku: string, category: string | null, quantity: number, netRevenue: number, unitCost: number | null, currency = 'GBP'): SaleLineInput {
  keys += 1;
  return {
    storeId, soldAt: `${day}T10:00:00Z`, localAt: `${day}T10:00:00`, reference, sku, category, quantity, netRevenue, tax: Math.round(netRevenue / 5), unitCost,
    currency, source: 'test', sourceKey: `fx:${storeId}:${reference}:${sku}:${quantity}:${keys}`,
  };
}

/** The fixture's sale lines. */
export function fxLines(): SaleLineInput[] {
  return [
    // March 2026
    fxLine(FX.a, '2026-03-02', 'A1', 'SKU1', 'Wine', 2, 1000, 300),
    fxLine(FX.a, '2026-03-02', 'A1', 'SKU2', 'Beer', 1, 500, null),
    fxLine(FX.a, '2026-03-10', 'A2', 'SKU1', 'Wine', 1, 500, 300),
    fxLine(FX.a, '2026-03-12', 'R1', 'SKU1', 'Wine', -1, -500, 300),
    fxLine(FX.b, '2026-03-05', 'B1', 'SKU3', null, 4, 2000, 250),
    fxLine(FX.c, '2026-03-15', 'C1', 'SKU1', 'Wine', 3, 1001, 200, 'EUR'),
    fxLine(FX.d, '2026-03-20', 'D1', 'SKU1', 'Wine', 1, 9999, 100, 'USD'),
    fxLine(FX.e, '2026-03-25', 'E1', 'SKU2', 'Beer', 1, 1003, null, 'EUR'),
    // February 2026 (previous month)
    fxLine(FX.a, '2026-02-20', 'P1', 'SKU1', 'Wine', 1, 1000, 400),
    // March 2025 (last year)
    fxLine(FX.a, '2025-03-03', 'LA1', 'SKU2', 'Beer', 1, 1200, null),
    fxLine(FX.c, '2025-03-20', 'LC1', 'SKU1', 'Wine', 2, 1000, 200, 'EUR'),
  ];
}

/**
 * Creates the fixture's regions (below the company root, created when the app has none), stores,
 * rates and targets, appends its sales and rolls them up. @returns the company (root) region id.
 */
export async function seedFixture(app: TestApp): Promise<string> {
  const db = app.database.db;
  await db.execute(sql`insert into analytics.region (id, parent_id, code, name)
    select 'reg_fx_co', null, 'FX-CO', 'Company' where not exists (select 1 from analytics.region where parent_id is null)`);
  const found = (await db.execute(sql`select id from analytics.region where parent_id is null`)) as unknown as { rows: { id: string }[] };
  const company = (found.rows[0] as { id: string }).id;
  await db.execute(sql`insert into analytics.region (id, parent_id, code, name) values
    ('reg_fx_north', ${company}, 'FX-N', 'North'), ('reg_fx_south', ${company}, 'FX-S', 'South')`);
  await db.execute(sql`insert into analytics.region (id, parent_id, code, name) values ('reg_fx_city', 'reg_fx_north', 'FX-NC', 'North City')`);
  await db.execute(sql`insert into analytics.store (id, code, name, kind, region_id, city, country, opened_on, selling_area_m2, currency, time_zone) values
    ('sto_fx_a', 'FXA', 'Alpha', 'physical', 'reg_fx_city', 'Leeds', 'GB', '2020-01-01', 100, 'GBP', 'Europe/London'),
    ('sto_fx_b', 'FXB', 'Bravo', 'physical', 'reg_fx_north', 'York', 'GB', '2025-06-01', null, 'GBP', 'Europe/London'),
    ('sto_fx_c', 'FXC', 'Charlie', 'physical', 'reg_fx_south', 'Lyon', 'FR', '2019-01-01', 50, 'EUR', 'Europe/Paris'),
    ('sto_fx_d', 'FXD', 'Delta', 'physical', 'reg_fx_south', 'Boston', 'US', '2019-01-01', null, 'USD', 'America/New_York'),
    ('sto_fx_e', 'FXE', 'Echo', 'physical', 'reg_fx_south', 'Nice', 'FR', '2019-01-01', null, 'EUR', 'Europe/Paris')`);
  await db.execute(sql`insert into analytics.exchange_rate (currency, reporting_currency, month, rate) values
    ('EUR', 'GBP', '2026-03-01', 0.85), ('EUR', 'GBP', '2025-03-01', 0.84), ('EUR', 'GBP', '2026-02-01', 0.86), ('USD', 'GBP', '2026-02-01', 0.79)`);
  const phasing = sql`array[834,833,833,834,833,833,834,833,833,834,833,833]`;
  await db.execute(sql`insert into analytics.target (id, level, node_id, fiscal_year, metric, amount, currency, phasing) values
    ('tgt_fx_a', 'store', 'sto_fx_a', 2026, 'revenue', 36000, 'GBP', ${phasing}),
    ('tgt_fx_co', 'region', ${company}, 2026, 'revenue', 120000, 'GBP', ${phasing})`);
  await db.execute(sql`insert into analytics.target_month (target_id, month, amount) values ('tgt_fx_a', '2026-03-01', 3000), ('tgt_fx_co', '2026-03-01', 10000)`);
  await app.database.transaction((tx) => app.analytics.appendSaleLines(tx, fxLines()));
  await app.analytics.catchUpRollups();
  return company;
}

/** The user id (`sub`) of a bearer token. */
export function userIdOf(token: string): string {
  const payload = JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString()) as { sub: string };
  return payload.sub;
}

/** Grants `userId` the given region and store nodes. */
export async function grant(app: TestApp, userId: string, nodes: { region?: string[]; store?: string[] }): Promise<void> {
  for (const [kind, ids] of [['region', nodes.region ?? []], ['store', nodes.store ?? []]] as const) {
    for (const id of ids) {
      await app.database.db.execute(sql`insert into analytics.access_grant (id, user_id, node_kind, node_id) values (${`agr_${userId}_${id}`}, ${userId}, ${kind}, ${id})`);
    }
  }
}
