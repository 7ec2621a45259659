/**
 * Offline evaluation with a time-based split: the models learn from the baskets before `cutoff`
 * and are scored on what customers bought from `cutoff` on. Pure (no I/O).
 *
 * Tasks:
 * - `bought-together`: for every item of a test basket (seed), the other items of that basket are
 *   relevant; a method answers its 10 neighbours of the seed (the product page).
 * - `for-you (new items)`: for every customer with baskets on both sides, the items bought after
 *   the cut-off and never before are relevant; methods answer 10 items the customer never bought.
 * - `for-you (with repeats)`: every item bought after the cut-off is relevant (repeat purchases
 *   dominate wholesale data); methods may answer items bought before.
 * Only items seen in training can be found by any method: the others are left out of the relevant sets.
 *
 * Metrics at 10: HR (share of cases with at least one relevant item in the 10), Recall
 * (relevant items found / relevant items), NDCG (binary gains, log2 discount, ideal over
 * min(relevant, 10)) and coverage (distinct items answered / items seen in training).
 */
import {
  buyAgain, coOccurrence, easeNeighbours, easeScores, fitEase, knnScores, neighbours, popular,
  type Basket, type CoOccurrence, type Neighbour, type Similarity,
} from './model.js';
import { SERVED, servedNeighbours, servedPersonal } from './served.js';

/** One line of the evaluation table. */
export interface EvaluationRow {
  task: 'bought-together' | 'for-you (new items)' | 'for-you (with repeats)';
  method: string;
  /** Cases scored (seeds or customers). */
  cases: number;
  hr: number;
  recall: number;
  ndcg: number;
  coverage: number;
}

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** First instant of the test period (ms since the epoch). */
  cutoff: number;
  /** Leaf category of each SKU (popular-in-category fallback). */
  categories: ReadonlyMap<string, string>;
  /** Items EASE^R is fitted on (the most bought), default {@link SERVED}.easeItems. */
  easeItems?: number;
  /** EASE^R's L2 weight λ, default {@link SERVED}.easeLambda. */
  easeLambda?: number;
}

/** What {@link evaluate} gives: the table, the split and the time taken. */
export interface Evaluation {
  cutoff: string;
  train: { baskets: number; items: number; customers: number };
  test: { baskets: number; seeds: number; customers: number };
  rows: EvaluationRow[];
  durationMs: number;
}

const K = 10;
const LOG2 = Array.from({ length: K + 1 }, (_, i) => 1 / Math.log2(i + 2));

/** Accumulates HR, recall, NDCG and coverage over cases. */
class Scorer {
  private cases = 0;
  private hits = 0;
  private recall = 0;
  private ndcg = 0;
  private readonly answered = new Set<number>();

  add(answer: readonly number[], relevant: ReadonlySet<number>): void {
    let found = 0;
    let dcg = 0;
    for (let r = 0; r < Math.min(answer.length, K); r++) {
      this.answered.add(answer[r]!);
      if (relevant.has(answer[r]!)) {
        found++;
        dcg += LOG2[r]!;
      }
    }
    let ideal = 0;
    for (let r = 0; r < Math.min(relevant.size, K); r++) ideal += LOG2[r]!;
    this.cases++;
    if (found > 0) this.hits++;
    this.recall += found / relevant.size;
    this.ndcg += dcg / ideal;
  }

  row(task: EvaluationRow['task'], method: string, items: number): EvaluationRow {
    const c = Math.max(this.cases, 1);
    return { task, method, cases: this.cases, hr: this.hits / c, recall: this.recall / c, ndcg: this.ndcg / c, coverage: this.answered.size / Math.max(items, 1) };
  }
}

/** The first `k` of `ranked` that are not `skip`ped. */
function topExcept(ranked: readonly number[], skip: (i: number) => boolean, k = K): number[] {
  const out: number[] = [];
  for (const i of ranked) {
    if (out.length === k) break;
    if (!skip(i)) out.push(i);
  }
  return out;
}

/** Each customer's training items (indices), from the baskets before the cut-off. */
function histories(train: readonly Basket[], co: CoOccurrence): Map<string, number[]> {
  const out = new Map<string, Set<number>>();
  for (const b of train) {
    if (!b.customer) continue;
    let s = out.get(b.customer);
    if (!s) out.set(b.customer, (s = new Set()));
    for (const sku of b.items) s.add(co.index.get(sku)!);
  }
  return new Map([...out].map(([c, s]) => [c, [...s]]));
}

