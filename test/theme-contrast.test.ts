import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// WCAG 2.2 relative luminance and contrast ratio (https://www.w3.org/TR/WCAG22/#dfn-contrast-ratio).
const luminance = (hex: string) => {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
};
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
};

const css = readFileSync(new URL('../web/src/ui/theme.css', import.meta.url), 'utf8');
const token = (name: string) => css.match(new RegExp(`--${name}:\\s*(#[0-9a-fA-F]{6})`))?.[1] ?? '';

describe('design tokens', () => {
  it('draws the focus indicator in a colour of at least 3:1 against the page and surface backgrounds', () => {
    const focusRule = css.match(/:focus-visible\s*\{([^}]*)\}/)?.[1] ?? '';
    const ringToken = focusRule.match(/outline:\s*\d+px solid var\(--([a-z-]+)\)/)?.[1] ?? '';
    expect(ringToken).not.toBe('');
    for (const background of ['bg', 'surface']) {
      expect(contrast(token(ringToken), token(background)), `${ringToken} on ${background}`).toBeGreaterThanOrEqual(3);
    }
  });

  it('keeps body text and links at AA contrast (4.5:1) on the page background', () => {
    for (const fg of ['text', 'muted', 'accent', 'danger', 'success', 'warning']) {
      expect(contrast(token(fg), token('bg')), fg).toBeGreaterThanOrEqual(4.5);
    }
  });
});
