import { Readable } from 'node:stream';
import { describe, it, expect } from 'vitest';
import {
  analyzeOnlineRetail,
  DateFormatAmbiguousError,
  EmptyFileError,
  ImportRefusedError,
  MissingColumnsError,
  type AnalyzeOptions,
  type AnalyzeProgress,
  type ImportPlan,
} from './index.js';

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
const csv = (...rows: string[]) => [HEADER, ...rows].join('\n') + '\n';
/** A factory of fresh streams over `text`, delivered in `chunk`-byte pieces; counts how often it is opened. */
function source(text: string | Buffer, chunk = 0) {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const open = () => {
    open.calls++;
    if (chunk <= 0) return Readable.from([bytes]);
    const pieces: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += chunk) pieces.push(bytes.subarray(i, i + chunk));
    return Readable.from(pieces);
  };
  open.calls = 0;
  return open;
}
const analyze = (text: string | Buffer, options?: AnalyzeOptions) => analyzeOnlineRetail(source(text), options);
async function refusal(promise: Promise<unknown>): Promise<ImportRefusedError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(ImportRefusedError);
    return e as ImportRefusedError;
  }
  throw new Error('expected the import to be refused');
}
const reasonsAt = (plan: ImportPlan) => Object.fromEntries(plan.rejected.map((r) => [r.line, r.reason]));

describe('analyzeOnlineRetail: header', () => {
  it('refuses a file missing required columns, naming them, before reading rows', async () => {
    const open = source('InvoiceNo,StockCode,Description,Quantity,InvoiceDate,CustomerID\n536365,85123A,X,6,01/12/2010 08:26,17850\n');
    const progress: AnalyzeProgress[] = [];
    const error = await refusal(analyzeOnlineRetail(open, { onProgress: (p) => progress.push(p) }));
    expect(error).toBeInstanceOf(MissingColumnsError);
    expect(error.code).toBe('IMPORT.MISSING_COLUMNS');
    expect((error as MissingColumnsError).missing).toEqual(['UnitPrice', 'Country']);
    expect(error.message).toContain('UnitPrice, Country');
    expect(progress).toEqual([]);
    expect(open.calls).toBe(1);
  });

  it('refuses even with an explicit date format', async () => {
    const error = await refusal(analyze('a,b,c\n1,2,3\n', { dateFormat: 'dmy' }));
    expect((error as MissingColumnsError).missing).toHaveLength(8);
  });

  it('ignores extra columns and accepts any column order and header case', async () => {
    const text =
      'Country, invoiceno ,Extra,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Notes\n' +
      'United Kingdom,536365,ignored,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,13/12/2010 08:26,2.55,17850,"x, y"\n';
    const plan = await analyze(text);
    expect(plan.counts).toEqual({ read: 1, accepted: 1, rejected: 0 });
    expect(plan.orders[0]).toMatchObject({ invoiceNo: '536365', country: 'United Kingdom', customerExternalId: '17850' });
    expect(plan.products[0]).toMatchObject({ sku: '85123A', price: 255 });
  });

  it('refuses an empty file and a header without rows', async () => {
    expect((await refusal(analyze(''))).code).toBe('IMPORT.EMPTY_FILE');
    expect(await refusal(analyze('\n\n'))).toBeInstanceOf(EmptyFileError);
    expect((await refusal(analyze(HEADER + '\n'))).code).toBe('IMPORT.EMPTY_FILE');
    expect((await refusal(analyze(HEADER + '\n', { dateFormat: 'ymd' }))).code).toBe('IMPORT.EMPTY_FILE');
  });

  it('drops a UTF-8 BOM, even split across chunks', async () => {
    const text = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv('536365,85123A,HEART,6,13/12/2010 08:26,2.55,17850,United Kingdom'))]);
    const plan = await analyzeOnlineRetail(source(text, 1));
    expect(plan.counts.accepted).toBe(1);
  });
});