/** Runs every method of every task on the split of `baskets` at `options.cutoff`. */
export async function evaluate(baskets: readonly Basket[], options: EvaluateOptions): Promise<Evaluation> {
  const started = Date.now();
  const train = baskets.filter((b) => b.at < options.cutoff);
  const test = baskets.filter((b) => b.at >= options.cutoff);
  const co = coOccurrence(train);
  const items = co.skus.length;
  const pop = popular(co.counts);
  const recentPop = popular(co.recent);
  const lists: Record<Similarity, Neighbour[][]> = {
    cosine: neighbours(co, 'cosine', 50),
    jaccard: neighbours(co, 'jaccard', 50),
    lift: neighbours(co, 'lift', 50, SERVED.minSupport),
  };
  const ease = await fitEase(co, options.easeItems ?? SERVED.easeItems, options.easeLambda ?? SERVED.easeLambda);
  const easeLists = easeNeighbours(ease, co, 50);
  const categoryOf = (i: number) => options.categories.get(co.skus[i]!) ?? '';
  const served = servedNeighbours(co, lists[SERVED.similarity], categoryOf);
  const rows: EvaluationRow[] = [];

  // Bought together: every item of every test basket is a seed.
  const bt = new Map<string, Scorer>();
  const score = (method: string, answer: readonly number[], relevant: ReadonlySet<number>) => {
    let s = bt.get(method);
    if (!s) bt.set(method, (s = new Scorer()));
    s.add(answer, relevant);
  };
  let seeds = 0;
  for (const b of test) {
    const known = b.items.map((s) => co.index.get(s)).filter((i): i is number => i !== undefined);
    if (known.length < 2) continue;
    for (const seed of known) {
      seeds++;
      const relevant = new Set(known.filter((i) => i !== seed));
      score('popularity', topExcept(pop, (i) => i === seed), relevant);
      score('recent popularity', topExcept(recentPop, (i) => i === seed), relevant);
      for (const sim of ['cosine', 'jaccard', 'lift'] as const) score(`co-occurrence (${sim})`, lists[sim][seed]!.slice(0, K).map((n) => n.item), relevant);
      score('EASE^R', easeLists[seed]!.slice(0, K).map((n) => n.item), relevant);
      score(`served (${SERVED.similarity}, support ≥ ${SERVED.minSupport}, popular-in-category fallback)`, served(seed).items.slice(0, K), relevant);
    }
  }
  for (const [method, s] of bt) rows.push(s.row('bought-together', method, items));

  // For you: customers with history before and baskets after the cut-off.
  const history = histories(train, co);
  const later = new Map<string, Set<number>>();
  for (const b of test) {
    if (!b.customer || !history.has(b.customer)) continue;
    let s = later.get(b.customer);
    if (!s) later.set(b.customer, (s = new Set()));
    for (const sku of b.items) {
      const i = co.index.get(sku);
      if (i !== undefined) s.add(i);
    }
  }
  const again = buyAgain(train, co.now, 50);
  const fresh = new Map<string, Scorer>();
  const repeats = new Map<string, Scorer>();
  const add = (into: Map<string, Scorer>, method: string, answer: readonly number[], relevant: ReadonlySet<number>) => {
    let s = into.get(method);
    if (!s) into.set(method, (s = new Scorer()));
    s.add(answer, relevant);
  };
  for (const [customer, bought] of later) {
    if (bought.size === 0) continue;
    const hist = history.get(customer)!;
    const own = new Set(hist);
    const knn = knnScores(lists.cosine, hist, K).map((n) => n.item);
    const easeTop = easeScores(ease, hist, K).map((n) => n.item);
    const personal = servedPersonal(easeTop, knn);
    const newItems = new Set([...bought].filter((i) => !own.has(i)));
    if (newItems.size > 0) {
      add(fresh, 'popularity', topExcept(pop, (i) => own.has(i)), newItems);
      add(fresh, 'recent popularity', topExcept(recentPop, (i) => own.has(i)), newItems);
      add(fresh, 'item-kNN (cosine)', knn, newItems);
      add(fresh, 'item-kNN (jaccard)', knnScores(lists.jaccard, hist, K).map((n) => n.item), newItems);
      add(fresh, 'EASE^R', easeTop, newItems);
      add(fresh, 'served (EASE^R, item-kNN after)', personal, newItems);
    }
    const repeatTop = (again.get(customer) ?? []).slice(0, K).map((r) => co.index.get(r.sku)!);
    add(repeats, 'popularity', pop.slice(0, K), bought);
    add(repeats, 'recent popularity', recentPop.slice(0, K), bought);
    add(repeats, 'item-kNN (cosine)', knn, bought);
    add(repeats, 'EASE^R', easeTop, bought);
    add(repeats, 'buy again (cadence)', repeatTop, bought);
    add(repeats, 'served (5 buy again, then EASE^R)', [...repeatTop.slice(0, 5), ...personal].filter((i, n, a) => a.indexOf(i) === n).slice(0, K), bought);
  }
  for (const [method, s] of fresh) rows.push(s.row('for-you (new items)', method, items));
  for (const [method, s] of repeats) rows.push(s.row('for-you (with repeats)', method, items));

  return {
    cutoff: new Date(options.cutoff).toISOString(),
    train: { baskets: train.length, items, customers: history.size },
    test: { baskets: test.length, seeds, customers: later.size },
    rows,
    durationMs: Date.now() - started,
  };
}
