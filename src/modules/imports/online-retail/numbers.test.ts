import { describe, it, expect } from 'vitest';
import { normaliseCustomerId, parseMoney, parseQuantity } from './numbers.js';

const minor = (text: string) => {
  const r = parseMoney(text);
  return r.ok ? r.minor : r.reason;
};

describe('parseMoney', () => {
  it('converts pounds to pence from the digits', () => {
    expect(minor('2.55')).toBe(255);
    expect(minor('18')).toBe(1800);
    expect(minor('50.0')).toBe(5000);
    expect(minor('2.1')).toBe(210);
    expect(minor('0')).toBe(0);
    expect(minor('.5')).toBe(50);
    expect(minor('13541.33')).toBe(1354133);
    expect(minor(' 4.15 ')).toBe(415);
  });

  it('does not go through floats (0.29 * 100 is 28.999999999999996 in floating point)', () => {
    expect(minor('0.29')).toBe(29);
    expect(minor('1.15')).toBe(115);
    expect(minor('4.35')).toBe(435);
  });

  it('rounds more than two decimals half-up on the third decimal', () => {
    expect(minor('1.6500000000000001')).toBe(165);
    expect(minor('2.555')).toBe(256);
    expect(minor('2.5549999')).toBe(255);
    expect(minor('0.001')).toBe(0);
    expect(minor('0.005')).toBe(1);
    expect(minor('9.995')).toBe(1000);
  });

  it('flags negative values, and keeps the sign', () => {
    expect(parseMoney('-11062.06')).toEqual({ ok: true, minor: -1106206, negative: true });
    expect(parseMoney('-0.001')).toMatchObject({ ok: true, negative: true });
    expect(parseMoney('-0')).toEqual({ ok: true, minor: 0, negative: false });
  });

  it('refuses what is not a plain decimal', () => {
    for (const bad of ['', '.', 'abc', '1,50', '£2.50', '1e-3', '2.5.5', '--1', '1 000']) expect(minor(bad)).toBe('unparsable');
    expect(minor('99999999999999.99')).toBe('too large');
  });
});

describe('parseQuantity', () => {
  it('parses signed integers, and integral values written with zero decimals', () => {
    expect(parseQuantity('6')).toEqual({ ok: true, value: 6 });
    expect(parseQuantity('-12')).toEqual({ ok: true, value: -12 });
    expect(parseQuantity('6.0')).toEqual({ ok: true, value: 6 });
    expect(parseQuantity('-0')).toEqual({ ok: true, value: 0 });
  });

  it('refuses fractions and garbage', () => {
    expect(parseQuantity('2.5')).toEqual({ ok: false, reason: 'not an integer' });
    expect(parseQuantity('0.01')).toEqual({ ok: false, reason: 'not an integer' });
    expect(parseQuantity('six')).toEqual({ ok: false, reason: 'unparsable' });
    expect(parseQuantity('')).toEqual({ ok: false, reason: 'unparsable' });
    expect(parseQuantity('99999999999999999999')).toEqual({ ok: false, reason: 'unparsable' });
  });
});

describe('normaliseCustomerId', () => {
  it('drops the .0 pandas adds to integer ids', () => {
    expect(normaliseCustomerId('12923.0')).toEqual({ ok: true, id: '12923' });
    expect(normaliseCustomerId('17850')).toEqual({ ok: true, id: '17850' });
    expect(normaliseCustomerId(' 12923.00 ')).toEqual({ ok: true, id: '12923' });
  });

  it('maps an empty id to a guest (null) and refuses fractional ids', () => {
    expect(normaliseCustomerId('')).toEqual({ ok: true, id: null });
    expect(normaliseCustomerId('   ')).toEqual({ ok: true, id: null });
    expect(normaliseCustomerId('12923.5')).toEqual({ ok: false });
    expect(normaliseCustomerId('ABC-1')).toEqual({ ok: true, id: 'ABC-1' });
  });
});
