/**
 * The chain demo (`npx comptoir demo chain`): writes the synthetic chain planned by
 * `domain/chain-generator.ts` — regions under the company, stores, products, a year of sale lines,
 * targets, exchange rates — and sets the setting `syntheticDemo` so the back office labels it.
 * Regions, stores and targets go through the module's services as the system user (the checks of
 * the API: codes, countries, currencies, time zones, dates, phasing summing to 100 %); the facts go
 * through `appendSaleLines` (the bulk path) in batched transactions, the next batch generated while
 * the previous one is written.
 */
import { eq, inArray, like, sql } from 'drizzle-orm';
import type { Database, Tx } from '../../platform/db/index.js';
import { bulkInsert, rows } from '../../platform/db/index.js';
import { AnalyticsErrors } from './analytics.errors.js';
import { appendSaleLines } from './analytics.facts.js';
import { analyticsSettings, companyId, createRegion, createStore, ensureOrganisation } from './analytics.organisation.js';
import { rebuildRollups, SALES_ROLLUP } from './analytics.rollups.js';
import { scopeFor, SYSTEM_USER } from './analytics.scope.js';
import { TargetsService } from './analytics.targets.js';
import { percentagesOf } from './domain/phasing.js';
import {
  chainRates, chainSales, chainTargets, checkChainOptions, DEMO_PREFIX, DEMO_SOURCE, emptyActuals, planChain, USD_VALUE,
  type ChainOptions, type ChainPlan, type RateSpec, type TargetSpec,
} from './domain/chain-generator.js';
import { accessGrant, exchangeRate, product, region, rollupState, setting, store, storeMove, target } from './db/schema.js';

/** Options of {@link createChainDemo}: the generator's, plus `replace` (remove an existing demo chain first). */
export interface ChainDemoOptions extends ChainOptions {
  replace?: boolean;
  /** Sale lines per transaction (default 20,000). */
  batchSize?: number;
}

/** Defaults of `npx comptoir demo chain`. */
export const CHAIN_DEMO_DEFAULTS = { seed: 42, stores: 200, regions: 20, products: 4_000, lines: 1_000_000 } as const;

/** What {@link createChainDemo} wrote. Durations in ms. */
export interface ChainDemoReport {
  seed: number;
  year: number;
  replaced: boolean;
  reportingCurrency: string;
  created: { regions: number; stores: number; products: number; saleLines: number; targets: number; exchangeRates: number };
  /** Monthly rates the demo needed that were already recorded (and kept). */
  exchangeRatesKept: number;
  /** Why targets were not written, when they were not (else null). */
  targetsSkipped: string | null;
  durationMs: number;
  /** Generating and writing the sale lines (the facts write path). */
  factsMs: number;
}

/** Progress of {@link createChainDemo}: the phase and, during `facts`, lines written of `total`. */
export interface ChainDemoProgress {
  phase: 'organisation' | 'facts' | 'targets' | 'done';
  lines: number;
  total: number;
}

/**
 * Creates the demo chain. Refuses when one exists (a store coded `DEMO-…` or demo sale lines)
 * unless `replace`, which first removes it (see {@link removeChain}). The organisation, products
 * and the setting `syntheticDemo: true` are one transaction (the reporting currency and fiscal year
 * are left as they are: rates are written into the reporting currency); the
 * facts are batched transactions (a failure there leaves a partial chain that `replace` removes);
 * targets and rates are one last transaction. The rollups pick the facts up like any others.
 * @throws AppError 400 ANALYTICS.INVALID (an option out of range; a reporting currency the demo has no rate for),
 *   409 ANALYTICS.DEMO_CHAIN_EXISTS.
 */
