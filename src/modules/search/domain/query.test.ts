import { describe, expect, it } from 'vitest';
import { buildTsQueries, chooseCorrections, isFuzzable, MAX_TERMS, priceRanges, queryTerms, tokenize, vocabularyWords } from './query.js';

describe('queryTerms', () => {
  it('lower-cases and keeps only letters and digits, so no tsquery operator survives', () => {
    expect(queryTerms("Lantern'):*|!&( <-> \\ hEArt")).toEqual(['lantern', 'heart']);
    expect(queryTerms("children's T-LIGHT")).toEqual(['children', 's', 't', 'light']);
    expect(queryTerms('Crème brûlée 50cm')).toEqual(['crème', 'brûlée', '50cm']);
    for (const t of queryTerms(`a&b|c!d(e)f:g*h'i\\j<k>l"m%n_o`)) expect(t).toMatch(/^[\p{L}\p{N}]+$/u);
  });

  it('is empty for absent or blank input, dedupes and caps the number of terms', () => {
    expect(queryTerms(undefined)).toEqual([]);
    expect(queryTerms('  !!! ')).toEqual([]);
    expect(queryTerms('bag bag BAG')).toEqual(['bag']);
    expect(queryTerms('a b c d e f g h i j k')).toHaveLength(MAX_TERMS);
  });
});

describe('vocabularyWords / isFuzzable', () => {
  it('keeps distinct words of 3+ characters holding a letter, sorted', () => {
    expect(vocabularyWords('White Hanging Heart T-Light Holder, set of 3 / 12 50cm')).toEqual(['50cm', 'hanging', 'heart', 'holder', 'light', 'set', 'white']);
    expect(tokenize('ÉTOILE')).toEqual(['étoile']);
  });

  it('spell-corrects words of 3+ characters with a letter only', () => {
    expect(isFuzzable('hart')).toBe(true);
    expect(isFuzzable('of')).toBe(false);
    expect(isFuzzable('2010')).toBe(false);
  });
});

describe('chooseCorrections', () => {
  const none = { prefix: false, prefixDocuments: 0 };
  it('prefers common words: "hart" → heart before chart and hare', () => {
    const chosen = chooseCorrections('hart', [
      { word: 'hare', similarity: 0.43, documents: 1 },
      { word: 'chart', similarity: 0.375, documents: 2 },
      { word: 'heart', similarity: 0.375, documents: 150 },
    ], none);
    expect(chosen.map((c) => c.word)).toEqual(['heart', 'chart', 'hare']);
    expect(chosen[0]!.weight).toBe(1);
    expect(chosen[1]!.weight).toBeLessThan(0.3);
  });

  it('keeps at most three, never the term itself nor a word with other characters', () => {
    const chosen = chooseCorrections('lamp', [
      { word: 'lamp', similarity: 1, documents: 5 },
      { word: "lamp's", similarity: 0.9, documents: 5 },
      { word: 'lamps', similarity: 0.6, documents: 5 },
      { word: 'clamp', similarity: 0.5, documents: 5 },
      { word: 'lame', similarity: 0.4, documents: 5 },
      { word: 'lump', similarity: 0.35, documents: 5 },
    ], none);
    expect(chosen.map((c) => c.word)).toEqual(['lamps', 'clamp', 'lame']);
  });

  it('for a last term that already starts words, offers only far more common words', () => {
    // "candel" starts "candelabra" (1 title) but surely means "candle" (40 titles).
    const candel = chooseCorrections('candel', [
      { word: 'candelabra', similarity: 0.5, documents: 1 },
      { word: 'candle', similarity: 0.4, documents: 40 },
      { word: 'handel', similarity: 0.4, documents: 2 },
    ], { prefix: true, prefixDocuments: 1 });
    expect(candel.map((c) => c.word)).toEqual(['candle']);
    // "lant" starts "lantern" (8 titles): "plant" (9 titles) is not offered.
    expect(chooseCorrections('lant', [{ word: 'plant', similarity: 0.375, documents: 9 }], { prefix: true, prefixDocuments: 8 })).toEqual([]);
  });
});

describe('buildTsQueries', () => {
  it('ANDs the terms, the last one as a prefix', () => {
    expect(buildTsQueries(['red', 'lant'], new Map())).toEqual({ exact: 'red & lant:*', fuzzy: 'red & lant:*', corrections: [] });
  });

  it('ORs corrected terms with their corrections (prefixes for the last term)', () => {
    const ts = buildTsQueries(['hart', 'lanturn'], new Map([
      [0, [{ word: 'heart', weight: 1 }]],
      [1, [{ word: 'lantern', weight: 1 }, { word: 'lanterns', weight: 0.5 }]],
    ]));
    expect(ts.exact).toBe('hart & lanturn:*');
    expect(ts.fuzzy).toBe('(hart | heart) & (lanturn:* | lantern:* | lanterns:*)');
    expect(ts.corrections).toEqual([{ query: 'heart', weight: 1 }, { query: 'lantern:*', weight: 1 }, { query: 'lanterns:*', weight: 0.5 }]);
  });
});

describe('priceRanges', () => {
  it('lists the six fixed buckets in minor units with their counts', () => {
    expect(priceRanges({ '0': 2, '2': 5, '5': 1 })).toEqual([
      { min: 0, max: 100, count: 2 },
      { min: 100, max: 250, count: 0 },
      { min: 250, max: 500, count: 5 },
      { min: 500, max: 1000, count: 0 },
      { min: 1000, max: 2500, count: 0 },
      { min: 2500, max: null, count: 1 },
    ]);
    expect(priceRanges(null).every((b) => b.count === 0)).toBe(true);
  });
});
