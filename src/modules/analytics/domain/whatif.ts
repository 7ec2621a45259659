/**
 * What-if arithmetic, pure and exact: uniform drivers applied to one store's figures (integer
 * minor units of the reporting currency), with the price–volume–cost bridge of its gross margin.
 * No I/O; analytics.scenarios.ts reads the figures from the rollups and builds the tree.
 *
 * Drivers are percentages taken to the hundredth (basis points, `bp`): a factor is the exact
 * fraction (10,000 + bp) / 10,000, products of factors are computed in BigInt and rounded once,
 * half-up (floor(x + ½)), like every conversion of the module, so 1000 × 1.05 × 0.95 gives 998,
 * never 997 from a binary floating-point 997.4999….
 */

/** An exact positive or zero factor `num / den`. */
export interface Factor {
  num: bigint;
  den: bigint;
}

/** The factor 1 + bp / 10,000 (bp = hundredths of a percent; −10,000 bp gives 0). */
export const bpFactor = (bp: number): Factor => ({ num: BigInt(10_000 + bp), den: 10_000n });

/**
 * `x` × Π factors rounded half-up (floor(x·Π + ½)), exactly. Money and units are integers, so
 * the result is an integer too. @throws RangeError when `x` is not a safe integer.
 */
export function scale(x: number, ...factors: Factor[]): number {
  if (!Number.isSafeInteger(x)) throw new RangeError(`${x} is not a safe integer`);
  let num = BigInt(x);
  let den = 1n;
  for (const f of factors) {
    num *= f.num;
    den *= f.den;
  }
  // floor((2·num + den) / (2·den)) with a positive denominator.
  const n = 2n * num + den;
  const d = 2n * den;
  let q = n / d;
  if (n % d !== 0n && n < 0n) q -= 1n;
  return Number(q);
}

/** Drivers of a scenario, normalised: every percentage in basis points. */
export interface Drivers {
  /** Price change: revenue per unit × (1 + price). */
  priceBp: number;
  /** Unit cost change. */
  costBp: number;
  /**
   * Volume: an explicit change, or an elasticity (in hundredths: −100 = −1.0) giving the volume
   * change from the price change: volume % = elasticity × price %.
   */
  volume: { kind: 'change'; bp: number } | { kind: 'elasticity'; centi: number };
  /** Target change: every revenue target × (1 + target). */
  targetBp: number;
}

/** Default elasticity when neither a volume change nor an elasticity is given: −1.0. */
export const DEFAULT_ELASTICITY_CENTI = -100;

/** The exact factors of the drivers. @throws RangeError when the volume change is below −100 % (elasticity × price). */
export function factorsOf(d: Drivers): { price: Factor; cost: Factor; volume: Factor; target: Factor } {
  // Elasticity: v = (centi / 100) × (bp / 10,000), so 1 + v = (1,000,000 + centi·bp) / 1,000,000.
  const volume = d.volume.kind === 'change' ? bpFactor(d.volume.bp) : { num: BigInt(1_000_000 + d.volume.centi * d.priceBp), den: 1_000_000n };
  if (volume.num < 0n) throw new RangeError('the volume change (elasticity × price change) is below −100 %');
  return { price: bpFactor(d.priceBp), cost: bpFactor(d.costBp), volume, target: bpFactor(d.targetBp) };
}

/** The volume change of the drivers in percent (elasticity × price when given by elasticity), 4 decimals. */
export function volumePercent(d: Drivers): number {
  const bp = d.volume.kind === 'change' ? d.volume.bp : (d.volume.centi * d.priceBp) / 100;
  return Math.round(bp * 100) / 10_000;
}

/**
 * Additive figures (minor units; `units` a count). `cost` is the cost of goods of the lines with a
 * known unit cost and `costedRevenue` their revenue, so gross margin = costedRevenue − cost and
 * margin % = gross margin ÷ costedRevenue compare like with like (the KPIs' rule).
 */
export interface Figures {
  revenue: number;
  cost: number;
  costedRevenue: number;
  units: number;
}

/** Steps from baseline gross margin to scenario gross margin; they sum exactly to the difference. */
export interface Bridge {
  /** Margin lost by closed stores (their baseline margin after the closing date), at baseline prices and costs. */
  closings: number;
  /** (Kv − Cv) − (K − C): the open figures' margin at scenario volume, baseline price and cost, minus their baseline margin. */
  volume: number;
  /** K′ − Kv: the price change on the scenario volume. */
  price: number;
  /** −(C′ − Cv): the unit-cost change on the scenario volume (a cost rise is negative). */
  cost: number;
  /** Scenario margin of the opened stores (drivers applied to their comparable store's figures). */
  openings: number;
}

