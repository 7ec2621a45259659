import { describe, expect, it } from 'vitest';
import { slugify, uniqueSlug } from './slug.js';
import { movementQuantityError } from './stock.js';

describe('slugify', () => {
  it('makes readable ASCII slugs', () => {
    expect(slugify('WHITE HANGING HEART T-LIGHT HOLDER')).toBe('white-hanging-heart-t-light-holder');
    expect(slugify('Crème Brûlée Set')).toBe('creme-brulee-set');
    expect(slugify('Tea & Coffee')).toBe('tea-and-coffee');
    expect(slugify('  ***  ')).toBe('item');
    expect(slugify('x'.repeat(200)).length).toBe(80);
  });
  it('numbers duplicates', () => {
    const taken = new Set(['mug', 'mug-2']);
    expect(uniqueSlug('mug', (s) => taken.has(s))).toBe('mug-3');
    expect(uniqueSlug('bowl', (s) => taken.has(s))).toBe('bowl');
  });
});

describe('movementQuantityError', () => {
  it('checks the sign against the type', () => {
    expect(movementQuantityError('receipt', 5)).toBeNull();
    expect(movementQuantityError('receipt', -5)).toMatch(/positive/);
    expect(movementQuantityError('return', -1)).toMatch(/positive/);
    expect(movementQuantityError('release', -1)).toMatch(/positive/);
    expect(movementQuantityError('release', 2)).toBeNull();
    expect(movementQuantityError('sale', 2)).toMatch(/negative/);
    expect(movementQuantityError('sale', -2)).toBeNull();
    expect(movementQuantityError('adjustment', -3)).toBeNull();
    expect(movementQuantityError('adjustment', 0)).toMatch(/non-zero/);
    expect(movementQuantityError('adjustment', 1.5)).toMatch(/integer/);
  });
});
