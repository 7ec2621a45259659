/**
 * The recommendation models, pure and in memory (no I/O): item co-occurrence with three
 * similarities, item-kNN scoring for a customer, EASE^R (Steck, "Embarrassingly Shallow
 * Autoencoders for Sparse Data", WWW 2019) over the most bought items, and "buy again" ranked by
 * each customer's own cadence. The build writes what these give to the module's tables; the
 * offline evaluation (`evaluate.ts`) scores them against later baskets.
 */

/** One order as the models see it: who (null for a guest), when (ms since the epoch), the distinct SKUs bought. */
export interface Basket {
  customer: string | null;
  at: number;
  items: string[];
}

/** The item–item similarities of the co-occurrence model. */
export type Similarity = 'cosine' | 'jaccard' | 'lift';
/** Every similarity, in report order. */
export const SIMILARITIES: readonly Similarity[] = ['cosine', 'jaccard', 'lift'];

/** A neighbour of an item: its index, the baskets holding both (`support`) and the similarity `score`. */
export interface Neighbour {
  item: number;
  support: number;
  score: number;
}

/** Baskets counted once: item index, per-item basket counts and the pair counts. */
export interface CoOccurrence {
  /** Index → SKU. */
  skus: string[];
  /** SKU → index. */
  index: Map<string, number>;
  /** Baskets holding each item. */
  counts: Uint32Array;
  /** Baskets holding each item within the last `recentDays` before `now`. */
  recent: Uint32Array;
  /** Baskets counted. */
  baskets: number;
  /** Pair counts, row-major n × n (symmetric, zero diagonal). */
  pairs: Uint32Array;
  /** The latest basket time (ms): "now" for recency and cadence. */
  now: number;
}

/**
 * Counts items and item pairs over `baskets` (items of a basket must be distinct). `recentDays`
 * (default 30) bounds "recent popularity". Memory: 4 bytes × items² for the pair counts
 * (4,000 items: 64 MB).
 */
export function coOccurrence(baskets: readonly Basket[], recentDays = 30): CoOccurrence {
  const index = new Map<string, number>();
  const skus: string[] = [];
  let now = 0;
  for (const b of baskets) {
    if (b.at > now) now = b.at;
    for (const s of b.items) {
      if (!index.has(s)) {
        index.set(s, skus.length);
        skus.push(s);
      }
    }
  }
  const n = skus.length;
  const counts = new Uint32Array(n);
  const recent = new Uint32Array(n);
  const pairs = new Uint32Array(n * n);
  const since = now - recentDays * 86_400_000;
  const ids: number[] = [];
  for (const b of baskets) {
    ids.length = 0;
    for (const s of b.items) ids.push(index.get(s)!);
    const isRecent = b.at >= since;
    for (let a = 0; a < ids.length; a++) {
      const i = ids[a]!;
      counts[i]!++;
      if (isRecent) recent[i]!++;
      const row = i * n;
      for (let c = 0; c < ids.length; c++) if (c !== a) pairs[row + ids[c]!]!++;
    }
  }
  return { skus, index, counts, recent, baskets: baskets.length, pairs, now };
}

/** The similarity of items i and j from their pair count `cij` (cosine, Jaccard or lift). */
export function similarity(kind: Similarity, cij: number, ni: number, nj: number, total: number): number {
  if (cij === 0) return 0;
  if (kind === 'cosine') return cij / Math.sqrt(ni * nj);
  if (kind === 'jaccard') return cij / (ni + nj - cij);
  return (cij * total) / (ni * nj);
}

/**
 * The `k` nearest neighbours of every item under `kind`, best first, among items bought together
 * at least `minSupport` times (ties: higher support, then lower index). Lift favours rare pairs, so
 * its lists need a support floor to mean anything.
 */
export function neighbours(co: CoOccurrence, kind: Similarity, k: number, minSupport = 1): Neighbour[][] {
  const n = co.skus.length;
  const out: Neighbour[][] = new Array<Neighbour[]>(n);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    const list: Neighbour[] = [];
    for (let j = 0; j < n; j++) {
      const cij = co.pairs[row + j]!;
      if (cij < minSupport || j === i) continue;
      list.push({ item: j, support: cij, score: similarity(kind, cij, co.counts[i]!, co.counts[j]!, co.baskets) });
    }
    list.sort((a, b) => b.score - a.score || b.support - a.support || a.item - b.item);
    out[i] = list.slice(0, k);
  }
  return out;
}

/**
 * Item-kNN for one customer: each item not in `history` scores the sum of its similarities to the
 * customer's items (over their neighbour lists); the best `k` come first.
 */
export function knnScores(lists: readonly Neighbour[][], history: readonly number[], k: number, exclude?: ReadonlySet<number>): Neighbour[] {
  const score = new Map<number, Neighbour>();
  const own = new Set(history);
  for (const i of history) {
    for (const nb of lists[i] ?? []) {
      if (own.has(nb.item) || exclude?.has(nb.item)) continue;
      const s = score.get(nb.item);
      if (s) {
        s.score += nb.score;
        s.support = Math.max(s.support, nb.support);
      } else score.set(nb.item, { item: nb.item, support: nb.support, score: nb.score });
    }
  }
  return [...score.values()].sort((a, b) => b.score - a.score || a.item - b.item).slice(0, k);
}

/** An EASE^R model over a subset of the items: `items` (indices into the co-occurrence) and the m × m weights (zero diagonal). */
export interface EaseModel {
  items: number[];
  /** Item index → row of `weights`. */
  position: Map<number, number>;
  weights: Float64Array[];
}