describe('analyzeOnlineRetail: date format', () => {
  const ambiguous = csv(
    '536365,85123A,HEART,6,01/12/2010 08:26,2.55,17850,United Kingdom',
    '536366,71053,LANTERN,6,05/11/2010 09:00,3.39,17850,United Kingdom',
    '536367,71053,LANTERN,6,12/12/2010 09:00,3.39,17850,United Kingdom',
  );

  it('detects day-first from the whole file (one day > 12 is enough, even on the last row)', async () => {
    const open = source(
      csv(
        '536365,85123A,HEART,6,01/12/2010 08:26,2.55,17850,United Kingdom',
        '536366,71053,LANTERN,6,02/12/2010 09:00,3.39,17850,United Kingdom',
        '536367,71053,LANTERN,6,20/12/2010 16:11,3.39,17850,United Kingdom',
      ),
    );
    const plan = await analyzeOnlineRetail(open);
    expect(plan.dateFormat).toBe('dmy');
    expect(plan.dateFormatDetected).toBe(true);
    expect(plan.period).toEqual({ first: '2010-12-01T08:26:00.000Z', last: '2010-12-20T16:11:00.000Z' });
    expect(plan.orders.map((o) => o.placedAt)).toEqual(['2010-12-01T08:26:00.000Z', '2010-12-02T09:00:00.000Z', '2010-12-20T16:11:00.000Z']);
    expect(open.calls).toBe(2);
  });

  it('detects month-first and ISO', async () => {
    const mdy = await analyze(csv('536365,85123A,HEART,6,12/01/2010 08:26,2.55,17850,UK', '536366,85123A,HEART,6,12/20/2010 08:26,2.55,17850,UK'));
    expect(mdy.dateFormat).toBe('mdy');
    expect(mdy.period?.first).toBe('2010-12-01T08:26:00.000Z');
    const ymd = await analyze(csv('569901,23256,CUTLERY,2,2011-10-06 16:20:00,4.15,12923.0,United Kingdom'));
    expect(ymd.dateFormat).toBe('ymd');
    expect(ymd.period).toEqual({ first: '2011-10-06T16:20:00.000Z', last: '2011-10-06T16:20:00.000Z' });
  });

  it('reads two-digit years', async () => {
    const plan = await analyze(csv('536365,85123A,HEART,6,01/12/10 08:26,2.55,17850,UK', '536366,85123A,HEART,6,13/12/10 09:30,2.55,17850,UK'));
    expect(plan.dateFormat).toBe('dmy');
    expect(plan.period).toEqual({ first: '2010-12-01T08:26:00.000Z', last: '2010-12-13T09:30:00.000Z' });
  });

  it('refuses to guess on an ambiguous file and names --date-format', async () => {
    const error = await refusal(analyze(ambiguous));
    expect(error).toBeInstanceOf(DateFormatAmbiguousError);
    expect(error.code).toBe('IMPORT.DATE_FORMAT_AMBIGUOUS');
    expect(error.message).toContain('--date-format dmy|mdy|ymd');
  });

  it('uses an explicit date format without detection, in one pass', async () => {
    const open = source(ambiguous);
    const dmy = await analyzeOnlineRetail(open, { dateFormat: 'dmy' });
    expect(open.calls).toBe(1);
    expect(dmy.dateFormat).toBe('dmy');
    expect(dmy.dateFormatDetected).toBe(false);
    expect(dmy.orders.find((o) => o.invoiceNo === '536366')?.placedAt).toBe('2010-11-05T09:00:00.000Z');
    const mdy = await analyze(ambiguous, { dateFormat: 'mdy' });
    expect(mdy.orders.find((o) => o.invoiceNo === '536366')?.placedAt).toBe('2010-05-11T09:00:00.000Z');
  });

  it('rejects rows that do not parse under the explicit format', async () => {
    const plan = await analyze(
      csv('536365,85123A,HEART,6,01/12/2010 08:26,2.55,17850,UK', '536366,85123A,HEART,6,13/12/2010 08:26,2.55,17850,UK', '536367,85123A,HEART,6,2010-12-01 08:26:00,2.55,17850,UK'),
      { dateFormat: 'mdy' },
    );
    expect(plan.counts).toEqual({ read: 3, accepted: 1, rejected: 2 });
    expect(reasonsAt(plan)[3]).toBe('unparsable InvoiceDate: "13/12/2010 08:26" (expected month-first, e.g. 12/31/2010 08:26)');
    expect(reasonsAt(plan)[4]).toMatch(/^unparsable InvoiceDate: "2010-12-01 08:26:00"/);
  });

  it('keeps the majority shape of a mixed file and rejects the rest', async () => {
    const plan = await analyze(
      csv('1,A1,X,1,2011-01-01 10:00:00,1,,UK', '2,A1,X,1,2011-01-02 10:00:00,1,,UK', '3,A1,X,1,13/01/2011 10:00,1,,UK'),
    );
    expect(plan.dateFormat).toBe('ymd');
    expect(plan.rejected).toEqual([{ line: 4, reason: 'unparsable InvoiceDate: "13/01/2011 10:00" (expected year-first, e.g. 2010-12-31 08:26:00)' }]);
  });
});

