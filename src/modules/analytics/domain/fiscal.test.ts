import { describe, expect, it } from 'vitest';
import {
  addMonths, daysInMonth, fiscalMonthOf, fiscalYearOf, isoWeekOf, isoWeeksInYear, monthEndOf, monthStartOf, monthsOfFiscalYear, periodRange, previousPeriod, samePeriodLastYear,
} from './fiscal.js';
import { evenPhasing, largestRemainder, phasingFromPercentages, phasingFromValues } from './phasing.js';

describe('ISO weeks', () => {
  it('puts 2020-12-31 and 2021-01-03 in week 53 of 2020 and gives 2026 week 53', () => {
    expect(isoWeekOf('2020-12-31')).toEqual({ year: 2020, week: 53, monday: '2020-12-28' });
    expect(isoWeekOf('2021-01-03').week).toBe(53);
    expect(isoWeekOf('2021-01-04')).toEqual({ year: 2021, week: 1, monday: '2021-01-04' });
    expect(isoWeeksInYear(2026)).toBe(53);
    expect(isoWeeksInYear(2025)).toBe(52);
    expect(periodRange({ grain: 'week', date: '2027-01-01' })).toEqual({ from: '2026-12-28', to: '2027-01-03', label: '2026-W53' });
    expect(periodRange({ grain: 'week', date: '2024-12-30' })).toEqual({ from: '2024-12-30', to: '2025-01-05', label: '2025-W01' });
  });

  it('maps week 53 to week 52 of a 52-week year last year, and other weeks to the same number', () => {
    expect(samePeriodLastYear({ grain: 'week', date: '2026-12-30' })).toEqual({ from: '2025-12-22', to: '2025-12-28', label: '2025-W52' });
    expect(periodRange({ grain: 'week', date: '2026-03-04' }).label).toBe('2026-W10');
    expect(samePeriodLastYear({ grain: 'week', date: '2026-03-04' })).toEqual({ from: '2025-03-03', to: '2025-03-09', label: '2025-W10' });
    expect(previousPeriod({ grain: 'week', date: '2026-01-01' })).toEqual({ from: '2025-12-22', to: '2025-12-28', label: '2025-W52' });
  });
});

