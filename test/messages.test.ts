/**
 * Words shoppers and staff read: every error message the API can answer and every translated
 * error starts with a capital letter, and French does not give one text to two storefront strings
 * English tells apart (e.g. the cart's "Go to checkout" and the checkout's "Place order").
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../src/platform/errors.js';

const MODULES = new URL('../src/modules/', import.meta.url);
type Tree = { [key: string]: string | Tree };
const flat = (tree: Tree, prefix = '', out: Record<string, string> = {}): Record<string, string> => {
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out[prefix + k] = v;
    else flat(v, `${prefix}${k}.`, out);
  }
  return out;
};
const messages = (lang: 'en' | 'fr') => flat(JSON.parse(readFileSync(new URL(`../web/src/i18n/${lang}.json`, import.meta.url), 'utf8')) as Tree);
/** Starts like a sentence: a capital letter, a digit or an opening quote. */
const SENTENCE = /^[\p{Lu}\d«“"]/u;

/** Every error factory of every module's `<module>.errors.ts`, by name. */
async function errorFactories(): Promise<[string, (...args: unknown[]) => unknown][]> {
  const found: [string, (...args: unknown[]) => unknown][] = [];
  for (const module of readdirSync(MODULES)) {
    for (const file of readdirSync(new URL(`${module}/`, MODULES)).filter((f) => f.endsWith('.errors.ts'))) {
      const exports = (await import(join(MODULES.pathname, module, file))) as Record<string, unknown>;
      for (const [name, group] of Object.entries(exports)) {
        if (typeof group !== 'object' || group === null) continue;
        for (const [key, factory] of Object.entries(group)) if (typeof factory === 'function') found.push([`${name}.${key}`, factory as (...args: unknown[]) => unknown]);
      }
    }
  }
  return found;
}

describe('messages', () => {
  it('starts every API error message with a capital letter, whatever value it begins with', async () => {
    const factories = await errorFactories();
    expect(factories.length).toBeGreaterThan(50);
    const lower: string[] = [];
    for (const [name, factory] of factories) {
      // Lower-case sample values, so a message opening on one (`${sku} is not on sale`) is caught.
      const attempts: unknown[][] = [['x-1', 'y-2', 'z-3', 'w-4'], [[{ field: 'f', message: 'is wrong' }], ['h']], []];
      let error: AppError | undefined;
      for (const args of attempts) {
        try {
          const made = factory(...args);
          if (made instanceof AppError) error = made;
        } catch {
          // wrong sample arguments for this factory: try the next ones
        }
        if (error) break;
      }
      expect(error, `${name} made no AppError`).toBeInstanceOf(AppError);
      // A factory that passes its caller's text through (`invalid(message)`) is checked at its callers.
      if (error!.detail === 'x-1') continue;
      if (!SENTENCE.test(error!.detail)) lower.push(`${name}: ${error!.detail}`);
    }
    expect(lower).toEqual([]);
  });

  it('starts every translated error and refusal reason with a capital letter', () => {
    for (const lang of ['en', 'fr'] as const) {
      const errors = Object.entries(messages(lang)).filter(([key]) => /^(common\.(errors|reasons)|admin\.errors)\./.test(key));
      expect(errors.length).toBeGreaterThan(20);
      expect(errors.filter(([, text]) => !SENTENCE.test(text)).map(([key, text]) => `${lang} ${key}: ${text}`)).toEqual([]);
    }
  });

  it('gives two storefront strings English tells apart two French texts', () => {
    const en = messages('en');
    const fr = messages('fr');
    // Pairs that name the same thing in French on purpose: the register page's title and its button; the home's new arrivals and the newest-first sort.
    const same = new Set(['store.auth.register store.auth.registerTitle', 'store.home.new store.sort.newest']);
    const byText = new Map<string, string[]>();
    for (const [key, text] of Object.entries(fr)) if (key.startsWith('store.')) byText.set(text, [...(byText.get(text) ?? []), key]);
    const clashes = [...byText.entries()]
      .filter(([, keys]) => new Set(keys.map((k) => en[k])).size > 1 && !same.has([...keys].sort().join(' ')))
      .map(([text, keys]) => `"${text}": ${keys.join(', ')}`);
    expect(clashes).toEqual([]);
    expect(fr['store.cart.checkout']).not.toBe(fr['store.checkout.place']);
  });
});