describe('analyzeOnlineRetail: row validation', () => {
  it('rejects bad rows with their line number and a reason, and counts everything', async () => {
    const plan = await analyze(
      csv(
        '536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,13/12/2010 08:26,2.55,17850,United Kingdom', // 2 ok
        '536365,71053,WHITE METAL LANTERN,6,13/12/2010 08:26,-3.39,17850,United Kingdom', // 3 negative price
        '536365,84406B,CREAM CUPID HEARTS COAT HANGER,2.5,13/12/2010 08:26,2.75,17850,United Kingdom', // 4 non-integer qty
        '536365,84029G,KNITTED UNION FLAG HOT WATER BOTTLE,six,13/12/2010 08:26,3.39,17850,United Kingdom', // 5 unparsable qty
        '536365,84029E,RED WOOLLY HOTTIE WHITE HEART.,6,13/12/2010 08:26,abc,17850,United Kingdom', // 6 unparsable price
        '536365,22752,SET 7 BABUSHKA NESTING BOXES,2,32/12/2010 08:26,7.65,17850,United Kingdom', // 7 bad date
        '536365,21730,,6,13/12/2010 08:26,4.25,17850,United Kingdom', // 8 missing description
        ',,GLASS STAR FROSTED T-LIGHT HOLDER,6,13/12/2010 08:26,4.25,17850,', // 9 missing three fields
        '536365,22633,HAND WARMER UNION JACK,6,13/12/2010 08:26,1.85,17850', // 10 wrong column count
        '536366,22632,HAND WARMER RED POLKA DOT,6.0,13/12/2010 08:28,1.85,17850,United Kingdom', // 11 ok (6.0)
        '536366,22632,HAND WARMER RED POLKA DOT,0,13/12/2010 08:28,1.85,17850,United Kingdom', // 12 zero qty
        '536589,21777,damaged,-10,13/12/2010 16:50,0,,United Kingdom', // 13 stock adjustment
        'C536379,22556,PLASTERS IN TIN CIRCUS PARADE,12,13/12/2010 09:41,1.65,14527,United Kingdom', // 14 positive return
        '536367,22745,POPPY\'S PLAYHOUSE BEDROOM,6,13/12/2010 08:34,2.1,12923.5,United Kingdom', // 15 fractional customer
      ),
    );
    expect(plan.counts).toEqual({ read: 14, accepted: 2, rejected: 12 });
    expect(plan.rejected.map((r) => r.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14, 15]);
    expect(reasonsAt(plan)).toEqual({
      3: 'negative UnitPrice: "-3.39"',
      4: 'Quantity is not an integer: "2.5"',
      5: 'unparsable Quantity: "six"',
      6: 'unparsable UnitPrice: "abc"',
      7: 'unparsable InvoiceDate: "32/12/2010 08:26" (expected day-first, e.g. 31/12/2010 08:26)',
      8: 'missing required field: Description',
      9: 'missing required fields: InvoiceNo, StockCode, Country',
      10: 'wrong column count: 7 fields, expected 8',
      12: 'Quantity is 0',
      13: 'negative Quantity -10 on invoice 536589, which is not a cancellation (a stock adjustment, not a sale)',
      14: 'positive Quantity 12 on cancellation invoice C536379',
      15: 'unparsable CustomerID: "12923.5"',
    });
    expect(plan.orders.map((o) => o.invoiceNo)).toEqual(['536365', '536366']);
    expect(plan.orders[1]?.lines).toEqual([{ sku: '22632', title: 'Hand Warmer Red Polka Dot', quantity: 6, unitPrice: 185 }]);
    // Invoices whose every row was rejected do not exist.
    expect(plan.returns).toEqual([]);
    expect(plan.orders.some((o) => o.invoiceNo === '536589' || o.invoiceNo === '536367')).toBe(false);
  });

  it('rejects a truncated last row (no final line break) and keeps going after a bad row', async () => {
    const text = csv('536365,85123A,HEART,6,13/12/2010 08:26,2.55,17850,UK', '536365,1,2', '536366,71053,LANTERN,6,13/12/2010 08:28,3.39,17850,UK') + '539650,84347,R';
    const plan = await analyze(text);
    expect(plan.counts).toEqual({ read: 4, accepted: 2, rejected: 2 });
    expect(plan.rejected).toEqual([
      { line: 3, reason: 'wrong column count: 3 fields, expected 8' },
      { line: 5, reason: 'truncated: the file ends mid-row (3 of 8 fields)' },
    ]);
  });

  it('rejects a last row cut inside a quoted field', async () => {
    const plan = await analyze(csv('536365,85123A,HEART,6,13/12/2010 08:26,2.55,17850,UK') + '539650,84347,"ROTATING SILVER');
    expect(plan.counts).toEqual({ read: 2, accepted: 1, rejected: 1 });
    expect(plan.rejected).toEqual([{ line: 3, reason: 'truncated: the file ends inside a quoted field (quote not closed)' }]);
  });

  it('survives a stray quote: only that row is rejected, the rest of the file is read', async () => {
    const plan = await analyze(
      csv(
        '536365,85123A,HEART,6,13/12/2010 08:26,2.55,17850,UK',
        '536365,85123A,HEART,"6"X,13/12/2010 08:26,2.55,17850,UK',
        '',
        '536366,71053,LANTERN,6,13/12/2010 08:28,3.39,17850,UK',
        '536366,22632,"HAND WARMER "RED" POLKA DOT",6,13/12/2010 08:28,1.85,17850,UK',
      ),
    );
    expect(plan.counts).toEqual({ read: 4, accepted: 3, rejected: 1 });
    expect(plan.rejected).toEqual([{ line: 3, reason: 'unparsable Quantity: ""6"X"' }]);
    expect(plan.orders.map((o) => o.invoiceNo)).toEqual(['536365', '536366']);
  });

  it('parses quoted commas, doubled quotes and multi-line fields, ignores blank lines, and keeps line numbers', async () => {
    const plan = await analyze(
      csv(
        '536367,22623,"TRAY, BREAKFAST IN BED",3,13/12/2010 08:34,4.95,13047,United Kingdom', // 2
        '', // 3
        '536367,90214D,"LETTER ""D"" BLING KEY RING",1,13/12/2010 08:34,0.85,13047,United Kingdom', // 4
        '536367,22624,"TWO', // 5
        'LINES",1,13/12/2010 08:34,0.85,13047,United Kingdom', // 6
        '   ', // 7
        '536367,22625,NEGATIVE,1,13/12/2010 08:34,-1,13047,United Kingdom', // 8
      ),
    );
    expect(plan.counts).toEqual({ read: 4, accepted: 3, rejected: 1 });
    expect(plan.rejected).toEqual([{ line: 8, reason: 'negative UnitPrice: "-1"' }]);
    const titles = Object.fromEntries(plan.products.map((p) => [p.sku, [p.description, p.title]]));
    expect(titles['22623']).toEqual(['TRAY, BREAKFAST IN BED', 'Tray, Breakfast in Bed']);
    expect(titles['90214D']).toEqual(['LETTER "D" BLING KEY RING', 'Letter "D" Bling Key Ring']);
    expect(titles['22624']).toEqual(['TWO\nLINES', 'Two Lines']);
  });

  it('streams in small chunks with the same result', async () => {
    const text = csv('536367,22623,"TRAY, BREAKFAST IN BED",3,13/12/2010 08:34,4.95,13047,United Kingdom', '536368,22960,JAM MAKING SET WITH JARS,6,13/12/2010 08:34,4.25,13047,United Kingdom') + '5,1';
    const whole = await analyzeOnlineRetail(source(text));
    const chunked = await analyzeOnlineRetail(source(text, 3));
    expect(chunked).toEqual(whole);
    expect(whole.rejected).toEqual([{ line: 4, reason: 'truncated: the file ends mid-row (2 of 8 fields)' }]);
  });

  it('decodes text as UTF-8, or Windows-1252 when the bytes are not UTF-8 (the real file has one 0xA3 £)', async () => {
    const row = (desc: Buffer) => Buffer.concat([Buffer.from('539492,gift_0001_40,'), desc, Buffer.from(',1,20/12/2010 10:14,34.04,,United Kingdom\n')]);
    const latin1 = Buffer.concat([Buffer.from(HEADER + '\n'), row(Buffer.from('Dotcomgiftshop Gift Voucher \xa340.00', 'latin1'))]);
    const utf8 = Buffer.concat([Buffer.from(HEADER + '\n'), row(Buffer.from('Dotcomgiftshop Gift Voucher £40.00', 'utf8'))]);
    for (const bytes of [latin1, utf8]) {
      const plan = await analyzeOnlineRetail(source(bytes));
      expect(plan.orders[0]?.fees).toEqual([{ code: 'GIFT_0001_40', description: 'Dotcomgiftshop Gift Voucher £40.00', amount: 3404 }]);
    }
  });

  it('caps the rejected list at 1,000 but keeps exact counts', async () => {
    const rows = ['536365,85123A,HEART,6,13/12/2010 08:26,2.55,17850,UK'];
    for (let i = 0; i < 1500; i++) rows.push(`536365,85123A,HEART,6,13/12/2010 08:26,-1,17850,UK`);
    const plan = await analyze(csv(...rows));
    expect(plan.counts).toEqual({ read: 1501, accepted: 1, rejected: 1500 });
    expect(plan.rejected).toHaveLength(1000);
    expect(plan.rejected[0]).toEqual({ line: 3, reason: 'negative UnitPrice: "-1"' });
    expect(plan.rejected[999]?.line).toBe(1002);
  });
});

