/**
 * Keyword categorisation of Online Retail products.
 *
 * The rules live in `category-rules.json` next to this file: an ordered array of
 * `{ "category": leaf, "parent": parent, "keywords": [...] }`. A product goes to the leaf of the FIRST rule
 * with a keyword among the whole words of its upper-cased description; no match → leaf `Other` under
 * parent `Other`. Words are runs of letters and digits after apostrophes are dropped (`CHILD'S` = `CHILDS`);
 * a keyword of several words (`T-LIGHT HOLDER`, `KEY RING`) must appear as consecutive words.
 *
 * The JSON is imported with an import attribute so `tsc` emits it into `dist/` next to the compiled
 * module and it loads the same way from `src/` (vitest, tsx) and from `dist/` (node).
 */
import rulesJson from './category-rules.json' with { type: 'json' };

/** One categorisation rule as written in `category-rules.json`. */
export interface CategoryRule {
  /** Leaf category name (unique across the file). */
  category: string;
  /** Parent (top-level) category name. */
  parent: string;
  /** Upper-case keywords; a keyword of several words matches consecutive words. */
  keywords: string[];
}

/** A top-level category and the names of its leaf categories, in rule order. */
export interface CategoryNode {
  name: string;
  children: string[];
}

/** Leaf (and parent) that receives products no rule matches. */
export const FALLBACK_CATEGORY = 'Other';

/** Splits upper-case text into the words the rules match on. */
export function words(text: string): string[] {
  return text.toUpperCase().replace(/'/g, '').split(/[^A-Z0-9]+/).filter((w) => w.length > 0);
}

interface CompiledRule {
  category: string;
  single: Set<string>;
  phrases: string[][];
}

function validate(raw: unknown): CategoryRule[] {
  if (!Array.isArray(raw)) throw new Error('category-rules.json must be an array of rules');
  const seen = new Map<string, string>();
  return raw.map((r: unknown, i) => {
    const rule = r as Partial<CategoryRule> | null;
    if (
      !rule || typeof rule.category !== 'string' || rule.category.length === 0 || typeof rule.parent !== 'string' ||
      rule.parent.length === 0 || !Array.isArray(rule.keywords) || rule.keywords.length === 0 ||
      !rule.keywords.every((k) => typeof k === 'string' && words(k).length > 0)
    ) {
      throw new Error(`category-rules.json rule #${i + 1} needs a category, a parent and non-empty keywords`);
    }
    const parentOfLeaf = seen.get(rule.category);
    if (parentOfLeaf !== undefined && parentOfLeaf !== rule.parent) {
      throw new Error(`category-rules.json: leaf "${rule.category}" appears under two parents`);
    }
    seen.set(rule.category, rule.parent);
    return { category: rule.category, parent: rule.parent, keywords: rule.keywords };
  });
}

function compile(rules: CategoryRule[]): CompiledRule[] {
  return rules.map((rule) => {
    const single = new Set<string>();
    const phrases: string[][] = [];
    for (const keyword of rule.keywords) {
      const w = words(keyword);
      if (w.length === 1) single.add(w[0] as string);
      else phrases.push(w);
    }
    return { category: rule.category, single, phrases };
  });
}

/** The rules of `category-rules.json`, validated at load (a malformed file throws on import). */
export const CATEGORY_RULES: readonly CategoryRule[] = validate(rulesJson);
const COMPILED = compile([...CATEGORY_RULES]);

function hasPhrase(tokens: string[], phrase: string[]): boolean {
  outer: for (let i = 0; i + phrase.length <= tokens.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (tokens[i + j] !== phrase[j]) continue outer;
    return true;
  }
  return false;
}

/**
 * Leaf category of a product description by the first matching rule (see the module comment);
 * `Other` when none matches. `rules` defaults to `category-rules.json`.
 */
export function categorise(description: string, rules: readonly CategoryRule[] = CATEGORY_RULES): string {
  const compiled = rules === CATEGORY_RULES ? COMPILED : compile([...rules]);
  const tokens = words(description);
  for (const rule of compiled) {
    for (const t of tokens) if (rule.single.has(t)) return rule.category;
    for (const p of rule.phrases) if (hasPhrase(tokens, p)) return rule.category;
  }
  return FALLBACK_CATEGORY;
}

/**
 * The category tree defined by `category-rules.json`: top-level parents in order of first appearance,
 * each with its leaf names in rule order (a leaf listed by several rules appears once), then
 * `{ name: 'Other', children: ['Other'] }`. Products only ever go to leaves.
 */
export function categoryTree(): CategoryNode[] {
  const parents = new Map<string, string[]>();
  for (const rule of CATEGORY_RULES) {
    const children = parents.get(rule.parent) ?? [];
    if (!children.includes(rule.category)) children.push(rule.category);
    parents.set(rule.parent, children);
  }
  const fallback = parents.get(FALLBACK_CATEGORY) ?? [];
  if (!fallback.includes(FALLBACK_CATEGORY)) fallback.push(FALLBACK_CATEGORY);
  parents.delete(FALLBACK_CATEGORY);
  parents.set(FALLBACK_CATEGORY, fallback);
  return [...parents].map(([name, children]) => ({ name, children: [...children] }));
}
