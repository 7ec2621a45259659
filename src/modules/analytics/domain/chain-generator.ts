/**
 * The chain demo's generator, pure and deterministic: from a seed and sizes it plans a synthetic
 * retail chain (regions and sub-regions, stores, products, targets, exchange rates) and streams a
 * year of daily sale lines shaped on the real Iowa Liquor Sales file ({@link CHAIN_PARAMS}: store
 * sizes, day-to-day dispersion, weekday pattern, bottles per line, price per bottle by category,
 * category shares, SKU popularity, returns share, cost ratio). No I/O, no clock, no Math.random:
 * the same options give the same chain and the same lines, byte for byte.
 *
 * What the real file cannot give (it holds two months of a state's sales to licensees) is an
 * assumption stated where it is used: monthly seasonality ({@link MONTH_INDEX}), lines per receipt
 * ({@link LINES_PER_RECEIPT}), hours 09:00–21:00, sales tax (Iowa 6 %, France 20 %), discounts.
 */
import type { SaleLineInput } from '../analytics.facts.js';
import { CHAIN_PARAMS } from './chain-params.js';
import { roundMoney } from './money.js';

/** Sizes and seed of a chain (`npx comptoir demo chain` options). */
export interface ChainOptions {
  /** Any integer; the same seed and sizes give the same chain. */
  seed: number;
  /** Stores (≥ 1); one of them sells in euros when there are at least 2. */
  stores: number;
  /** Region nodes below the company (≥ 1): about √n top-level regions, the rest sub-regions. */
  regions: number;
  /** SKUs (≥ 1), spread over the file's categories like its SKUs are. */
  products: number;
  /** Sale lines over the year (≥ 1), exactly. */
  lines: number;
  /** Calendar year of the sales (the targets' fiscal year). */
  year: number;
}

/** A planned region: `parentCode` null for a top-level region (its parent is the company). */
export interface RegionSpec {
  code: string;
  name: string;
  parentCode: string | null;
}

/** A planned physical store; `weight` is its share of the chain's lines before dispersion (mean 1). */
export interface StoreSpec {
  code: string;
  name: string;
  regionCode: string;
  city: string;
  country: string;
  /** `YYYY-MM-DD`; some are within the generated year (less than 12 months before its end). */
  openedOn: string;
  sellingAreaM2: number;
  currency: string;
  timeZone: string;
  weight: number;
}

/** A planned product; `price` in minor units of USD per unit (EUR stores convert it). */
export interface ProductSpec {
  sku: string;
  title: string;
  category: string;
  price: number;
  /** Cost of one unit ÷ price. */
  costRatio: number;
}

/** A planned target: `nodeCode` a store code (`level` store) or a region code (`level` region). */
export interface TargetSpec {
  level: 'store' | 'region';
  nodeCode: string;
  fiscalYear: number;
  metric: 'revenue' | 'units';
  /** Minor units of `currency` (revenue) or units. */
  amount: number;
  currency: string | null;
  /** 12 basis-point shares summing to 10,000, month 1 = January. */
  phasing: number[];
  /** The phased amounts: `month` first day of the month, amounts summing to `amount`. */
  months: Array<{ month: string; amount: number }>;
}

/** One monthly average rate: one `currency` is worth `rate` `reportingCurrency`. */
export interface RateSpec {
  currency: string;
  reportingCurrency: string;
  month: string;
  /** Decimal string, 6 places. */
  rate: string;
}

/** Everything but the sale lines. */
export interface ChainPlan {
  options: ChainOptions;
  regions: RegionSpec[];
  stores: StoreSpec[];
  products: ProductSpec[];
}

/** Revenue (minor units of the store's currency) and units per store (plan order) and month (0–11), filled while the lines are generated. */
export interface ChainActuals {
  revenue: number[][];
  units: number[][];
  lines: number;
}

/** Prefix of every code, SKU and source key the demo writes (how a chain is recognised). */
export const DEMO_PREFIX = 'DEMO-';
/** `source` of the demo's sale lines. */
export const DEMO_SOURCE = 'demo-chain';