/**
 * Fits EASE^R on the `maxItems` most bought items: P = (XᵀX + λI)⁻¹, B = I − P·diag(1/diag(P)),
 * diag(B) = 0, with XᵀX taken from the co-occurrence (binary baskets). The inverse is ml-matrix's
 * (LU), O(m³): about 8 s for 1,000 items on one loaded core, so the full ~4,000-item catalogue
 * (≈ 64× that) does not fit a 60 s build; the most bought items carry most purchases.
 * ml-matrix loads on the first fit, not at start-up.
 */
export async function fitEase(co: CoOccurrence, maxItems: number, lambda: number): Promise<EaseModel> {
  const { inverse, Matrix } = await import('ml-matrix');
  const order = [...co.counts.keys()].sort((a, b) => co.counts[b]! - co.counts[a]! || a - b).slice(0, maxItems);
  const m = order.length;
  const n = co.skus.length;
  const gram = new Matrix(m, m);
  for (let r = 0; r < m; r++) {
    const i = order[r]!;
    for (let c = 0; c < m; c++) gram.set(r, c, r === c ? co.counts[i]! + lambda : co.pairs[i * n + order[c]!]!);
  }
  const p = inverse(gram);
  const weights: Float64Array[] = [];
  for (let r = 0; r < m; r++) weights.push(new Float64Array(m));
  for (let c = 0; c < m; c++) {
    const d = p.get(c, c);
    for (let r = 0; r < m; r++) weights[r]![c] = r === c ? 0 : -p.get(r, c) / d;
  }
  return { items: order, position: new Map(order.map((item, r) => [item, r])), weights };
}

/** EASE scores of the items for a customer who bought `history` (items outside the model add nothing): the best `k` not in `history` nor `exclude`. */
export function easeScores(model: EaseModel, history: readonly number[], k: number, exclude?: ReadonlySet<number>): Neighbour[] {
  const m = model.items.length;
  const acc = new Float64Array(m);
  const own = new Set(history);
  for (const i of history) {
    const r = model.position.get(i);
    if (r === undefined) continue;
    const row = model.weights[r]!;
    for (let c = 0; c < m; c++) acc[c]! += row[c]!;
  }
  const out: Neighbour[] = [];
  for (let c = 0; c < m; c++) {
    const item = model.items[c]!;
    if (acc[c]! > 0 && !own.has(item) && !exclude?.has(item)) out.push({ item, support: 0, score: acc[c]! });
  }
  return out.sort((a, b) => b.score - a.score || a.item - b.item).slice(0, k);
}

/** EASE's item-to-item lists: for each modelled item, the items with the largest positive weights from it (support from the co-occurrence). */
export function easeNeighbours(model: EaseModel, co: CoOccurrence, k: number): Neighbour[][] {
  const n = co.skus.length;
  const out: Neighbour[][] = Array.from({ length: n }, () => []);
  for (const [r, i] of model.items.entries()) {
    const row = model.weights[r]!;
    const list: Neighbour[] = [];
    for (let c = 0; c < row.length; c++) if (row[c]! > 0) list.push({ item: model.items[c]!, support: co.pairs[i * n + model.items[c]!]!, score: row[c]! });
    out[i] = list.sort((a, b) => b.score - a.score || a.item - b.item).slice(0, k);
  }
  return out;
}

/** A customer's repeat purchase: how often, when last and at which interval (days, null when bought once), and its score. */
export interface Repeat {
  sku: string;
  /** Baskets that held it. */
  times: number;
  /** Last purchase, ms since the epoch. */
  last: number;
  /** Mean days between purchases; null when bought once. */
  everyDays: number | null;
  score: number;
}

/**
 * "Buy again" for each customer: the items they bought, best first, at most `k`. Items bought
 * several times rank first, by how due they are at `now` on the customer's own cadence (elapsed
 * time / mean interval, capped at 1, so an overdue item is not pushed down) times how often they
 * came back; items bought once follow, most recent first.
 */
export function buyAgain(baskets: readonly Basket[], now: number, k: number): Map<string, Repeat[]> {
  const seen = new Map<string, Map<string, { times: number; first: number; last: number }>>();
  for (const b of baskets) {
    if (!b.customer) continue;
    let mine = seen.get(b.customer);
    if (!mine) seen.set(b.customer, (mine = new Map()));
    for (const s of b.items) {
      const r = mine.get(s);
      if (!r) mine.set(s, { times: 1, first: b.at, last: b.at });
      else {
        r.times++;
        if (b.at < r.first) r.first = b.at;
        if (b.at > r.last) r.last = b.at;
      }
    }
  }
  const out = new Map<string, Repeat[]>();
  const day = 86_400_000;
  for (const [customer, items] of seen) {
    const list: Repeat[] = [];
    for (const [sku, r] of items) {
      const span = (r.last - r.first) / day;
      const everyDays = r.times > 1 && span > 0 ? span / (r.times - 1) : null;
      const due = everyDays ? Math.min((now - r.last) / day / everyDays, 1) : 0;
      // Repeats above 1 (a repeat is worth more than any single purchase), then recency.
      const score = everyDays ? 1 + (r.times - 1) * (0.5 + due) : 1 / (1 + (now - r.last) / day);
      list.push({ sku, times: r.times, last: r.last, everyDays: everyDays === null ? null : Math.round(everyDays), score });
    }
    out.set(customer, list.sort((a, b) => b.score - a.score || (a.sku < b.sku ? -1 : 1)).slice(0, k));
  }
  return out;
}

/** Items by basket count, most bought first (ties: lower index). `counts` per item index. */
export function popular(counts: ArrayLike<number>): number[] {
  return Array.from({ length: counts.length }, (_, i) => i).filter((i) => counts[i]! > 0).sort((a, b) => counts[b]! - counts[a]! || a - b);
}
