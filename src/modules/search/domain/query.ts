/**
 * Pure query-side rules of search: how user text becomes terms, how terms and spelling
 * corrections become PostgreSQL tsquery text, and the fixed price buckets of the facets.
 * Nothing here touches the database.
 */

/** Most terms of a query that are searched (the rest are ignored). */
export const MAX_TERMS = 8;
/** Most spelling corrections kept per unknown term. */
export const MAX_CORRECTIONS = 3;
/** Shortest term that gets spelling corrections; shorter ones are searched as typed. */
export const MIN_FUZZY_LENGTH = 3;

/**
 * Splits text into lower-case terms of letters and digits (NFKC-normalised). Every other
 * character separates terms, so the result never holds a tsquery operator (`& | ! ( ) : * < > '`),
 * a quote, a backslash or a LIKE wildcard: terms are safe to join into tsquery text.
 */
export function tokenize(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((t) => t.length > 0);
}

/** The distinct terms of a query, in order, at most {@link MAX_TERMS}; `[]` for absent or blank input. */
export function queryTerms(q: string | undefined): string[] {
  if (!q) return [];
  return [...new Set(tokenize(q))].slice(0, MAX_TERMS);
}

/**
 * The vocabulary words of a product title: distinct terms of 3 to 40 characters holding at least
 * one letter (numbers and sizes are not spell-corrected), sorted (a stable lock order on writes).
 */
export function vocabularyWords(title: string): string[] {
  return [...new Set(tokenize(title))].filter((w) => w.length >= 3 && w.length <= 40 && /\p{L}/u.test(w)).sort();
}

/** True when a term may be spell-corrected: long enough and holding a letter. */
export function isFuzzable(term: string): boolean {
  return term.length >= MIN_FUZZY_LENGTH && /\p{L}/u.test(term);
}

/** A vocabulary word close to a query term: trigram `similarity` in [0, 1] and how many titles hold it. */
export interface Candidate {
  word: string;
  similarity: number;
  documents: number;
}

/** A chosen correction of a term; `weight` in (0, 1], 1 for the best one of its term. */
export interface Correction {
  word: string;
  weight: number;
}

/**
 * How much more common a correction must be than the words a last term already starts, to be
 * offered anyway (`candel` starts only `candelabra` but surely means the far more common `candle`).
 */
export const PREFIX_DOMINANCE = 5;

/** What is known of a term besides its candidates: is it the last one (a prefix), and how many titles it already starts. */
export interface TermContext {
  /** The last term of the query, matched as a prefix. */
  prefix: boolean;
  /** Titles holding a word that starts with the term (last term only; 0 when none). */
  prefixDocuments: number;
}

/**
 * Picks the corrections of a term that matches no title word exactly, among its candidates:
 * likelihood = similarity × ln(1 + number of titles holding the word), so that `hart` prefers the
 * common `heart` over the rare `hare`. For a last term that already starts some words, only
 * words {@link PREFIX_DOMINANCE} times more common than those count, and words it starts are
 * skipped (the prefix match finds them). Keeps the best {@link MAX_CORRECTIONS}, weights
 * normalised to the best one (1).
 */
export function chooseCorrections(term: string, candidates: Candidate[], context: TermContext): Correction[] {
  const scored = candidates
    .filter((c) => /^[\p{L}\p{N}]+$/u.test(c.word) && c.word !== term && c.documents > 0 && c.similarity > 0)
    .filter((c) => !(context.prefix && c.word.startsWith(term)))
    .filter((c) => context.prefixDocuments === 0 || c.documents >= PREFIX_DOMINANCE * context.prefixDocuments)
    .map((c) => ({ word: c.word, likelihood: c.similarity * Math.log1p(c.documents) }))
    .sort((a, b) => b.likelihood - a.likelihood || (a.word < b.word ? -1 : 1))
    .slice(0, MAX_CORRECTIONS);
  const best = scored[0]?.likelihood ?? 0;
  return best > 0 ? scored.map((c) => ({ word: c.word, weight: c.likelihood / best })) : [];
}

/** The tsquery texts of a query (for `to_tsquery('english', …)`). */
export interface TsQueries {
  /** Terms as typed, AND-ed; the last one a prefix (`lant` → `lant:*`), so results follow typing. */
  exact: string;
  /** Like `exact`, each corrected term OR-ed with its corrections: `(hart:* | heart:* | hare:*)`. Equals `exact` when nothing was corrected. */
  fuzzy: string;
  /** Every correction as its own tsquery text with its weight, to rank fuzzy matches. */
  corrections: { query: string; weight: number }[];
}

/**
 * Builds the tsquery texts of `terms` (from {@link queryTerms}) and the corrections chosen for
 * some of them (by term index). Terms and corrections are letters and digits only, so the text
 * holds no operator but the ones written here; it is still sent as a bound parameter.
 */
export function buildTsQueries(terms: string[], corrections: Map<number, Correction[]>): TsQueries {
  const last = terms.length - 1;
  const form = (word: string, i: number) => (i === last ? `${word}:*` : word);
  const list: { query: string; weight: number }[] = [];
  const fuzzy = terms.map((term, i) => {
    const fixes = corrections.get(i) ?? [];
    for (const f of fixes) list.push({ query: form(f.word, i), weight: f.weight });
    return fixes.length === 0 ? form(term, i) : `(${[form(term, i), ...fixes.map((f) => form(f.word, i))].join(' | ')})`;
  });
  return { exact: terms.map(form).join(' & '), fuzzy: fuzzy.join(' & '), corrections: list };
}

/** A price facet bucket in minor units: `min` inclusive, `max` exclusive (null: no upper bound). */
export interface PriceBucket {
  min: number;
  max: number | null;
}

/** Lower edges of the price buckets after the first, in minor units (1.00, 2.50, 5, 10, 25). */
export const PRICE_EDGES = [100, 250, 500, 1000, 2500] as const;

/** The fixed price buckets: under 1.00, 1.00–2.50, 2.50–5.00, 5–10, 10–25, 25 and more. */
export const PRICE_BUCKETS: readonly PriceBucket[] = [0, ...PRICE_EDGES].map((min, i) => ({ min, max: PRICE_EDGES[i] ?? null }));

/**
 * Facet counts of every bucket, in order, from PostgreSQL `width_bucket(price, PRICE_EDGES)`
 * counts (bucket number → count; 0 is below the first edge). Absent buckets count 0.
 */
export function priceRanges(counts: Record<string, number> | null | undefined): (PriceBucket & { count: number })[] {
  return PRICE_BUCKETS.map((b, i) => ({ ...b, count: Number(counts?.[String(i)] ?? 0) }));
}
