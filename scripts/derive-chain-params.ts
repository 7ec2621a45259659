/**
 * Derives the chain demo's parameter table from the real Iowa Liquor Sales file, once:
 * `node --import tsx scripts/derive-chain-params.ts ../shared/data/iowa-liquor/iowa-liquor-sales-2022-09_10.csv`
 * prints `src/modules/analytics/domain/chain-params.ts` (distributions only, a few KB; the data
 * itself stays out of the project, see ../shared/data/README.md). Shapes:
 * - quantile arrays have 21 points (0 %, 5 %, … 100 %); `storeLinesQuantiles` and
 *   `storeDayLinesQuantiles` are divided by their mean (a store's share, a day's dispersion);
 * - prices in US cents per bottle; shares are fractions of lines (or of revenue) summing to 1;
 * - `bottlesPerLine` is a `[value, probability]` list (the tail folded into
 *   the last entry); `skuZipfExponent` is the exponent s of popularity ∝ rank^-s whose top-10 %
 *   share of lines matches the file's.
 */
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

const file = process.argv[2];
if (!file) throw new Error('usage: node --import tsx scripts/derive-chain-params.ts <iowa-liquor-sales.csv>');

interface CategoryAcc { lines: number; revenue: number; prices: number[]; costRatios: number[]; skus: Set<string> }

const storeLines = new Map<string, number>();
const storeDayLines = new Map<string, number>();
const skuLines = new Map<string, number>();
const bottles = new Map<number, number>();
const weekday = [0, 0, 0, 0, 0, 0, 0];
const categories = new Map<string, CategoryAcc>();
let rows = 0;
let returns = 0;
let returnBottles = 0;
let saleBottles = 0;
let first = '9999';
let last = '0000';

const parser = createReadStream(file).pipe(parse({ columns: true }));
for await (const r of parser as AsyncIterable<Record<string, string>>) {
  rows++;
  const qty = Number(r.bottles_sold);
  const amount = Number(r.sale_dollars);
  const date = r.date as string;
  if (date < first) first = date;
  if (date > last) last = date;
  const store = r.store_number as string;
  const isReturn = (r.invoice_item_number as string).startsWith('RINV-') || qty < 0;
  storeLines.set(store, (storeLines.get(store) ?? 0) + 1);
  if (isReturn) {
    returns++;
    returnBottles += Math.abs(qty);
    continue;
  }
  saleBottles += qty;
  const key = `${store}|${date}`;
  storeDayLines.set(key, (storeDayLines.get(key) ?? 0) + 1);
  skuLines.set(r.item_number as string, (skuLines.get(r.item_number as string) ?? 0) + 1);
  bottles.set(qty, (bottles.get(qty) ?? 0) + 1);
  weekday[(new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7]! += 1;
  const cat = r.category_name || '(none)';
  const acc = categories.get(cat) ?? { lines: 0, revenue: 0, prices: [], costRatios: [], skus: new Set() };
  categories.set(cat, acc);
  acc.lines++;
  acc.revenue += amount;
  acc.skus.add(r.item_number as string);
  if (qty > 0) acc.prices.push(Math.round((amount / qty) * 100));
  const cost = Number(r.catalog_state_bottle_cost);
  const retail = Number(r.catalog_state_bottle_retail);
  if (r.price_matches_catalog === 'true' && retail > 0 && cost > 0) acc.costRatios.push(cost / retail);
}

function quantiles(values: number[], points = 21): number[] {
  const s = [...values].sort((a, b) => a - b);
  return Array.from({ length: points }, (_, i) => s[Math.min(s.length - 1, Math.round((i / (points - 1)) * (s.length - 1)))] as number);
}
const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;
function normalised(values: number[]): number[] {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return quantiles(values).map((q) => round(q / mean));
}
/** [value, probability] of the most frequent values; values beyond `keep` folded into the nearest kept. */
function discrete(counts: Map<number, number>, keep: number): Array<[number, number]> {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, keep).map(([v]) => v).sort((a, b) => a - b);
  const folded = new Map<number, number>(top.map((v) => [v, 0]));
  for (const [v, n] of counts) {
    const nearest = top.reduce((best, t) => (Math.abs(t - v) < Math.abs(best - v) ? t : best), top[0] as number);
    folded.set(nearest, (folded.get(nearest) ?? 0) + n);
  }
  return [...folded.entries()].map(([v, n]) => [v, round(n / total, 5)]);
}
const median = (v: number[]) => quantiles(v, 3)[1] ?? 0;