export const zeroFigures = (): Figures => ({ revenue: 0, cost: 0, costedRevenue: 0, units: 0 });
export const zeroBridge = (): Bridge => ({ closings: 0, volume: 0, price: 0, cost: 0, openings: 0 });
export const grossMargin = (f: Figures): number => f.costedRevenue - f.cost;

/**
 * The scenario figures of figures `open` (a store's baseline less what a closing removes), each
 * rounded half-up once:
 * - revenue′ = revenue·(1+p)(1+v), costedRevenue′ = costedRevenue·(1+p)(1+v);
 * - cost′ = cost·(1+c)(1+v); units′ = units·(1+v).
 */
export function applyDrivers(open: Figures, f: ReturnType<typeof factorsOf>): Figures {
  return {
    revenue: scale(open.revenue, f.price, f.volume),
    costedRevenue: scale(open.costedRevenue, f.price, f.volume),
    cost: scale(open.cost, f.cost, f.volume),
    units: scale(open.units, f.volume),
  };
}

/**
 * One existing store: `baseline` its figures over the period, `open` the part before its closing
 * (equal to `baseline` without a closing). @returns the scenario figures, the quantities
 * ({@link atVolume} of `open`, for the {@link Pvm}) and the bridge, where
 * closings = GM(open) − GM(baseline), volume = (Kv − Cv) − GM(open) with Kv = K·(1+v) and
 * Cv = C·(1+v) rounded, price = K′ − Kv, cost = Cv − C′; their sum is GM(scenario) − GM(baseline).
 */
export function simulateStore(baseline: Figures, open: Figures, f: ReturnType<typeof factorsOf>): { scenario: Figures; quantities: Figures; bridge: Bridge } {
  const scenario = applyDrivers(open, f);
  const quantities = atVolume(open, f);
  return {
    scenario,
    quantities,
    bridge: {
      closings: grossMargin(open) - grossMargin(baseline),
      volume: grossMargin(quantities) - grossMargin(open),
      price: scenario.costedRevenue - quantities.costedRevenue,
      cost: quantities.cost - scenario.cost,
      openings: 0,
    },
  };
}

/** A new store modelled on `comparable` (its figures over the opening window): baseline 0, the bridge all in `openings`; quantities as {@link simulateStore}. */
export function simulateOpening(comparable: Figures, f: ReturnType<typeof factorsOf>): { scenario: Figures; quantities: Figures; bridge: Bridge } {
  const scenario = applyDrivers(comparable, f);
  return { scenario, quantities: atVolume(comparable, f), bridge: { ...zeroBridge(), openings: grossMargin(scenario) } };
}

/**
 * Price–volume–mix decomposition of a node's gross-margin change, from its summed figures:
 * `baseline`, `quantities` (the scenario's stores at scenario volume and baseline price and unit
 * cost: open stores and opened ones) and `scenario`. With G = gross margin, U = baseline units and
 * U′ = `keptUnits` × (1+v) exactly (`keptUnits`: the units of the open and opened stores before
 * the volume change, so no per-store rounding shows as mix): volume = G·U′/U − G (the unit change
 * at the baseline's average margin per unit, rounded half-up; 0 when the baseline sold no units),
 * mix = G(quantities) − G − volume (stores gained or lost with a margin per unit other than the
 * average: closings and openings), price = K′ − K(quantities) (costed revenue),
 * cost = C(quantities) − C′. They sum to G′ − G exactly. Price and cost add up over children;
 * volume and mix are the node's own (averages do not add).
 */
export interface Pvm {
  volume: number;
  mix: number;
  price: number;
  cost: number;
}

/** The {@link Pvm} of a node (see there); `volume` the drivers' volume factor. */
export function pvmOf(baseline: Figures, keptUnits: number, volume: Factor, quantities: Figures, scenario: Figures): Pvm {
  const g = grossMargin(baseline);
  const v = baseline.units > 0 ? scale(g, { num: BigInt(keptUnits) * volume.num, den: BigInt(baseline.units) * volume.den }) - g : 0;
  return {
    volume: v,
    mix: grossMargin(quantities) - g - v,
    price: scenario.costedRevenue - quantities.costedRevenue,
    cost: quantities.cost - scenario.cost,
  };
}

/** Figures at scenario volume and baseline price and unit cost (each × (1+v), rounded half-up). */
export function atVolume(open: Figures, f: ReturnType<typeof factorsOf>): Figures {
  return { revenue: scale(open.revenue, f.volume), costedRevenue: scale(open.costedRevenue, f.volume), cost: scale(open.cost, f.volume), units: scale(open.units, f.volume) };
}