/**
 * Assumed monthly seasonality of a US liquor store, January first (mean 1): the real file covers
 * September and October only. December's peak and the January–February trough are typical of the
 * trade; the figures are an assumption, not a measurement.
 */
export const MONTH_INDEX = [0.8, 0.8, 0.92, 0.93, 1.02, 1.02, 1.05, 1.02, 0.95, 1.0, 1.08, 1.41] as const;

/**
 * Assumed lines per receipt `[lines, probability]`: the real file's invoices are wholesale orders
 * (about 25 lines), which no till sees.
 */
export const LINES_PER_RECEIPT: ReadonlyArray<readonly [number, number]> = [[1, 0.38], [2, 0.26], [3, 0.15], [4, 0.09], [5, 0.06], [6, 0.03], [8, 0.02], [10, 0.01]];

/** Assumed sales tax on net revenue, by country (Iowa's state rate, France's VAT), basis points. */
const TAX_BP: Record<string, number> = { US: 600, FR: 2000 };
/** Assumed share of lines with a 10 % discount. */
const DISCOUNT_SHARE = 0.05;
/** Assumed share of receipts with a loyalty customer. */
const CUSTOMER_SHARE = 0.4;
/** Base monthly EUR → USD rate of the euro store (a seeded walk around it; assumption). */
const EUR_USD = 1.08;
/** Rough value in USD of one unit of the currencies the demo can report in (rates are a seeded walk around them). */
export const USD_VALUE: Record<string, number> = { USD: 1, EUR: EUR_USD, GBP: 1.27, CHF: 1.12, CAD: 0.74 };

const TOP_NAMES = ['Central', 'Eastern', 'Western', 'Northern', 'Southern', 'Metro', 'River', 'Lakes', 'Prairie', 'Valley'];
const CITIES = [
  'Des Moines', 'Cedar Rapids', 'Davenport', 'Sioux City', 'Iowa City', 'Waterloo', 'Ames', 'West Des Moines', 'Ankeny', 'Council Bluffs',
  'Dubuque', 'Urbandale', 'Cedar Falls', 'Marion', 'Bettendorf', 'Mason City', 'Marshalltown', 'Clinton', 'Burlington', 'Ottumwa',
  'Fort Dodge', 'Muscatine', 'Coralville', 'Johnston', 'North Liberty', 'Altoona', 'Newton', 'Indianola', 'Boone', 'Spencer',
  'Storm Lake', 'Carroll', 'Waukee', 'Clive', 'Pella', 'Grinnell', 'Fairfield', 'Keokuk', 'Decorah', 'Oskaloosa',
];

// ---------------------------------------------------------------------------------------------
// Random numbers: sfc32 seeded through splitmix32, one independent stream per purpose.

/** A seeded generator of floats in [0, 1) (sfc32). */
export type Rng = () => number;

function splitmix32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x9e3779b9) >>> 0;
    let z = a;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** The stream `purpose` of `seed`: the same pair always gives the same sequence. */
export function rngFor(seed: number, purpose: string): Rng {
  let h = seed >>> 0;
  for (let i = 0; i < purpose.length; i++) h = Math.imul(h ^ purpose.charCodeAt(i), 0x01000193) >>> 0;
  const init = splitmix32(h);
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  return () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
}

/** Inverse CDF of evenly spaced quantiles (linear between points) at `u` ∈ [0, 1). */
export function fromQuantiles(q: readonly number[], u: number): number {
  const pos = u * (q.length - 1);
  const i = Math.min(q.length - 2, Math.floor(pos));
  const lo = q[i] as number;
  const hi = q[i + 1] as number;
  return lo + (hi - lo) * (pos - i);
}

/** Cumulative weights, for {@link pick}. */
function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => (out[i] = sum += w));
  return out;
}

/** Index drawn with probability proportional to the weights behind `cum` (binary search). */
function pick(cum: Float64Array, u: number): number {
  const x = u * (cum[cum.length - 1] as number);
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cum[mid] as number) > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Splits `total` into integers proportional to `weights` that sum to `total` exactly (largest
 * remainder; ties to the lower index). @throws Error when every weight is 0 and total > 0.
 */
