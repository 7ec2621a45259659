import { describe, it, expect } from 'vitest';
import { addClue, classifyDate, decideDateFormat, emptyEvidence, parseInvoiceDate } from './dates.js';
import { DateFormatAmbiguousError, ImportRefusedError } from './errors.js';

const iso = (text: string, format: 'dmy' | 'mdy' | 'ymd') => {
  const ms = parseInvoiceDate(text, format);
  return ms === null ? null : new Date(ms).toISOString();
};

describe('parseInvoiceDate', () => {
  it('reads day-first, month-first and year-first dates, wall-clock time as UTC', () => {
    expect(iso('01/12/2010 08:26', 'dmy')).toBe('2010-12-01T08:26:00.000Z');
    expect(iso('12/01/2010 08:26', 'mdy')).toBe('2010-12-01T08:26:00.000Z');
    expect(iso('2011-10-06 16:20:00', 'ymd')).toBe('2011-10-06T16:20:00.000Z');
    expect(iso('2011-10-06T16:20:00Z', 'ymd')).toBe('2011-10-06T16:20:00.000Z');
    expect(iso('1/2/2011 8:05', 'dmy')).toBe('2011-02-01T08:05:00.000Z');
    expect(iso('20/12/2010', 'dmy')).toBe('2010-12-20T00:00:00.000Z');
    // Summer time is not applied: the written wall-clock time is kept.
    expect(iso('2011-07-01 09:00:00', 'ymd')).toBe('2011-07-01T09:00:00.000Z');
  });

  it('expands two-digit years (00-69 → 20xx, 70-99 → 19xx)', () => {
    expect(iso('01/12/10 08:26', 'dmy')).toBe('2010-12-01T08:26:00.000Z');
    expect(iso('12/01/10 08:26', 'mdy')).toBe('2010-12-01T08:26:00.000Z');
    expect(iso('31/12/99 23:59', 'dmy')).toBe('1999-12-31T23:59:00.000Z');
  });

  it('returns null for another shape or an impossible date/time', () => {
    expect(iso('2011-10-06 16:20:00', 'dmy')).toBeNull();
    expect(iso('01/12/2010 08:26', 'ymd')).toBeNull();
    expect(iso('13/01/2010 08:26', 'mdy')).toBeNull();
    expect(iso('31/02/2011 08:26', 'dmy')).toBeNull();
    expect(iso('29/02/2011 08:26', 'dmy')).toBeNull();
    expect(iso('29/02/2012 08:26', 'dmy')).toBe('2012-02-29T08:26:00.000Z');
    expect(iso('01/12/2010 24:00', 'dmy')).toBeNull();
    expect(iso('yesterday', 'dmy')).toBeNull();
    expect(iso('', 'ymd')).toBeNull();
  });
});

describe('date format detection', () => {
  it('classifies each date by what it proves', () => {
    expect(classifyDate('2011-10-06 16:20:00')).toBe('ymd');
    expect(classifyDate('20/12/2010 16:11')).toBe('dmy');
    expect(classifyDate('12/20/2010 16:11')).toBe('mdy');
    expect(classifyDate('01/12/2010 08:26')).toBe('ambiguous');
    expect(classifyDate('12/12/10 08:26')).toBe('ambiguous');
    expect(classifyDate('40/40/2010 08:26')).toBe('unreadable');
    expect(classifyDate('n/a')).toBe('unreadable');
  });

  const decide = (...dates: string[]) => {
    const evidence = emptyEvidence();
    for (const d of dates) addClue(evidence, classifyDate(d));
    return decideDateFormat(evidence);
  };

  it('decides from the whole set of dates', () => {
    expect(decide('01/12/2010 08:26', '05/12/2010 10:00', '13/12/2010 09:00')).toBe('dmy');
    expect(decide('12/01/2010 08:26', '12/13/2010 09:00')).toBe('mdy');
    expect(decide('2011-10-06 16:20:00', '2010-12-01 08:26:00')).toBe('ymd');
    expect(decide('01/12/10 08:26', '20/12/10 08:26')).toBe('dmy');
  });

  it('refuses to guess when every day and month is ≤ 12, naming --date-format', () => {
    let error: unknown;
    try {
      decide('01/12/2010 08:26', '05/11/2010 10:00', '12/12/2010 09:00');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DateFormatAmbiguousError);
    expect(error).toBeInstanceOf(ImportRefusedError);
    expect((error as DateFormatAmbiguousError).code).toBe('IMPORT.DATE_FORMAT_AMBIGUOUS');
    expect((error as Error).message).toContain('--date-format dmy|mdy|ymd');
    expect((error as DateFormatAmbiguousError).evidence).toMatchObject({ ambiguous: 3, dmyOnly: 0, mdyOnly: 0 });
  });

  it('refuses contradicting dates and files without a readable date', () => {
    expect(() => decide('13/12/2010 08:26', '12/13/2010 08:26')).toThrow(/--date-format/);
    expect(() => decide('soon', 'later')).toThrow(DateFormatAmbiguousError);
  });
});
