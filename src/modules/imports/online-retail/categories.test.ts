import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { CATEGORY_RULES, categorise, categoryTree, FALLBACK_CATEGORY, words, type CategoryRule } from './categories.js';

describe('categorise', () => {
  it('puts real descriptions in the expected leaves', () => {
    expect(categorise('WHITE METAL LANTERN')).toBe('Lanterns');
    expect(categorise('JUMBO BAG RED RETROSPOT')).toBe('Bags');
    expect(categorise('LUNCH BAG RED RETROSPOT')).toBe('Bags');
    expect(categorise('WHITE HANGING HEART T-LIGHT HOLDER')).toBe('Candle Holders');
    expect(categorise('HEART OF WICKER SMALL')).toBe('Hearts');
    expect(categorise('PAPER CHAIN KIT 50\'S CHRISTMAS ')).toBe('Christmas');
    expect(categorise('PACK OF 72 RETROSPOT CAKE CASES')).toBe('Baking');
    expect(categorise('ALARM CLOCK BAKELIKE RED ')).toBe('Clocks');
    expect(categorise('RED DINER WALL CLOCK')).toBe('Clocks');
    expect(categorise("CHILDREN'S CIRCUS PARADE MUG")).toBe('Kids');
    expect(categorise('KNITTED UNION FLAG HOT WATER BOTTLE')).toBe('Cushions & Textiles');
  });

  it('matches whole words only, and multi-word keywords as consecutive words', () => {
    const rules: CategoryRule[] = [
      { category: 'Bags', parent: 'Fashion', keywords: ['BAG', 'BAGS'] },
      { category: 'Candle Holders', parent: 'Lights', keywords: ['T-LIGHT HOLDER'] },
    ];
    expect(categorise('BAGUETTE TRAY', rules)).toBe(FALLBACK_CATEGORY);
    expect(categorise('SHOPPING BAGS', rules)).toBe('Bags');
    expect(categorise('white t-light holder', rules)).toBe('Candle Holders');
    expect(categorise('HOLDER FOR T-LIGHT', rules)).toBe(FALLBACK_CATEGORY);
  });

  it('lets the first matching rule win', () => {
    const rules: CategoryRule[] = [
      { category: 'Christmas', parent: 'Seasonal', keywords: ['CHRISTMAS'] },
      { category: 'Bags', parent: 'Fashion', keywords: ['BAG'] },
    ];
    expect(categorise('CHRISTMAS GIFT BAG', rules)).toBe('Christmas');
    expect(categorise('CHRISTMAS GIFT BAG', [...rules].reverse())).toBe('Bags');
  });

  it('falls back to Other', () => {
    expect(categorise('INFLATABLE POLITICAL GLOBE SOMETHING')).not.toBe('');
    expect(categorise('ZZZZ QQQQ')).toBe('Other');
  });

  it('splits words like the rules do (apostrophes dropped)', () => {
    expect(words("CHILD'S T-LIGHT, 50CM")).toEqual(['CHILDS', 'T', 'LIGHT', '50CM']);
  });
});

describe('category-rules.json and categoryTree', () => {
  const tree = categoryTree();
  const leaves = tree.flatMap((n) => n.children);

  it('loads the data file as is', () => {
    const raw = JSON.parse(readFileSync(new URL('./category-rules.json', import.meta.url), 'utf8')) as CategoryRule[];
    expect(CATEGORY_RULES).toEqual(raw);
    for (const rule of raw) for (const k of rule.keywords) expect(k).toBe(k.toUpperCase());
  });

  it('has parents with leaf children, every rule leaf once, Other/Other last', () => {
    expect(tree.at(-1)).toEqual({ name: 'Other', children: ['Other'] });
    expect(new Set(leaves).size).toBe(leaves.length);
    expect(new Set(leaves)).toEqual(new Set([...CATEGORY_RULES.map((r) => r.category), 'Other']));
    for (const rule of CATEGORY_RULES) expect(tree.find((n) => n.name === rule.parent)?.children).toContain(rule.category);
    expect(tree.find((n) => n.name === 'Candles & Lights')?.children).toContain('Lanterns');
    expect(tree.find((n) => n.name === 'Bags & Accessories')?.children).toContain('Bags');
  });

  it('has about 20-30 leaves under about 6 parents', () => {
    expect(leaves.length).toBeGreaterThanOrEqual(20);
    expect(leaves.length).toBeLessThanOrEqual(32);
    expect(tree.length).toBeGreaterThanOrEqual(6);
    expect(tree.length).toBeLessThanOrEqual(9);
    // Parent and leaf names never collide (except the Other fallback).
    for (const node of tree) if (node.name !== 'Other') expect(leaves).not.toContain(node.name);
  });

  it('returns a fresh tree each time', () => {
    const a = categoryTree();
    (a[0] as { children: string[] }).children.push('Mutated');
    expect(categoryTree()[0]?.children).not.toContain('Mutated');
  });
});
