/**
 * The web app's own translations (web/src/i18n/*.json), so browser tests look for exactly the words
 * a shopper or manager sees in each language. A missing key fails the test that asked for it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './harness.js';

/** A UI language. */
export type Lang = 'en' | 'fr';

/** `{{name}}` or `{{name, format}}` (i18next interpolation). */
const PLACEHOLDER = /\{\{\s*(\w+)\s*(?:,\s*(\w+)\s*)?\}\}/g;

type Tree = { [key: string]: string | Tree };
const cache = new Map<Lang, Tree>();

function load(lang: Lang): Tree {
  let tree = cache.get(lang);
  if (!tree) {
    tree = JSON.parse(readFileSync(join(ROOT, 'web/src/i18n', `${lang}.json`), 'utf8')) as Tree;
    cache.set(lang, tree);
  }
  return tree;
}

/** Nested lookup that also finds keys which themselves contain dots (`errors["PAYMENTS.CARD_DECLINED"]`), as i18next does. */
function lookup(node: string | Tree | undefined, key: string): string | undefined {
  if (key === '') return typeof node === 'string' ? node : undefined;
  if (typeof node !== 'object' || node === null) return undefined;
  const parts = key.split('.');
  for (let n = parts.length; n >= 1; n--) {
    const head = parts.slice(0, n).join('.');
    if (head in node) {
      const found = lookup(node[head], parts.slice(n).join('.'));
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/**
 * The text of `key` in `lang` with `{{vars}}` filled in (i18next plural forms `_one`/`_other` are
 * picked from `vars.count`). Throws when the key is missing from that language's file.
 */
export function tr(lang: Lang, key: string, vars: Record<string, string | number> = {}): string {
  const tree = load(lang);
  let text = lookup(tree, key);
  if (text === undefined && typeof vars.count === 'number') {
    const form = new Intl.PluralRules(lang).select(vars.count);
    text = lookup(tree, `${key}_${form}`) ?? lookup(tree, `${key}_other`);
  }
  if (text === undefined) throw new Error(`i18n key "${key}" is missing from web/src/i18n/${lang}.json`);
  return text.replace(PLACEHOLDER, (whole, name: string, format?: string) => {
    const value = vars[name];
    if (value === undefined) return whole;
    return format === 'number' && typeof value === 'number' ? new Intl.NumberFormat(lang).format(value) : String(value);
  });
}

/** A regular expression matching `key`'s text in `lang` (plural form for `count`) with any value in place of its `{{vars}}`. */
export function trPattern(lang: Lang, key: string, count?: number): RegExp {
  const text = tr(lang, key, count === undefined ? {} : { count });
  const parts = text.split(PLACEHOLDER).filter((_, i) => i % 3 === 0).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(parts.join('.*?'));
}
