/**
 * The chain demo generator: deterministic for a seed, exact in its sizes, and shaped like the
 * parameter table derived from the Iowa file (weekday pattern, category shares, bottles per line,
 * returns share), with targets phased to 100 % and no sale before a store opens. Pure and fast.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SaleLineInput } from '../analytics.facts.js';
import { CHAIN_PARAMS } from './chain-params.js';
import { chainRates, chainSales, chainTargets, emptyActuals, largestRemainder, planChain, type ChainOptions, type ChainPlan } from './chain-generator.js';

const SMALL: ChainOptions = { seed: 42, stores: 12, regions: 5, products: 300, lines: 30_000, year: 2025 };

function generate(options: ChainOptions) {
  const plan = planChain(options);
  const actuals = emptyActuals(plan);
  const lines: SaleLineInput[] = [];
  for (const batch of chainSales(plan, plan.stores.map((s) => `sto_${s.code}`), actuals, 5_000)) lines.push(...batch);
  return { plan, actuals, lines };
}

const digest = (x: unknown) => createHash('sha256').update(JSON.stringify(x)).digest('hex');
const small = generate(SMALL);

describe('chain generator', () => {
  it('gives the same chain and lines for the same seed, and another for another seed', () => {
    const again = generate(SMALL);
    expect(digest(again.plan)).toBe(digest(small.plan));
    expect(digest(again.lines)).toBe(digest(small.lines));
    expect(digest(chainTargets(again.plan, again.actuals))).toBe(digest(chainTargets(small.plan, small.actuals)));
    const other = generate({ ...SMALL, seed: 43 });
    expect(digest(other.lines)).not.toBe(digest(small.lines));
    expect(digest(other.plan.stores)).not.toBe(digest(small.plan.stores));
  });

  it('makes exactly the sizes asked for, with sub-regions, new stores and a euro store', () => {
    const { plan, lines } = small;
    expect(lines).toHaveLength(SMALL.lines);
    expect(plan.stores).toHaveLength(12);
    expect(plan.regions).toHaveLength(5);
    expect(plan.products).toHaveLength(300);
    expect(new Set(plan.products.map((p) => p.sku)).size).toBe(300);
    expect(new Set(lines.map((l) => l.sourceKey)).size).toBe(SMALL.lines);
    const tops = plan.regions.filter((r) => r.parentCode === null);
    expect(tops.length).toBeGreaterThan(1);
    expect(plan.regions.filter((r) => r.parentCode !== null).length).toBeGreaterThan(0);
    const regionCodes = new Set(plan.regions.map((r) => r.code));
    for (const s of plan.stores) expect(regionCodes.has(s.regionCode)).toBe(true);
    expect(plan.stores.filter((s) => s.openedOn >= '2025-01-01')).toHaveLength(1);
    const euro = plan.stores.filter((s) => s.currency === 'EUR');
    expect(euro).toHaveLength(1);
    expect(lines.filter((l) => l.currency === 'EUR').every((l) => l.storeId === `sto_${euro[0]!.code}`)).toBe(true);
    for (const s of plan.stores) expect(s.sellingAreaM2).toBeGreaterThan(0);
    // 4,000 products spread over about 50 categories.
    const big = planChain({ ...SMALL, products: 4_000 });
    expect(new Set(big.products.map((p) => p.category)).size).toBe(CHAIN_PARAMS.categories.length);
  });

  it('sells nothing before a store opens, every day in the year, in integer minor units', () => {
    const { plan, lines } = small;
    const opened = new Map(plan.stores.map((s) => [`sto_${s.code}`, s.openedOn]));
    const wrong = lines.filter(
      (l) => l.localAt.slice(0, 10) < (opened.get(l.storeId) as string) || !l.localAt.startsWith('2025-') || l.quantity === 0 ||
        !(Number.isInteger(l.netRevenue) && Number.isInteger(l.tax) && Number.isInteger(l.unitCost)),
    );
    expect(wrong).toEqual([]);
    expect(new Set(lines.map((l) => l.localAt.slice(0, 10))).size).toBeGreaterThan(300);
    // Chicago is UTC−6 in January, UTC−5 in July; Paris UTC+1 / UTC+2.
    const jan = lines.find((l) => l.currency === 'USD' && l.localAt.startsWith('2025-01-1'));
    expect(Date.parse(jan!.soldAt) - Date.parse(`${jan!.localAt}Z`)).toBe(6 * 3_600_000);
    const julEur = lines.find((l) => l.currency === 'EUR' && l.localAt.startsWith('2025-07-1'));
    expect(Date.parse(julEur!.soldAt) - Date.parse(`${julEur!.localAt}Z`)).toBe(-2 * 3_600_000);
  });

  it('follows the file: weekday pattern, category shares, bottles per line, returns share', () => {
    const { lines } = generate({ ...SMALL, stores: 40, lines: 150_000 });
    const weekday = [0, 0, 0, 0, 0, 0, 0];
    const byCategory = new Map<string, number>();
    const bottles = new Map<number, number>();
    let returns = 0;
    for (const l of lines) {
      weekday[(new Date(`${l.localAt.slice(0, 10)}T00:00:00Z`).getUTCDay() + 6) % 7]! += 1;
      byCategory.set(l.category as string, (byCategory.get(l.category as string) ?? 0) + 1);
      if (l.quantity < 0) returns++;
      else bottles.set(l.quantity, (bottles.get(l.quantity) ?? 0) + 1);
    }
    // Each weekday's share within 3 points of the file's (store sizes, seasonality and the calendar
    // add noise); Friday the busiest day and the weekend nearly closed, as in the file.
    weekday.forEach((n, d) => expect(Math.abs(n / lines.length - (CHAIN_PARAMS.weekdayShares[d] as number))).toBeLessThan(0.03));
    expect(weekday.indexOf(Math.max(...weekday))).toBe(4);
    expect((weekday[5]! + weekday[6]!) / lines.length).toBeLessThan(0.03);
    // The five largest categories within 1.5 points of their share in the file.
    for (const c of CHAIN_PARAMS.categories.slice(0, 5)) {
      const name = [...byCategory.keys()].find((k) => k.toUpperCase() === c.name) as string;
      expect(Math.abs((byCategory.get(name) ?? 0) / lines.length - c.lineShare)).toBeLessThan(0.015);
    }
    // 12 and 6 bottles are the most common quantities, as in the file.
    const top = [...bottles.entries()].sort((a, b) => b[1] - a[1]).slice(0, 2).map(([q]) => q).sort((a, b) => a - b);
    expect(top).toEqual([6, 12]);
    // Returns are rare: the file's share (0.084 %) within a factor of 2.
    expect(returns / lines.length).toBeGreaterThan(CHAIN_PARAMS.returnsShareOfLines / 2);
    expect(returns / lines.length).toBeLessThan(CHAIN_PARAMS.returnsShareOfLines * 2);
  });

  it('phases every target to 100 % and its months to the amount, a new store only from its opening month', () => {
    const { plan, actuals } = small;
    const targets = chainTargets(plan, actuals);
    expect(targets.filter((t) => t.level === 'store')).toHaveLength(2 * plan.stores.length);
    expect(targets.filter((t) => t.level === 'region')).toHaveLength(1);
    for (const t of targets) {
      expect(t.phasing).toHaveLength(12);
      expect(t.phasing.reduce((a, b) => a + b, 0)).toBe(10_000);
      expect(t.months.reduce((a, m) => a + m.amount, 0)).toBe(t.amount);
      expect(t.amount).toBeGreaterThan(0);
    }
    const fresh = plan.stores.find((s) => s.openedOn >= '2025-01-01') as ChainPlan['stores'][number];
    const openMonth = Number(fresh.openedOn.slice(5, 7));
    const freshRevenue = targets.find((t) => t.nodeCode === fresh.code && t.metric === 'revenue');
    expect(freshRevenue!.phasing.slice(0, openMonth - 1).every((bp) => bp === 0)).toBe(true);
    // Attainment of the store targets varies around 100 %.
    const year = (si: number) => (actuals.revenue[si] as number[]).reduce((a, b) => a + b, 0);
    const attainment = plan.stores.map((s, si) => year(si) / targets.find((t) => t.nodeCode === s.code && t.metric === 'revenue')!.amount);
    expect(Math.min(...attainment)).toBeGreaterThan(0.85);
    expect(Math.max(...attainment)).toBeLessThan(1.1);
  });

  it('gives monthly rates for the euro store over the year and the one before', () => {
    const rates = chainRates(small.plan, 'USD');
    expect(rates).toHaveLength(24);
    expect(rates.every((r) => r.currency === 'EUR' && r.reportingCurrency === 'USD' && Number(r.rate) > 0.9 && Number(r.rate) < 1.3)).toBe(true);
    expect(chainRates(small.plan, 'EUR').map((r) => r.currency)).toEqual(new Array(24).fill('USD'));
    expect(() => chainRates(small.plan, 'JPY')).toThrow(RangeError);
  });

  it('refuses sizes out of range and splits totals exactly', () => {
    expect(() => planChain({ ...SMALL, stores: 0 })).toThrow(/--stores must be an integer from 1/);
    expect(() => planChain({ ...SMALL, lines: 1.5 })).toThrow(/--lines/);
    expect(largestRemainder(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(largestRemainder(10_000, new Array(12).fill(1)).reduce((a, b) => a + b, 0)).toBe(10_000);
  });
});