describe('analyzeOnlineRetail: plan', () => {
  it('turns service codes into fees on their invoice, never products', async () => {
    const plan = await analyze(
      csv(
        '536370,22728,ALARM CLOCK BAKELIKE PINK,24,13/12/2010 08:45,3.75,12583,France',
        '536370,POST,POSTAGE,3,13/12/2010 08:45,18,12583,France',
        '536370,m,Manual,1,13/12/2010 08:45,0.85,12583,France',
        '536371,BANK CHARGES,Bank Charges,1,13/12/2010 09:00,15,,United Kingdom',
        'C536379,D,Discount,-1,13/12/2010 09:41,27.50,14527,United Kingdom',
        '536372,AMAZONFEE,AMAZON FEE,1,13/12/2010 10:00,1.6500000000000001,,United Kingdom',
        '536373,PADS,PADS TO MATCH ALL CUSHIONS,1,13/12/2010 10:00,0.001,15060,United Kingdom',
        '536374,gift_0001_20,,1,13/12/2010 10:00,17.02,,United Kingdom',
      ),
    );
    expect(plan.products.map((p) => p.sku)).toEqual(['22728']);
    const order = (no: string) => plan.orders.find((o) => o.invoiceNo === no);
    expect(order('536370')?.fees).toEqual([
      { code: 'POST', description: 'POSTAGE', amount: 5400 },
      { code: 'M', description: 'Manual', amount: 85 },
    ]);
    expect(order('536370')?.lines).toEqual([{ sku: '22728', title: 'Alarm Clock Bakelike Pink', quantity: 24, unitPrice: 375 }]);
    expect(order('536371')).toEqual({
      invoiceNo: '536371',
      customerExternalId: null,
      country: 'United Kingdom',
      placedAt: '2010-12-13T09:00:00.000Z',
      lines: [],
      fees: [{ code: 'BANK CHARGES', description: 'Bank Charges', amount: 1500 }],
    });
    expect(order('536372')?.fees).toEqual([{ code: 'AMAZONFEE', description: 'AMAZON FEE', amount: 165 }]);
    expect(order('536373')?.fees).toEqual([{ code: 'PADS', description: 'PADS TO MATCH ALL CUSHIONS', amount: 0 }]);
    expect(order('536374')?.fees).toEqual([{ code: 'GIFT_0001_20', description: 'Gift voucher', amount: 1702 }]);
    expect(plan.returns).toEqual([
      {
        invoiceNo: 'C536379',
        customerExternalId: '14527',
        country: 'United Kingdom',
        returnedAt: '2010-12-13T09:41:00.000Z',
        lines: [],
        fees: [{ code: 'D', description: 'Discount', amount: -2750 }],
      },
    ]);
  });

  it('turns a cancellation into a return linked to the customer’s latest earlier invoice with that SKU', async () => {
    const plan = await analyze(
      csv(
        '536400,22960,JAM MAKING SET WITH JARS,6,01/12/2010 10:00,4.25,17897,United Kingdom',
        '536488,22960,JAM MAKING SET WITH JARS,6,01/12/2010 12:00,4.25,17897,United Kingdom',
        '536490,22960,JAM MAKING SET WITH JARS,6,01/12/2010 12:10,4.25,99999,United Kingdom', // other customer
        '536491,21212,PACK OF 72 RETROSPOT CAKE CASES,24,01/12/2010 12:20,0.55,17897,United Kingdom', // other SKU
        'C536506,22960,JAM MAKING SET WITH JARS,-6,01/12/2010 12:38,4.25,17897,United Kingdom',
        'C536506,21212,PACK OF 72 RETROSPOT CAKE CASES,-12,01/12/2010 12:38,0.55,17897,United Kingdom',
        'C536506,84406B,NEVER BOUGHT,-1,01/12/2010 12:38,2.75,17897,United Kingdom',
        '536600,22960,JAM MAKING SET WITH JARS,6,13/12/2010 09:00,4.25,17897,United Kingdom', // later sale
        'C536601,22960,JAM MAKING SET WITH JARS,-1,13/12/2010 10:00,4.25,,United Kingdom', // guest
      ),
    );
    expect(plan.returns).toEqual([
      {
        invoiceNo: 'C536506',
        customerExternalId: '17897',
        country: 'United Kingdom',
        returnedAt: '2010-12-01T12:38:00.000Z',
        lines: [
          { sku: '22960', title: 'Jam Making Set with Jars', quantity: 6, unitPrice: 425, originalInvoiceNo: '536488' },
          { sku: '21212', title: 'Pack of 72 Retrospot Cake Cases', quantity: 12, unitPrice: 55, originalInvoiceNo: '536491' },
          { sku: '84406B', title: 'Never Bought', quantity: 1, unitPrice: 275, originalInvoiceNo: null },
        ],
        fees: [],
      },
      {
        invoiceNo: 'C536601',
        customerExternalId: null,
        country: 'United Kingdom',
        returnedAt: '2010-12-13T10:00:00.000Z',
        lines: [{ sku: '22960', title: 'Jam Making Set with Jars', quantity: 1, unitPrice: 425, originalInvoiceNo: null }],
        fees: [],
      },
    ]);
    expect(plan.orders.map((o) => o.invoiceNo)).toEqual(['536400', '536488', '536490', '536491', '536600']);
  });

  it('links a return to a sale in the same minute', async () => {
    const plan = await analyze(
      csv('C536380,22960,JAM,-1,13/12/2010 12:00,4.25,17897,UK', '536379,22960,JAM,6,13/12/2010 12:00,4.25,17897,UK'),
    );
    expect(plan.returns[0]?.lines[0]?.originalInvoiceNo).toBe('536379');
  });

  it('prices a product at the most frequent positive sale price, ties to the higher price', async () => {
    const plan = await analyze(
      csv(
        '1,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,13/12/2010 08:26,2.55,17850,UK',
        '2,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,13/12/2010 08:26,2.95,17850,UK',
        '3,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,13/12/2010 08:26,2.95,17850,UK',
        '4,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,13/12/2010 08:26,2.55,17850,UK',
        '5,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,13/12/2010 08:26,0,17850,UK',
        '6,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,13/12/2010 08:26,0,17850,UK',
        'C7,85123A,WHITE HANGING HEART T-LIGHT HOLDER,-6,13/12/2010 08:26,5.91,17850,UK',
        'C8,85123A,WHITE HANGING HEART T-LIGHT HOLDER,-6,13/12/2010 08:26,5.91,17850,UK',
        '9,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,13/12/2010 08:26,3.25,17850,UK',
        '10,22423,REGENCY CAKESTAND 3 TIER,1,13/12/2010 08:26,12.75,17850,UK',
        '11,22423,REGENCY CAKESTAND 3 TIER,1,13/12/2010 08:26,10.95,17850,UK',
        '12,22423,REGENCY CAKESTAND 3 TIER,1,13/12/2010 08:26,10.95,17850,UK',
        'C13,21232,STRAWBERRY CERAMIC TRINKET BOX,-2,13/12/2010 08:26,1.25,17850,UK',
        '14,21777,RECIPE BOX WITH METAL HEART,1,13/12/2010 08:26,0,,UK',
      ),
    );
    const price = Object.fromEntries(plan.products.map((p) => [p.sku, p.price]));
    expect(price).toEqual({ '85123A': 295, '22423': 1095, '21232': 125, '21777': 0 });
    expect(plan.products.every((p) => p.currency === 'GBP')).toBe(true);
    expect(plan.currency).toBe('GBP');
  });

  it('titles a product from its most frequent description among priced rows', async () => {
    const plan = await analyze(
      csv(
        '1,22734,SET OF 6 RIBBONS VINTAGE CHRISTMAS,6,13/12/2010 08:26,2.55,,UK',
        '2,22734,amazon,6,13/12/2010 08:26,0,,UK',
        '3,22734,amazon,6,13/12/2010 08:26,0,,UK',
        '4,22734,amazon,6,13/12/2010 08:26,0,,UK',
        '5,22937,BAKING MOULD CHOCOLATE CUP CAKES,1,13/12/2010 08:26,2.95,,UK',
        '6,22937,BAKING MOULD CHOCOLATE CUPCAKES,1,13/12/2010 08:26,2.95,,UK',
        '7,22937,BAKING MOULD CHOCOLATE CUPCAKES,1,13/12/2010 08:26,2.95,,UK',
      ),
    );
    expect(plan.products).toEqual([
      { sku: '22734', title: 'Set of 6 Ribbons Vintage Christmas', description: 'SET OF 6 RIBBONS VINTAGE CHRISTMAS', price: 255, currency: 'GBP', category: 'Christmas' },
      { sku: '22937', title: 'Baking Mould Chocolate Cupcakes', description: 'BAKING MOULD CHOCOLATE CUPCAKES', price: 295, currency: 'GBP', category: 'Baking' },
    ]);
    // Every line of a SKU carries the product title.
    expect(plan.orders.filter((o) => o.lines[0]?.sku === '22937').map((o) => o.lines[0]?.title)).toEqual(Array(3).fill('Baking Mould Chocolate Cupcakes'));
  });

  it('normalises CustomerID and picks the country of most of a customer’s invoices', async () => {
    const plan = await analyze(
      csv(
        '569901,23256,CHILDRENS CUTLERY SPACEBOY ,2,2011-10-06 16:20:00,4.15,12923.0,United Kingdom',
        '569902,23256,CHILDRENS CUTLERY SPACEBOY ,2,2011-10-07 16:20:00,4.15,12370.0,Cyprus',
        '569903,23256,CHILDRENS CUTLERY SPACEBOY ,2,2011-10-08 16:20:00,4.15,12370.0,Austria',
        '569903,23256,CHILDRENS CUTLERY SPACEBOY ,2,2011-10-08 16:20:00,4.15,12370.0,Austria',
        '569904,23256,CHILDRENS CUTLERY SPACEBOY ,2,2011-10-09 16:20:00,4.15,12370.0,Austria',
        '569905,23256,CHILDRENS CUTLERY SPACEBOY ,2,2011-10-09 16:20:00,4.15,,United Kingdom',
      ),
    );
    expect(plan.customers).toEqual([
      { externalId: '12370', country: 'Austria' },
      { externalId: '12923', country: 'United Kingdom' },
    ]);
    expect(plan.orders[0]?.customerExternalId).toBe('12923');
    expect(plan.orders.at(-1)?.customerExternalId).toBeNull();
  });

  it('groups non-contiguous rows of an invoice, keeps duplicate SKUs as separate lines, dates it at its earliest row', async () => {
    const plan = await analyze(
      csv(
        '536591,90214M,"LETTER ""M"" BLING KEY RING",1,13/12/2010 16:58,1.25,14606,United Kingdom',
        '536592,21899,"KEY FOB , GARAGE DESIGN",1,13/12/2010 17:06,1.66,,United Kingdom',
        '536591,90214M,"LETTER ""M"" BLING KEY RING",2,13/12/2010 16:57,0.85,14606,United Kingdom',
      ),
    );
    expect(plan.orders).toHaveLength(2);
    expect(plan.orders[0]).toEqual({
      invoiceNo: '536591',
      customerExternalId: '14606',
      country: 'United Kingdom',
      placedAt: '2010-12-13T16:57:00.000Z',
      lines: [
        { sku: '90214M', title: 'Letter "M" Bling Key Ring', quantity: 1, unitPrice: 125 },
        { sku: '90214M', title: 'Letter "M" Bling Key Ring', quantity: 2, unitPrice: 85 },
      ],
      fees: [],
    });
  });

  it('normalises SKUs to upper case so 85123a and 85123A are one product', async () => {
    const plan = await analyze(csv('1,85123a,HEART,1,13/12/2010 08:26,2.55,,UK', '2, 85123A ,HEART,1,13/12/2010 08:26,2.55,,UK'));
    expect(plan.products.map((p) => p.sku)).toEqual(['85123A']);
    expect(plan.orders.map((o) => o.lines[0]?.sku)).toEqual(['85123A', '85123A']);
  });

  it('reports progress at most every 5,000 rows per phase, and at the end of each phase', async () => {
    const rows: string[] = [];
    for (let i = 0; i < 12_345; i++) rows.push(`${536365 + (i >> 3)},85123A,HEART,1,13/12/2010 08:26,2.55,17850,UK`);
    const progress: AnalyzeProgress[] = [];
    const plan = await analyze(csv(...rows), { onProgress: (p) => progress.push(p) });
    expect(plan.counts.accepted).toBe(12_345);
    expect(progress.map((p) => [p.phase, p.rows])).toEqual([
      ['detect', 5000],
      ['detect', 10000],
      ['detect', 12345],
      ['analyze', 5000],
      ['analyze', 10000],
      ['analyze', 12345],
    ]);
    expect(progress.every((p) => typeof p.bytes === 'number' && p.bytes > 0)).toBe(true);
    expect(progress.at(-1)?.bytes).toBe(Buffer.byteLength(csv(...rows)));
  });

  it('aborts when the stream fails', async () => {
    const failing = () =>
      new Readable({
        read() {
          this.destroy(new Error('disk on fire'));
        },
      });
    await expect(analyzeOnlineRetail(failing)).rejects.toThrow('disk on fire');
  });
});