export async function createChainDemo(database: Database, options: ChainDemoOptions, onProgress?: (p: ChainDemoProgress) => void): Promise<ChainDemoReport> {
  const started = performance.now();
  let plan: ChainPlan;
  try {
    checkChainOptions(options);
    plan = planChain({ seed: options.seed, stores: options.stores, regions: options.regions, products: options.products, lines: options.lines, year: options.year });
  } catch (err) {
    if (err instanceof RangeError) throw AnalyticsErrors.invalid(err.message);
    throw err;
  }
  onProgress?.({ phase: 'organisation', lines: 0, total: options.lines });

  const prior = await database.transaction(async (tx) => {
    const existing = await existingChain(tx);
    const { reportingCurrency, fiscalYearStartMonth } = await analyticsSettings(tx);
    if (existing.stores > 0 || existing.saleLines) {
      if (!options.replace) throw AnalyticsErrors.demoChainExists(existing.stores);
    }
    if (USD_VALUE[reportingCurrency] === undefined) {
      throw AnalyticsErrors.invalid(`The demo chain has no exchange rates into the reporting currency ${reportingCurrency}; it knows ${Object.keys(USD_VALUE).join(', ')}`);
    }
    if (existing.stores > 0 || existing.saleLines) await removeChain(tx);
    return { reportingCurrency, fiscalStart: fiscalYearStartMonth, replaced: existing.stores > 0 || existing.saleLines };
  });
  // The organisation through the services, a transaction each (a failure leaves a partial chain, which --replace removes).
  const ids = await writeOrganisation(database, plan);
  await database.transaction(async (tx) => {
    await bulkInsert(tx, product, plan.products.map((p) => ({ sku: p.sku, title: p.title, category: p.category })), { onConflictDoNothing: true });
    await tx
      .insert(setting)
      .values({ key: 'syntheticDemo', value: true })
      .onConflictDoUpdate({ target: setting.key, set: { value: true, updatedAt: sql`now()` } });
  });
  const setup = { ids, ...prior };

  const factsStarted = performance.now();
  const actuals = emptyActuals(plan);
  const storeIds = plan.stores.map((s) => setup.ids.stores.get(s.code) as string);
  let written = 0;
  let pending: Promise<number> | null = null;
  try {
    // While PostgreSQL writes batch n, this process generates batch n + 1.
    for (const batch of chainSales(plan, storeIds, actuals, options.batchSize ?? 20_000)) {
      if (pending) written += await pending;
      onProgress?.({ phase: 'facts', lines: written, total: options.lines });
      pending = database.transaction((tx) => appendSaleLines(tx, batch));
    }
    if (pending) written += await pending;
  } finally {
    if (pending) await pending.catch(() => undefined);
  }
  const factsMs = performance.now() - factsStarted;
  onProgress?.({ phase: 'targets', lines: written, total: options.lines });

  const targetsSkipped = setup.fiscalStart === 1 ? null : `the fiscal year starts in month ${setup.fiscalStart}; the demo's targets are for a January fiscal year`;
  const targets = targetsSkipped ? [] : chainTargets(plan, actuals);
  const rates = chainRates(plan, setup.reportingCurrency);
  await writeTargets(database, targets, setup.ids);
  const ratesWritten = await database.transaction((tx) => writeRates(tx, rates));
  onProgress?.({ phase: 'done', lines: written, total: options.lines });
  return {
    seed: options.seed,
    year: options.year,
    replaced: setup.replaced,
    reportingCurrency: setup.reportingCurrency,
    created: {
      regions: plan.regions.length, stores: plan.stores.length, products: plan.products.length, saleLines: written, targets: targets.length, exchangeRates: ratesWritten,
    },
    exchangeRatesKept: rates.length - ratesWritten,
    targetsSkipped,
    durationMs: performance.now() - started,
    factsMs,
  };
}

/** Ids given to the plan's codes: regions (the company under `company`) and stores. */
interface ChainIds {
  company: string;
  regions: Map<string, string>;
  stores: Map<string, string>;
}

/** Demo stores (codes `DEMO-…`) and whether any demo sale line exists. */
async function existingChain(tx: Tx): Promise<{ stores: number; saleLines: boolean }> {
  const [found] = await rows<{ stores: number; lines: boolean }>(
    tx,
    sql`select (select count(*)::int from analytics.store where code like ${`${DEMO_PREFIX}%`}) as stores,
               exists (select 1 from analytics.sale_line where source = ${DEMO_SOURCE}) as lines`,
  );
  return { stores: found?.stores ?? 0, saleLines: found?.lines ?? false };
}

/**
 * Writes the plan's regions below the company (created by `ensureOrganisation` when absent) and its
 * stores through `createRegion` and `createStore`, as the system user: the checks of the API.
 * Parents come first in the plan. @returns the ids given to each code.
 * @throws AppError 400/404/409 as the API answers them (a code taken, an invalid store field).
 */