describe('fiscal periods', () => {
  it('names a fiscal year by the calendar year it starts in and maps months from April', () => {
    expect(fiscalYearOf('2027-03-31', 4)).toBe(2026);
    expect(fiscalYearOf('2027-04-01', 4)).toBe(2027);
    expect(fiscalMonthOf('2026-04-15', 4)).toBe(1);
    expect(fiscalMonthOf('2027-03-01', 4)).toBe(12);
    expect(monthsOfFiscalYear(2026, 4)).toEqual([
      '2026-04-01', '2026-05-01', '2026-06-01', '2026-07-01', '2026-08-01', '2026-09-01',
      '2026-10-01', '2026-11-01', '2026-12-01', '2027-01-01', '2027-02-01', '2027-03-01',
    ]);
    expect(periodRange({ grain: 'year', date: '2027-02-10', fiscalYearStartMonth: 4 })).toEqual({ from: '2026-04-01', to: '2027-03-31', label: 'FY2026' });
    expect(periodRange({ grain: 'year', date: '2026-02-10' })).toEqual({ from: '2026-01-01', to: '2026-12-31', label: 'FY2026' });
  });

  it('gives fiscal quarters, their previous quarter across a year end and last year', () => {
    expect(periodRange({ grain: 'quarter', date: '2027-01-15', fiscalYearStartMonth: 4 })).toEqual({ from: '2027-01-01', to: '2027-03-31', label: 'FY2026 Q4' });
    expect(periodRange({ grain: 'quarter', date: '2026-05-15', fiscalYearStartMonth: 4 })).toEqual({ from: '2026-04-01', to: '2026-06-30', label: 'FY2026 Q1' });
    expect(previousPeriod({ grain: 'quarter', date: '2026-05-15', fiscalYearStartMonth: 4 })).toEqual({ from: '2026-01-01', to: '2026-03-31', label: 'FY2025 Q4' });
    expect(periodRange({ grain: 'quarter', date: '2026-11-30', fiscalYearStartMonth: 2 })).toEqual({ from: '2026-11-01', to: '2027-01-31', label: 'FY2026 Q4' });
    expect(samePeriodLastYear({ grain: 'quarter', date: '2026-05-15', fiscalYearStartMonth: 4 })).toEqual({ from: '2025-04-01', to: '2025-06-30', label: 'FY2025 Q1' });
    expect(periodRange({ grain: 'quarter', date: '2026-08-01' })).toEqual({ from: '2026-07-01', to: '2026-09-30', label: 'FY2026 Q3' });
  });

  it('handles leap years: February lengths, 29 February last year, month arithmetic', () => {
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2100, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(periodRange({ grain: 'month', date: '2024-02-10' })).toEqual({ from: '2024-02-01', to: '2024-02-29', label: '2024-02' });
    expect(samePeriodLastYear({ grain: 'day', date: '2024-02-29' })).toEqual({ from: '2023-02-28', to: '2023-02-28', label: '2023-02-28' });
    expect(samePeriodLastYear({ grain: 'month', date: '2025-02-14' })).toEqual({ from: '2024-02-01', to: '2024-02-29', label: '2024-02' });
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
    expect(monthStartOf('2024-02-17')).toBe('2024-02-01');
    expect(monthEndOf('2024-02-17')).toBe('2024-02-29');
    expect(monthEndOf('2023-02-01')).toBe('2023-02-28');
    expect(monthEndOf('2026-12-31')).toBe('2026-12-31');
  });

  it('gives the previous day, month and year, and a custom range of the same length before', () => {
    expect(previousPeriod({ grain: 'day', date: '2026-03-01' })).toEqual({ from: '2026-02-28', to: '2026-02-28', label: '2026-02-28' });
    expect(previousPeriod({ grain: 'month', date: '2026-03-31' })).toEqual({ from: '2026-02-01', to: '2026-02-28', label: '2026-02' });
    expect(previousPeriod({ grain: 'year', date: '2026-03-31', fiscalYearStartMonth: 4 })).toEqual({ from: '2024-04-01', to: '2025-03-31', label: 'FY2024' });
    expect(previousPeriod({ grain: 'custom', from: '2026-03-01', to: '2026-03-10' })).toEqual({ from: '2026-02-19', to: '2026-02-28', label: '2026-02-19..2026-02-28' });
    expect(samePeriodLastYear({ grain: 'custom', from: '2024-02-01', to: '2024-02-29' })).toEqual({ from: '2023-02-01', to: '2023-02-28', label: '2023-02-01..2023-02-28' });
  });

  it('refuses invalid dates and a custom range that ends before it starts', () => {
    expect(() => periodRange({ grain: 'day', date: '2026-02-30' })).toThrow(RangeError);
    expect(() => periodRange({ grain: 'custom', from: '2026-03-02', to: '2026-03-01' })).toThrow(RangeError);
    expect(() => periodRange({ grain: 'month', date: '2026-03-01', fiscalYearStartMonth: 13 })).toThrow(RangeError);
  });
});

describe('phasing', () => {
  it('splits by largest remainder so the parts sum to the amount, negatives included', () => {
    expect(evenPhasing()).toEqual([834, 834, 834, 834, 833, 833, 833, 833, 833, 833, 833, 833]);
    const months = largestRemainder(1_000_001, evenPhasing());
    expect(months.reduce((s, m) => s + m, 0)).toBe(1_000_001);
    const negative = largestRemainder(-1001, [1, 1, 1]);
    expect(negative).toEqual([-334, -334, -333]);
  });

  it('takes percentages with 2 decimals summing to 100 and refuses others', () => {
    const ok = phasingFromPercentages([10, 10, 10, 10, 10, 10, 5, 5, 5, 5, 10, 10]);
    expect(ok).toEqual({ ok: true, basisPoints: [1000, 1000, 1000, 1000, 1000, 1000, 500, 500, 500, 500, 1000, 1000] });
    expect(phasingFromPercentages([8.33, 8.33, 8.33, 8.33, 8.33, 8.33, 8.33, 8.33, 8.34, 8.34, 8.34, 8.34])).toMatchObject({ ok: true });
    expect(phasingFromPercentages(new Array(12).fill(8.33))).toMatchObject({ ok: false, sum: 99.96 });
    const tooPrecise = phasingFromPercentages(new Array(12).fill(8.333));
    expect(tooPrecise.ok).toBe(false);
    expect(tooPrecise).not.toHaveProperty('sum');
    expect(phasingFromValues([0, 0, 0])).toBeNull();
    expect(phasingFromValues([1, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0])).toEqual([2500, 2500, 5000, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });
});
