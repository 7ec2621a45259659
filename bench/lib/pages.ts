/**
 * The `pages` rows of `npm run bench`: for each storefront page (home, category, product, search,
 * cart) what Chromium downloads (JavaScript, CSS, HTML: each file gzipped at level 9 by the
 * bench, and the bytes actually sent, brotli when the server has it) and the first contentful
 * paint on a throttled phone (the median of {@link RUNS} cold loads).
 *
 * Phone profile (Lighthouse's mobile throttling, applied by Chromium itself through CDP):
 * `Network.emulateNetworkConditions` with 150 ms latency added to every request, 1.6 Mbit/s down,
 * 750 kbit/s up, and `Emulation.setCPUThrottlingRate` 4 (4× slower CPU); 390×844 viewport.
 */
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium. */
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
/** Cold loads per page for the paint figures (the median is shown). */
const RUNS = 3;
/** The phone profile: see the file comment. */
export const PHONE = { latencyMs: 150, downKbps: 1600, upKbps: 750, cpuSlowdown: 4, viewport: { width: 390, height: 844 } } as const;
/** Goals: first contentful paint on {@link PHONE}, JavaScript per page gzipped. */
export const FCP_GOAL_MS = 1500;
export const JS_GOAL_BYTES = 150 * 1024;

/** One page's figures. */
export interface PageRow {
  name: string;
  path: string;
  /** Gzipped bytes (level 9) of each kind of file the page downloaded. */
  jsGz: number;
  cssGz: number;
  htmlGz: number;
  /** JavaScript files fetched. */
  jsFiles: number;
  /** Body bytes the server sent for those files (its own encoding). */
  sentBytes: number;
  /** First contentful paint on the phone profile, each run and the median, ms. */
  fcpMs: number[];
  fcpMedianMs: number;
  /** Set when the page could not be measured. */
  error?: string;
}

type Kind = 'js' | 'css' | 'html';
const kindOf = (type: string): Kind | undefined => (type === 'script' ? 'js' : type === 'stylesheet' ? 'css' : type === 'document' ? 'html' : undefined);

/** Downloads of one unthrottled cold load of `url`, until the network is idle. */
async function weights(browser: Browser, url: string): Promise<Pick<PageRow, 'jsGz' | 'cssGz' | 'htmlGz' | 'jsFiles' | 'sentBytes'>> {
  const context = await browser.newContext({ viewport: PHONE.viewport });
  const page = await context.newPage();
  const sizes = { js: 0, css: 0, html: 0 };
  let jsFiles = 0;
  let sent = 0;
  const pending: Promise<void>[] = [];
  page.on('requestfinished', (request) => {
    const kind = kindOf(request.resourceType());
    if (!kind) return;
    pending.push((async () => {
      const response = await request.response();
      if (!response) return;
      const body = await response.body();
      sizes[kind] += gzipSync(body, { level: 9 }).length;
      if (kind === 'js') jsFiles += 1;
      sent += (await request.sizes()).responseBodySize;
    })());
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  while (pending.length > 0) await Promise.all(pending.splice(0));
  await context.close();
  return { jsGz: sizes.js, cssGz: sizes.css, htmlGz: sizes.html, jsFiles, sentBytes: sent };
}

/** First contentful paint (ms after navigation start) of one cold load of `url` on the phone profile. */
async function firstPaint(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext({ viewport: PHONE.viewport, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: PHONE.latencyMs, downloadThroughput: (PHONE.downKbps * 1000) / 8, uploadThroughput: (PHONE.upKbps * 1000) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: PHONE.cpuSlowdown });
  await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
  // A function, not a string: evaluating a string is eval, which the shop's CSP forbids.
  const fcp = await page.evaluate(async () => {
    for (let i = 0; i < 400; i++) {
      const entry = performance.getEntriesByName('first-contentful-paint')[0];
      if (entry) return entry.startTime;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('no first-contentful-paint entry within 20 s of the load event');
  });
  await context.close();
  return fcp;
}

/**
 * Measures `pages` (name → path) of the shop at `base`. @returns one row per page, or a single
 * row with `error` when Chromium is not installed.
 */
export async function benchPages(base: string, pages: [string, string][], log: (message: string) => void): Promise<PageRow[]> {
  if (!existsSync(CHROMIUM)) return [{ name: 'pages', path: '', jsGz: 0, cssGz: 0, htmlGz: 0, jsFiles: 0, sentBytes: 0, fcpMs: [], fcpMedianMs: 0, error: `${CHROMIUM} is not installed` }];
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  try {
    const rows: PageRow[] = [];
    for (const [name, path] of pages) {
      log(`pages: ${name} ${path}`);
      try {
        const weight = await weights(browser, `${base}${path}`);
        const fcpMs: number[] = [];
        for (let i = 0; i < RUNS; i++) fcpMs.push(Math.round(await firstPaint(browser, `${base}${path}`)));
        const median = [...fcpMs].sort((a, b) => a - b)[Math.floor(fcpMs.length / 2)] as number;
        rows.push({ name, path, ...weight, fcpMs, fcpMedianMs: median });
      } catch (err) {
        rows.push({ name, path, jsGz: 0, cssGz: 0, htmlGz: 0, jsFiles: 0, sentBytes: 0, fcpMs: [], fcpMedianMs: 0, error: err instanceof Error ? err.message : String(err) });
      }
    }
    return rows;
  } finally {
    await browser.close();
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)}`;

/** The rows as a markdown table with verdicts, after a line describing the profile. */
export function pagesLines(rows: PageRow[], db: string): string[] {
  return [
    `Storefront pages (${db}): what Chromium downloads per page (each file gzipped -9 by the bench; "sent" = body bytes as served, brotli where the client accepts it) and the first contentful paint ` +
      `on a throttled phone (CDP: +${PHONE.latencyMs} ms per request, ${PHONE.downKbps / 1000} Mbit/s down, ${PHONE.upKbps} kbit/s up, CPU ÷${PHONE.cpuSlowdown}, ${PHONE.viewport.width}×${PHONE.viewport.height}; median of ${RUNS} cold loads).`,
    '',
    '| page | JS KiB gz (files) | CSS KiB gz | HTML KiB gz | sent KiB | FCP ms (runs) | goal | verdict |',
    '|---|--:|--:|--:|--:|--:|---|---|',
    ...rows.map((r) => {
      if (r.error) return `| ${r.name} \`${r.path}\` | | | | | | | not run: ${r.error.split('\n')[0]} |`;
      const js = r.jsGz <= JS_GOAL_BYTES;
      const fcp = r.fcpMedianMs <= FCP_GOAL_MS;
      return `| ${r.name} \`${r.path}\` | ${kb(r.jsGz)} (${r.jsFiles}) | ${kb(r.cssGz)} | ${kb(r.htmlGz)} | ${kb(r.sentBytes)} | ${r.fcpMedianMs} (${r.fcpMs.join(', ')}) | JS ≤ ${kb(JS_GOAL_BYTES)} KiB, FCP ≤ ${FCP_GOAL_MS} ms | ${js && fcp ? 'PASS' : `MISS (${[js ? '' : 'JS', fcp ? '' : 'FCP'].filter(Boolean).join(', ')})`} |`;
    }),
    '',
  ];
}
