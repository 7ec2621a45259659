import { describe, expect, it } from 'vitest';
import { isPlausibleEmail, normalizeEmail, passwordProblem } from './credentials.js';

describe('credentials', () => {
  it('normalises emails to trimmed lowercase', () => {
    expect(normalizeEmail('  Ada.Lovelace@Example.COM ')).toBe('ada.lovelace@example.com');
  });

  it('accepts plausible emails and rejects others', () => {
    expect(isPlausibleEmail('ada@example.com')).toBe(true);
    expect(isPlausibleEmail('a.b+c@mail.example.co.uk')).toBe(true);
    expect(isPlausibleEmail('ada@example')).toBe(false);
    expect(isPlausibleEmail('ada example@x.com')).toBe(false);
    expect(isPlausibleEmail('@example.com')).toBe(false);
    expect(isPlausibleEmail('ada@@example.com')).toBe(false);
    expect(isPlausibleEmail(`${'a'.repeat(250)}@x.com`)).toBe(false);
  });

  it('requires passwords of 8 to 256 characters (NIST SP 800-63B minimum; strength is checked besides)', () => {
    expect(passwordProblem('1234567')).toBe('must be at least 8 characters');
    expect(passwordProblem('12345678')).toBeNull();
    expect(passwordProblem('x'.repeat(257))).toBe('must be at most 256 characters');
  });
});