export function largestRemainder(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) {
    if (total === 0) return weights.map(() => 0);
    throw new Error('largestRemainder: every weight is 0');
  }
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[(order[k] as readonly [number, number])[1]]! += 1;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Calendar helpers (UTC arithmetic on local dates).

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
/** `YYYY-MM-DD` of a day number since 1970-01-01. */
const isoDay = (dayNumber: number) => new Date(dayNumber * 86_400_000).toISOString().slice(0, 10);
const dayNumber = (iso: string) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();
/** Offset of `timeZone` from UTC at the instant `utcMs`, in ms (positive east of Greenwich); cached by zone and instant. */
function zoneOffsetMs(timeZone: string, utcMs: number): number {
  const key = `${timeZone}@${utcMs}`;
  const cached = offsets.get(key);
  if (cached !== undefined) return cached;
  if (offsets.size > 100_000) offsets.clear();
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(utcMs).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  const offset = asUtc - Math.floor(utcMs / 1000) * 1000;
  offsets.set(key, offset);
  return offset;
}

// ---------------------------------------------------------------------------------------------
// The plan.

const titleCase = (s: string) => s.toLowerCase().replace(/(^|[\s/&(-])([a-z])/g, (_, sep: string, c: string) => sep + c.toUpperCase());

/**
 * Checks the options. @throws RangeError naming the first option out of range (sizes are
 * positive integers; at most 10,000 stores, 1,000 regions, 100,000 products, 100 M lines; year 2000–2100).
 */
export function checkChainOptions(o: ChainOptions): void {
  const limits: Array<[keyof ChainOptions, number, number]> = [
    ['stores', 1, 10_000], ['regions', 1, 1_000], ['products', 1, 100_000], ['lines', 1, 100_000_000], ['year', 2000, 2100],
  ];
  for (const [key, min, max] of limits) {
    const v = o[key];
    if (!Number.isInteger(v) || v < min || v > max) throw new RangeError(`--${key} must be an integer from ${min} to ${max}, got ${v}`);
  }
  if (!Number.isInteger(o.seed)) throw new RangeError(`--seed must be an integer, got ${o.seed}`);
}

/**
 * Plans the chain: regions (about √regions top-level ones, the others sub-regions spread over
 * them), stores on the leaf regions in turn (sizes from the file's lines-per-store quantiles; the
 * last store sells in euros in Paris when there are at least 2; about 5 % — at least one when
 * there are 3 or more — opened during the year), and products spread over the file's categories
 * in proportion to its SKUs per category (the most common categories first when there are fewer
 * products than categories), priced from the category's price deciles.
 * @throws RangeError when an option is out of range (see {@link checkChainOptions}).
 */
export function planChain(options: ChainOptions): ChainPlan {
  checkChainOptions(options);
  const rng = rngFor(options.seed, 'organisation');
  const tops = Math.max(1, Math.min(options.regions, Math.round(Math.sqrt(options.regions)), TOP_NAMES.length * 10));
  const regions: RegionSpec[] = [];
  for (let t = 0; t < tops; t++) {
    const base = TOP_NAMES[t % TOP_NAMES.length] as string;
    regions.push({ code: `${DEMO_PREFIX}R${pad(t + 1)}`, name: t < TOP_NAMES.length ? base : `${base} ${Math.floor(t / TOP_NAMES.length) + 1}`, parentCode: null });
  }
  const subs = options.regions - tops;
  const leafCities: string[] = [];
  for (let s = 0; s < subs; s++) {
    const parent = regions[s % tops] as RegionSpec;
    const city = CITIES[s % CITIES.length] as string;
    const n = Math.floor(s / CITIES.length);
    leafCities.push(city);
    regions.push({ code: `${parent.code}-${pad(Math.floor(s / tops) + 1)}`, name: `${city}${n ? ` ${n + 1}` : ''} area`, parentCode: parent.code });
  }
  const leaves = subs > 0 ? regions.slice(tops) : regions;
  if (subs === 0) for (let t = 0; t < tops; t++) leafCities.push(CITIES[t % CITIES.length] as string);

  const n = options.stores;
  const euroIndex = n >= 2 ? n - 1 : -1;
  const newCount = n >= 3 ? Math.max(1, Math.round(n * 0.05)) : 0;
  const candidates = Array.from({ length: n }, (_, i) => i).filter((i) => i !== euroIndex);
  for (let i = candidates.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [candidates[i], candidates[j]] = [candidates[j] as number, candidates[i] as number];
  }
  const opening = new Set(candidates.slice(0, newCount));
  const perCity = new Map<string, number>();
  const stores: StoreSpec[] = [];
  for (let i = 0; i < n; i++) {
    const leafIndex = i % leaves.length;
    const leaf = leaves[leafIndex] as RegionSpec;
    const euro = i === euroIndex;
    const city = euro ? 'Paris' : (leafCities[leafIndex] as string);
    const k = (perCity.get(city) ?? 0) + 1;
    perCity.set(city, k);
    const weight = Math.max(0.05, fromQuantiles(CHAIN_PARAMS.storeLinesQuantiles, rng()));
    let openedOn: string;
    if (opening.has(i)) {
      // Between 1 March and 1 October of the year: less than 12 months before its end.
      const start = dayNumber(`${options.year}-03-01`);
      openedOn = isoDay(start + Math.floor(rng() * (dayNumber(`${options.year}-10-01`) - start)));
    } else {
      const start = dayNumber('1995-01-01');
      openedOn = isoDay(start + Math.floor(rng() * (dayNumber(`${options.year - 2}-12-31`) - start)));
    }
    stores.push({
      code: `${DEMO_PREFIX}S${pad(i + 1, 4)}`,
      name: `${city} #${k}`,
      regionCode: leaf.code,
      city,
      country: euro ? 'FR' : 'US',
      openedOn,
      sellingAreaM2: Math.min(2500, Math.max(60, Math.round((80 + weight * 220 * (0.7 + 0.6 * rng())) / 10) * 10)),
      currency: euro ? 'EUR' : 'USD',
      timeZone: euro ? 'Europe/Paris' : 'America/Chicago',
      weight,
    });
  }

  const prng = rngFor(options.seed, 'products');
  const cats = CHAIN_PARAMS.categories.slice(0, Math.min(CHAIN_PARAMS.categories.length, options.products));
  const counts = largestRemainder(options.products - cats.length, cats.map((c) => c.skus)).map((x) => x + 1);
  const products: ProductSpec[] = [];
  cats.forEach((c, ci) => {
    const category = titleCase(c.name);
    for (let k = 0; k < (counts[ci] as number); k++) {
      const raw = fromQuantiles(c.priceQuantiles, prng());
      // Shelf prices end in .99 (at least 0.99).
      const price = Math.max(99, Math.round(raw / 100) * 100 - 1);
      const volume = [375, 750, 750, 750, 1000, 1750][Math.floor(prng() * 6)] as number;
      products.push({
        sku: `${DEMO_PREFIX}${pad(products.length + 1, 6)}`,
        title: `${category} ${volume} ml No. ${k + 1}`,
        category,
        price,
        costRatio: (c.costRatio ?? CHAIN_PARAMS.costRatioMedian) * (0.95 + 0.1 * prng()),
      });
    }
  });
  return { options, regions, stores, products };
}

/** Empty actuals for `plan` (to pass to {@link chainSales}). */
export function emptyActuals(plan: ChainPlan): ChainActuals {
  return {
    revenue: plan.stores.map(() => new Array<number>(12).fill(0)),
    units: plan.stores.map(() => new Array<number>(12).fill(0)),
    lines: 0,
  };
}

/** A store's price of `product` in minor units of its currency (EUR converted at the base rate, ending .99). */
function priceIn(product: ProductSpec, currency: string): number {
  if (currency === 'USD') return product.price;
  return Math.max(99, Math.round(product.price / (USD_VALUE[currency] ?? 1) / 100) * 100 - 1);
}

/**
 * How many lines each store sells each day of the year: store weight × weekday share × month
 * index × a day's dispersion (the file's lines-per-store-day quantiles), zero before a store
 * opens, scaled to exactly `options.lines` (largest remainder). Row = store (plan order), column =
 * day of the year (0-based).
 */
export function dailyLineCounts(plan: ChainPlan): number[][] {
  const { year, lines, seed } = plan.options;
  const rng = rngFor(seed, 'days');
  const first = dayNumber(`${year}-01-01`);
  const days = dayNumber(`${year + 1}-01-01`) - first;
  const weights: number[] = [];
  for (const store of plan.stores) {
    const opened = dayNumber(store.openedOn);
    for (let d = 0; d < days; d++) {
      const date = new Date((first + d) * 86_400_000);
      const weekday = (date.getUTCDay() + 6) % 7;
      const dispersion = fromQuantiles(CHAIN_PARAMS.storeDayLinesQuantiles, rng());
      weights.push(first + d < opened ? 0 : store.weight * (CHAIN_PARAMS.weekdayShares[weekday] as number) * (MONTH_INDEX[date.getUTCMonth()] as number) * dispersion);
    }
  }
  const flat = largestRemainder(lines, weights);
  return plan.stores.map((_, s) => flat.slice(s * days, (s + 1) * days));
}

/**
 * Streams the year's sale lines in batches of about `batchSize` (whole store-days, so a receipt is
 * never split), day by day then store by store. `storeIds[i]` is the id of `plan.stores[i]`.
 * Receipts: 09:00–21:00 local, {@link LINES_PER_RECEIPT} lines, 40 % with a loyalty customer;
 * a line: category by the file's line shares, SKU by a Zipf law within the category (the file's
 * exponent), bottles from the file's bottles-per-line distribution, the product's shelf price,
 * 5 % with a 10 % discount, unit cost = price × the category's cost ratio; a share of lines equal
 * to the file's returns share are returns (negative quantity, a receipt of their own).
 * Money in minor units of the store's currency; `soldAt` is the local time converted with the
 * store's time zone. Fills `actuals` (revenue and units by store and month) as it goes.
 */
export function* chainSales(plan: ChainPlan, storeIds: readonly string[], actuals: ChainActuals, batchSize = 20_000): Generator<SaleLineInput[]> {
  const { year, seed } = plan.options;
  const counts = dailyLineCounts(plan);
  const rng = rngFor(seed, 'lines');
  const catNames = [...new Set(plan.products.map((p) => p.category))];
  const byCat = catNames.map((c) => plan.products.filter((p) => p.category === c));
  const shareOf = new Map(CHAIN_PARAMS.categories.map((c) => [titleCase(c.name), c.lineShare as number]));
  const catCum = cumulative(catNames.map((c) => shareOf.get(c) ?? 0));
  const s = CHAIN_PARAMS.skuZipfExponent;
  const skuCum = byCat.map((list) => cumulative(list.map((_, i) => (i + 1) ** -s)));
  const bottleCum = cumulative(CHAIN_PARAMS.bottlesPerLine.map(([, p]) => p));
  const receiptCum = cumulative(LINES_PER_RECEIPT.map(([, p]) => p));
  // A return is a receipt of one line: the chance per receipt p that makes the file's share f of
  // lines, with m the mean lines of a sale receipt, is f·m ÷ (1 − f + f·m).
  const meanLines = LINES_PER_RECEIPT.reduce((a, [n, p]) => a + n * p, 0) / LINES_PER_RECEIPT.reduce((a, [, p]) => a + p, 0);
  const f = CHAIN_PARAMS.returnsShareOfLines;
  const returnChance = (f * meanLines) / (1 - f + f * meanLines);
  const customers = Math.max(100, plan.stores.length * 100);
  const first = dayNumber(`${year}-01-01`);
  const days = counts[0]?.length ?? 0;
  const seedTag = String(seed >>> 0);
  let batch: SaleLineInput[] = [];

  for (let d = 0; d < days; d++) {
    const date = isoDay(first + d);
    const compact = date.replaceAll('-', '');
    const month = Number(date.slice(5, 7)) - 1;
    for (let si = 0; si < plan.stores.length; si++) {
      let left = (counts[si] as number[])[d] as number;
      if (left === 0) continue;
      const store = plan.stores[si] as StoreSpec;
      const storeId = storeIds[si] as string;
      const offset = zoneOffsetMs(store.timeZone, Date.parse(`${date}T12:00:00Z`));
      const taxBp = TAX_BP[store.country] ?? 0;
      // Receipt sizes first, then their times in order through the day.
      const sizes: number[] = [];
      while (left > 0) {
        const isReturn = rng() < returnChance;
        const size = isReturn ? 1 : Math.min(left, LINES_PER_RECEIPT[pick(receiptCum, rng())]![0]);
        sizes.push(isReturn ? -1 : size);
        left -= size;
      }
      const times = sizes.map(() => 9 * 3600 + Math.floor(rng() * 12 * 3600)).sort((a, b) => a - b);
      let lineNo = 0;
      sizes.forEach((size, r) => {
        const t = times[r] as number;
        const localAt = `${date}T${pad(Math.floor(t / 3600))}:${pad(Math.floor(t / 60) % 60)}:${pad(t % 60)}`;
        const soldAt = new Date(Date.parse(`${localAt}Z`) - offset).toISOString();
        const returned = size < 0;
        const reference = `${store.code.slice(DEMO_PREFIX.length)}-${compact}-${returned ? 'R' : ''}${pad(r + 1, 4)}`;
        const customerRef = rng() < CUSTOMER_SHARE ? `${DEMO_PREFIX}C${pad(1 + Math.floor(rng() * customers), 6)}` : null;
        for (let k = 0; k < Math.abs(size); k++) {
          const ci = pick(catCum, rng());
          const product = (byCat[ci] as ProductSpec[])[pick(skuCum[ci] as Float64Array, rng())] as ProductSpec;
          const bottles = CHAIN_PARAMS.bottlesPerLine[pick(bottleCum, rng())]![0];
          const quantity = returned ? -bottles : bottles;
          const price = priceIn(product, store.currency);
          const gross = quantity * price;
          const discount = rng() < DISCOUNT_SHARE ? roundMoney(gross / 10) : 0;
          const netRevenue = gross - discount;
          lineNo++;
          batch.push({
            storeId, soldAt, localAt, reference, customerRef, sku: product.sku, category: product.category, quantity, netRevenue,
            tax: roundMoney((netRevenue * taxBp) / 10_000), discount, unitCost: roundMoney(price * product.costRatio),
            currency: store.currency, source: DEMO_SOURCE, sourceKey: `${DEMO_PREFIX}${seedTag}:${store.code}:${compact}:${lineNo}`,
          });
          (actuals.revenue[si] as number[])[month]! += netRevenue;
          (actuals.units[si] as number[])[month]! += quantity;
          actuals.lines++;
        }
      });
    }
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** `amount` phased by `phasing` (basis points) over the 12 months of `year`, largest remainder. */
function phase(amount: number, phasing: number[], year: number): Array<{ month: string; amount: number }> {
  const parts = largestRemainder(Math.abs(amount), phasing);
  return parts.map((a, m) => ({ month: `${year}-${pad(m + 1)}-01`, amount: Math.sign(amount) * a }));
}

/**
 * 12 basis-point shares summing to 10,000 in proportion to `weights` (largest remainder), or even
 * (4 months of 834 and 8 of 833) when every weight is 0.
 */
export function phasingOf(weights: readonly number[]): number[] {
  return weights.some((w) => w > 0) ? largestRemainder(10_000, weights) : largestRemainder(10_000, new Array<number>(12).fill(1));
}

/**
 * Targets of the year from what was generated: for each store a revenue target (the year's
 * revenue × a seeded factor between 0.94 and 1.10, so attainment varies around 100 %) and a
 * units target (× 0.95–1.08), phased like the store's own months (a third of the stores: even
 * phasing over the months it is open); plus a top-down revenue target on the first top-level
 * region 3 % above the sum of its stores' in USD (the top-down/bottom-up gap), phased like the
 * chain.
 */
export function chainTargets(plan: ChainPlan, actuals: ChainActuals): TargetSpec[] {
  const rng = rngFor(plan.options.seed, 'targets');
  const year = plan.options.year;
  const targets: TargetSpec[] = [];
  const chainMonths = new Array<number>(12).fill(0);
  const regionOf = new Map(plan.regions.map((r) => [r.code, r]));
  const firstTop = plan.regions[0]?.code;
  let firstTopRevenueUsd = 0;
  plan.stores.forEach((store, si) => {
    const revenue = actuals.revenue[si] as number[];
    const units = actuals.units[si] as number[];
    const even = rng() < 1 / 3;
    const openMonths = revenue.map((r) => (r > 0 ? 1 : 0));
    const phasing = phasingOf(even ? openMonths : revenue.map((r) => Math.max(0, r)));
    const unitsPhasing = phasingOf(even ? openMonths : units.map((u) => Math.max(0, u)));
    const yearRevenue = revenue.reduce((a, b) => a + b, 0);
    const yearUnits = units.reduce((a, b) => a + b, 0);
    const revenueTarget = Math.max(0, roundMoney(yearRevenue * (0.94 + 0.16 * rng())));
    const unitsTarget = Math.max(0, Math.round(yearUnits * (0.95 + 0.13 * rng())));
    targets.push(
      { level: 'store', nodeCode: store.code, fiscalYear: year, metric: 'revenue', amount: revenueTarget, currency: store.currency, phasing, months: phase(revenueTarget, phasing, year) },
      { level: 'store', nodeCode: store.code, fiscalYear: year, metric: 'units', amount: unitsTarget, currency: null, phasing: unitsPhasing, months: phase(unitsTarget, unitsPhasing, year) },
    );
    const usd = USD_VALUE[store.currency] ?? 1;
    revenue.forEach((r, m) => (chainMonths[m]! += r * usd));
    let region = regionOf.get(store.regionCode);
    while (region?.parentCode) region = regionOf.get(region.parentCode);
    if (region?.code === firstTop) firstTopRevenueUsd += revenueTarget * usd;
  });
  if (firstTop && firstTopRevenueUsd > 0) {
    const phasing = phasingOf(chainMonths.map((x) => Math.max(0, x)));
    const amount = roundMoney(firstTopRevenueUsd * 1.03);
    targets.push({ level: 'region', nodeCode: firstTop, fiscalYear: year, metric: 'revenue', amount, currency: 'USD', phasing, months: phase(amount, phasing, year) });
  }
  return targets;
}

/**
 * Monthly average rates of the year (and the year before, for last-year comparisons) for every
 * store currency other than `reportingCurrency`: a seeded walk (±1.5 % a month) around
 * {@link USD_VALUE}'s cross rate, 6 decimals.
 * @throws RangeError when a currency involved is not in {@link USD_VALUE}.
 */
export function chainRates(plan: ChainPlan, reportingCurrency: string): RateSpec[] {
  const rng = rngFor(plan.options.seed, 'rates');
  const out: RateSpec[] = [];
  const currencies = [...new Set(plan.stores.map((s) => s.currency))].filter((c) => c !== reportingCurrency).sort();
  for (const currency of currencies) {
    const from = USD_VALUE[currency];
    const to = USD_VALUE[reportingCurrency];
    if (from === undefined || to === undefined) {
      throw new RangeError(`the demo has no rate from ${currency} to ${reportingCurrency}; it knows ${Object.keys(USD_VALUE).join(', ')}`);
    }
    let walk = 1;
    for (const year of [plan.options.year - 1, plan.options.year]) {
      for (let m = 1; m <= 12; m++) {
        walk = Math.min(1.1, Math.max(0.9, walk * (1 + (rng() - 0.5) * 0.03)));
        out.push({ currency, reportingCurrency, month: `${year}-${pad(m)}-01`, rate: ((from / to) * walk).toFixed(6) });
      }
    }
  }
  return out;
}