// Zipf exponent matching the top-10 % share of lines by SKU.
const skuCounts = [...skuLines.values()].sort((a, b) => b - a);
const skuTotal = skuCounts.reduce((a, b) => a + b, 0);
const top10 = skuCounts.slice(0, Math.ceil(skuCounts.length / 10)).reduce((a, b) => a + b, 0) / skuTotal;
function zipfTop10(s: number, n: number): number {
  let all = 0;
  let top = 0;
  for (let i = 1; i <= n; i++) {
    const w = i ** -s;
    all += w;
    if (i <= Math.ceil(n / 10)) top += w;
  }
  return top / all;
}
let lo = 0;
let hi = 3;
for (let i = 0; i < 40; i++) {
  const mid = (lo + hi) / 2;
  if (zipfTop10(mid, skuCounts.length) < top10) lo = mid;
  else hi = mid;
}

const sales = rows - returns;
const totalRevenue = [...categories.values()].reduce((a, c) => a + c.revenue, 0);
const weekdayTotal = weekday.reduce((a, b) => a + b, 0);
const allCostRatios = [...categories.values()].flatMap((c) => c.costRatios);
const params = {
  source: {
    name: 'Iowa Liquor Sales (State of Iowa open data, Iowa Department of Commerce, Alcoholic Beverages Division; data.iowa.gov m3tr-qhgy)',
    file: 'iowa-liquor-sales-2022-09_10.csv',
    period: `${first}..${last}`,
    rows,
    stores: storeLines.size,
    skus: skuLines.size,
    derivedBy: 'scripts/derive-chain-params.ts',
  },
  storeLinesQuantiles: normalised([...storeLines.values()]),
  storeDayLinesQuantiles: normalised([...storeDayLines.values()]),
  weekdayShares: weekday.map((n) => round(n / weekdayTotal)),
  bottlesPerLine: discrete(bottles, 16),
  returnsShareOfLines: round(returns / rows, 5),
  returnBottlesPerLine: round(returnBottles / Math.max(1, returns), 2),
  saleBottlesPerLine: round(saleBottles / Math.max(1, sales), 2),
  costRatioMedian: round(median(allCostRatios)),
  skuZipfExponent: round((lo + hi) / 2),
  skuTop10Share: round(top10),
  categories: [...categories.entries()]
    .sort((a, b) => b[1].lines - a[1].lines)
    .map(([name, c]) => ({
      name,
      lineShare: round(c.lines / sales, 5),
      revenueShare: round(c.revenue / totalRevenue, 5),
      skus: c.skus.size,
      priceQuantiles: quantiles(c.prices, 11),
      costRatio: c.costRatios.length ? round(median(c.costRatios)) : null,
    })),
};
// One line per category, arrays on one line: a reviewable few KB.
const body = JSON.stringify(params, null, 1).replace(/\[\s+([^[\]{}]*?)\s+\]/g, (_, inner: string) => `[${inner.replace(/\s+/g, ' ')}]`);
console.log(`/**
 * Distributions of the real Iowa Liquor Sales file that the chain demo generator follows (see
 * {@link ../chain-generator.ts}); generated by \`${params.source.derivedBy}\` from ${params.source.file}
 * (${params.source.name}), ${params.source.period}, ${params.source.rows} rows. Only these figures are in the
 * project, never the data. Prices in US cents per bottle; shares are fractions; quantile arrays are
 * 0 %, 5 %, … 100 % (prices: 0 %, 10 %, … 100 %); store and store-day line counts divided by their mean.
 */
export const CHAIN_PARAMS = ${body} as const;`);