async function writeOrganisation(database: Database, plan: ChainPlan): Promise<ChainIds> {
  await ensureOrganisation(database.db);
  const scope = await scopeFor(database.db, SYSTEM_USER);
  const company = await companyId(database.db);
  const regions = new Map<string, string>();
  for (const r of plan.regions) {
    const created = await createRegion(database, scope, { code: r.code, name: r.name, parentId: r.parentCode ? regions.get(r.parentCode) : company });
    regions.set(r.code, created.id);
    scope.regionIds.push(created.id);
  }
  const stores = new Map<string, string>();
  for (const s of plan.stores) {
    const created = await createStore(database, scope, {
      code: s.code, name: s.name, kind: 'physical', regionId: regions.get(s.regionCode) as string, city: s.city,
      country: s.country, openedOn: s.openedOn, closedOn: null, sellingAreaM2: s.sellingAreaM2, currency: s.currency, timeZone: s.timeZone,
    });
    stores.set(s.code, created.id);
  }
  return { company, regions, stores };
}

/**
 * Writes the targets through the targets service (`putMany`: the checks of `PUT /targets`, one
 * transaction), each with the plan's phasing as percentages; the service phases the months
 * by largest remainder as the plan did.
 */
async function writeTargets(database: Database, targets: TargetSpec[], ids: ChainIds): Promise<void> {
  if (targets.length === 0) return;
  await new TargetsService(database).putMany(SYSTEM_USER, targets.map((t) => ({
    level: t.level, nodeId: (t.level === 'store' ? ids.stores : ids.regions).get(t.nodeCode) as string, fiscalYear: t.fiscalYear, metric: t.metric,
    amount: t.amount, currency: t.currency ?? undefined, phasing: percentagesOf(t.phasing),
  })));
}

/** Writes monthly rates an admin has not recorded already (theirs win). @returns how many were written. */
async function writeRates(tx: Tx, rates: RateSpec[]): Promise<number> {
  if (rates.length === 0) return 0;
  const inserted = await tx
    .insert(exchangeRate)
    .values(rates.map((r) => ({ currency: r.currency, reportingCurrency: r.reportingCurrency, month: r.month, rate: r.rate })))
    .onConflictDoNothing()
    .returning({ month: exchangeRate.month });
  return inserted.length;
}

/**
 * Removes the demo chain: its sale lines (the fact table is append-only, so it is emptied with
 * TRUNCATE and every other source's lines are put back with their ids), then rebuilds the rollups
 * from the facts left (`rebuildRollups`, in the same transaction), and deletes the demo's targets,
 * store moves, grants, stores, regions and products. Runs inside the caller's transaction.
 */
async function removeChain(tx: Tx): Promise<void> {
  const demoStores = (await tx.select({ id: store.id }).from(store).where(like(store.code, `${DEMO_PREFIX}%`))).map((r) => r.id);
  const demoRegions = await tx.select({ id: region.id, code: region.code }).from(region).where(like(region.code, `${DEMO_PREFIX}%`));
  const [facts] = await rows<{ any: boolean }>(tx, sql`select exists (select 1 from analytics.sale_line where source = ${DEMO_SOURCE}) as any`);
  if (facts?.any) await removeDemoFacts(tx);
  const nodes = [...demoStores, ...demoRegions.map((r) => r.id)];
  if (nodes.length) {
    await tx.delete(target).where(inArray(target.nodeId, nodes));
    await tx.delete(accessGrant).where(inArray(accessGrant.nodeId, nodes));
  }
  if (demoStores.length) {
    await tx.delete(storeMove).where(inArray(storeMove.storeId, demoStores));
    await tx.delete(store).where(inArray(store.id, demoStores));
  }
  // Sub-regions (longer codes) before their parents.
  for (const r of [...demoRegions].sort((a, b) => b.code.length - a.code.length)) await tx.delete(region).where(eq(region.id, r.id));
  await tx.delete(product).where(like(product.sku, `${DEMO_PREFIX}%`));
}

/**
 * Empties the fact table but for other sources' lines (kept with their ids), then rebuilds every
 * rollup from what is left with the rollups' own `rebuildRollups`. The rollup state row is locked
 * first, so a catch-up running meanwhile finishes before (or starts after) this.
 */
async function removeDemoFacts(tx: Tx): Promise<void> {
  // The state row first, as a catch-up takes it before it reads the facts (no lock-order deadlock).
  await tx.select({ name: rollupState.name }).from(rollupState).where(eq(rollupState.name, SALES_ROLLUP)).for('update');
  await tx.execute(sql`create temporary table demo_kept_lines on commit drop as select * from analytics.sale_line where source <> ${DEMO_SOURCE}`);
  await tx.execute(sql`truncate analytics.sale_line`);
  await tx.execute(sql`insert into analytics.sale_line select * from demo_kept_lines`);
  await rebuildRollups(tx);
}
