import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, it, expect } from 'vitest';
import { scanColumn } from './column-scan.js';
import { scanCsv } from './csv-reader.js';

/** The wanted column of every well-formed record, read by the fast scanner. */
async function fast(open: () => Readable, column: string) {
  const values: string[] = [];
  let header: string[] = [];
  const summary = await scanColumn(open(), {
    header: (fields) => {
      header = fields;
      return fields.indexOf(column);
    },
    value: (v) => values.push(v),
  });
  return { header, values, records: summary.records };
}

/** The same, read with csv-parse as configured for pass 2. */
async function reference(open: () => Readable, column: string) {
  const values: string[] = [];
  let header: string[] = [];
  let index = -1;
  const summary = await scanCsv(open(), {
    header: (fields) => {
      header = fields;
      index = fields.indexOf(column);
    },
    row: (fields) => values.push(fields[index] as string),
    bad: () => undefined,
  });
  return { header, values, records: summary.records };
}

const chunked = (text: string | Buffer, size: number) => () => {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  const pieces: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) pieces.push(bytes.subarray(i, i + size));
  return Readable.from(pieces);
};

const TRICKY = [
  'InvoiceNo,"StockCode",Description,InvoiceDate,Country',
  '1,A,"TRAY, BREAKFAST IN BED",01/12/2010 08:26,UK',
  '',
  '2,B,"LETTER ""D"" BLING",02/12/2010 08:27,UK',
  '   ',
  '3,C,"TWO',
  'LINES, AND ""QUOTES""",03/12/2010 08:28,UK',
  '4,D,too,few',
  '5,E,RECORD FRAME 7" SINGLE,04/12/2010 08:29,UK',
  '6,F,X,"05/12/2010 08:30",UK',
  '7,G,X,06/12/2010 08:31,UK,extra',
  '8,H,,,',
  '9,I,LAST,07/12/2010 08:32,UK',
  '10,J,CUT',
].join('\n');

describe('scanColumn', () => {
  it('extracts the same column as csv-parse on tricky CSV, whatever the chunking', async () => {
    const expected = await reference(chunked(TRICKY, 1 << 16), 'InvoiceDate');
    expect(expected.values).toEqual(['01/12/2010 08:26', '02/12/2010 08:27', '03/12/2010 08:28', '04/12/2010 08:29', '05/12/2010 08:30', '', '07/12/2010 08:32']);
    for (const size of [1, 2, 3, 7, 64, 1 << 16]) {
      const got = await fast(chunked(TRICKY, size), 'InvoiceDate');
      expect(got).toEqual(expected);
      expect(got.header).toEqual(['InvoiceNo', 'StockCode', 'Description', 'InvoiceDate', 'Country']);
    }
  });

  it('handles CRLF and CR line breaks and a BOM', async () => {
    const lf = 'a,b\n1,x\n2,"y\nz"\n3,w\n';
    for (const text of [lf.replace(/\n/g, '\r\n'), lf.replace(/\n/g, '\r')]) {
      const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
      for (const size of [1, 5, 1000]) {
        const got = await fast(chunked(bytes, size), 'b');
        expect(got.header).toEqual(['a', 'b']);
        expect(got.values.map((v) => v.replace(/\r\n?/g, '\n'))).toEqual(['x', 'y\nz', 'w']);
        expect(got.records).toBe(3);
      }
    }
  });

  it('skips blank lines before the header like csv-parse does', async () => {
    const text = '\n  \na,b\n\n1,x\n';
    expect(await fast(chunked(text, 2), 'b')).toEqual(await reference(chunked(text, 2), 'b'));
    expect((await fast(chunked(text, 2), 'b')).values).toEqual(['x']);
  });

  it('counts data records without blank lines, and finds no header in an empty file', async () => {
    expect(await scanColumn(Readable.from(['\n\n  \n']), { header: () => 0, value: () => undefined })).toMatchObject({ header: false, records: 0 });
    expect(await scanColumn(Readable.from(['h\n\n1\n\n2']), { header: () => 0, value: () => undefined })).toMatchObject({ header: true, records: 2 });
  });

  it('stops at the first error of a handler', async () => {
    await expect(scanColumn(Readable.from(['a,b\n1,2\n']), { header: () => { throw new Error('no'); }, value: () => undefined })).rejects.toThrow('no');
  });

  it('agrees with csv-parse on random well-formed CSV (quotes, commas, line breaks, blank lines, bad widths)', async () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T,>(items: T[]) => items[Math.floor(random() * items.length)] as T;
    const cell = () => {
      const text = Array.from({ length: Math.floor(random() * 6) }, () => pick(['A', 'b', '1', ' ', ',', '"', '\n', '\r\n', '£', '.'])).join('');
      return /[",\r\n]/.test(text) || random() < 0.1 ? `"${text.replace(/"/g, '""')}"` : text;
    };
    for (let round = 0; round < 150; round++) {
      const eol = pick(['\n', '\r\n']);
      const rows = ['h0,h1,h2,h3'];
      for (let r = 0; r < 12; r++) {
        if (random() < 0.1) rows.push('');
        const width = random() < 0.15 ? pick([3, 5]) : 4;
        rows.push(Array.from({ length: width }, cell).join(','));
      }
      const text = rows.join(eol) + (random() < 0.5 ? eol : '');
      const size = pick([1, 2, 5, 64, 4096]);
      const expected = await reference(chunked(text, 4096), 'h2');
      const got = await fast(chunked(text, size), 'h2');
      expect(got, JSON.stringify(text)).toEqual(expected);
    }
  });

  const DATA_DIR = process.env.ONLINE_RETAIL_DATA_DIR ?? '/work/shared/data/online-retail';
  for (const file of ['online-retail-2010-12.csv', 'online-retail-2010-12_2011-12-sample.csv']) {
    const path = join(DATA_DIR, file);
    it.skipIf(!existsSync(path))(`extracts exactly csv-parse's InvoiceDate column from ${file}`, async () => {
      const open = () => createReadStream(path) as unknown as Readable;
      const [got, expected] = await Promise.all([fast(open, 'InvoiceDate'), reference(open, 'InvoiceDate')]);
      expect(got.records).toBe(expected.records);
      expect(got.values.length).toBe(expected.values.length);
      expect(got.values).toEqual(expected.values);
    });
  }
});
