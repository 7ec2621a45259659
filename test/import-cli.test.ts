/**
 * `comptoir import … --report <file>` (issue 19, defects): the console shows the first 20
 * rejected rows; the report file lists every one with its line number and reason, including a
 * row cut off at the end of the file (as the December 2010 file's line 39531 is). Runs the real
 * CLI in a child process on an embedded (PGlite) database; the command line, not PostgreSQL, is
 * under test, so the postgres project skips it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { onPostgres } from './support/app.js';

const run = promisify(execFile);
const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';

/** Runs `comptoir import online-retail <file> …args` on a fresh data directory; stdout and the exit code. */
async function cli(dataDir: string, file: string, ...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, COMPTOIR_DATA_DIR: dataDir, COMPTOIR_DEMO: 'false', LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/main.ts', 'import', 'online-retail', file, ...args], { env, maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

describe.skipIf(onPostgres)('comptoir import --report', () => {
  it('writes every rejected row with its line and reason, the cut-off last row too, and says where', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'comptoir-import-cli-'));
    const bad = Array.from({ length: 25 }, (_, i) => `5370${String(i).padStart(2, '0')},22111,BAD QUANTITY ${i},abc,14/12/2010 10:00,1.00,17850,United Kingdom`);
    const file = join(dir, 'cut.csv');
    // Line 1 the header, 2 a good row, 3–27 bad quantities, 28 a good row, 29 cut off mid-row with no newline.
    writeFileSync(file, [HEADER, '536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,01/12/2010 08:26,2.55,17850,United Kingdom', ...bad,
      '536366,71053,WHITE METAL LANTERN,6,01/12/2010 08:28,3.39,17850,United Kingdom', '536367,84406B,CREAM CUPID HEARTS COAT HANGER,8,01/12/20'].join('\n'));

    const without = await cli(join(dir, 'data1'), file);
    expect(without).toContain('rejected line 3:');
    expect(without).not.toContain('rejected line 29');
    expect(without).toMatch(/… 6 more rejected rows \(run the import again with --report <file>/);

    const reportFile = join(dir, 'reports', 'rejected.json');
    const out = await cli(join(dir, 'data2'), file, '--report', reportFile);
    expect(out).toContain(`(every one in ${reportFile})`);
    expect(out).toContain(`rejected rows report (line, reason): ${reportFile}`);
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as { source: string; file: string; counts: Record<string, number>; rejected: { line: number; reason: string }[] };
    expect(report).toMatchObject({ source: 'online-retail', file: 'cut.csv', counts: { read: 28, imported: 2, rejected: 26 } });
    expect(report.rejected.map((r) => r.line)).toEqual([...Array.from({ length: 25 }, (_, i) => i + 3), 29]);
    for (const r of report.rejected) expect(r.reason.length).toBeGreaterThan(0);
    expect(report.rejected.at(-1)!.line).toBe(29); // the row cut off at the end of the file is listed
  }, 300_000);
});
