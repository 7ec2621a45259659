/**
 * What the shop serves, in one place for the build, the reads and the offline evaluation: the
 * similarity of "bought together", the support below which a pair is not shown, the EASE^R
 * settings, and the popular-in-category fallback.
 */
import type { CoOccurrence, Neighbour, Similarity } from './model.js';

/** The served settings (chosen on the offline evaluation, see the module README). */
export const SERVED = {
  /** Similarity ranking "bought together" and the item-kNN of "for you". */
  similarity: 'cosine' as Similarity,
  /** Baskets two products must share before one is shown with the other. */
  minSupport: 3,
  /** Neighbours kept per item. */
  neighbours: 50,
  /** Candidates kept per customer and kind. */
  candidates: 30,
  /** EASE^R is fitted on this many of the most bought items (its O(m³) inverse bounds it). */
  easeItems: 1_000,
  /** EASE^R's L2 weight λ. */
  easeLambda: 50,
  /** Days of "recent" popularity (before the latest basket). */
  recentDays: 30,
} as const;

/** A "bought together" answer for one item: the co-purchase neighbours, or the category's recent best sellers when none has enough support. */
export interface ServedAnswer {
  source: 'co-purchase' | 'popular';
  items: number[];
}

/**
 * The served "bought together" of each item: its neighbours in `lists` with support ≥
 * {@link SERVED}.minSupport; when none, the most bought items of its category over the recent
 * days (then over all time), itself left out.
 */
export function servedNeighbours(co: CoOccurrence, lists: readonly Neighbour[][], categoryOf: (item: number) => string): (item: number) => ServedAnswer {
  const byCategory = new Map<string, number[]>();
  for (let i = 0; i < co.skus.length; i++) {
    const c = categoryOf(i);
    let l = byCategory.get(c);
    if (!l) byCategory.set(c, (l = []));
    l.push(i);
  }
  for (const l of byCategory.values()) l.sort((a, b) => co.recent[b]! - co.recent[a]! || co.counts[b]! - co.counts[a]! || a - b);
  return (item) => {
    const own = lists[item]!.filter((n) => n.support >= SERVED.minSupport).map((n) => n.item);
    if (own.length > 0) return { source: 'co-purchase', items: own };
    return { source: 'popular', items: (byCategory.get(categoryOf(item)) ?? []).filter((i) => i !== item).slice(0, SERVED.neighbours) };
  };
}

/** The served "for you" ranking: EASE^R's items first, then item-kNN's (items outside EASE^R's subset), without repeats, up to `k`. */
export function servedPersonal(ease: readonly number[], knn: readonly number[], k = 10): number[] {
  return [...new Set([...ease, ...knn])].slice(0, k);
}
