/**
 * Browser end-to-end harness: makes sure the app is built, runs the real server as a child process
 * on a fresh PGlite data dir (demo data imported on first start), talks to its API, drives Debian's
 * Chromium with playwright-core, checks pages (sideways overflow, axe-core) and writes screenshots
 * and measurements under test-results/.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect, vi } from 'vitest';

/** Repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Debian's Chromium: the only browser these tests use (never downloaded). */
export const CHROMIUM = '/usr/bin/chromium';
/** True when Chromium is installed (the e2e suite is skipped otherwise). */
export const hasChromium = existsSync(CHROMIUM);
/** Where screenshots and perf.json go (gitignored). */
export const RESULTS = join(ROOT, 'test-results');
/** The two viewport sizes every main page is checked and captured at: a laptop and a phone (iPhone 12 to 15). */
export const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;
/** The first admin the server creates at start. */
export const ADMIN = { email: 'admin@example.test', password: 'admin-password-123' };

/** Host names under `.comptoir.test` reach this machine: multi-site stories pick a site by its host. */
export const SITE_DOMAIN = 'comptoir.test';

const HEADLESS_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', `--host-resolver-rules=MAP *.${SITE_DOMAIN} 127.0.0.1`];

/** Builds what is missing: the web app (web/dist) and the server (dist/main.js). `npm test` builds both first. */
export function ensureBuilt(): void {
  const run = (args: string[]) => execFileSync('npx', args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (!existsSync(join(ROOT, 'web/dist/index.html'))) run(['vite', 'build', 'web', '--logLevel', 'warn']);
  if (!existsSync(join(ROOT, 'dist/main.js'))) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
}

/** A free TCP port on this machine. */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => ok(port));
    });
  });
}

/** The server child process under test. */
export interface RunningServer {
  url: string;
  /** Last lines the server printed (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

/** How long the server may take to answer /ready (the demo import; minutes on a loaded machine). */
export const START_TIMEOUT_MS = 240_000;

/**
 * Starts `node dist/main.js serve` on a free port with a fresh data dir and waits for /ready (demo
 * import included), at most {@link START_TIMEOUT_MS}. `env`: more environment variables (e.g.
 * Stripe's, pointed at the local stand-in; `SMTP_URL` of a test SMTP server, else none).
 * @throws Error with the server's last output when it exits or is not ready in time.
 */
export async function startServer(env: NodeJS.ProcessEnv = {}): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'comptoir-e2e-'));
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...env,
    PORT: String(port),
    HOST: '127.0.0.1',
    COMPTOIR_DATA_DIR: dataDir,
    COMPTOIR_ADMIN_EMAIL: ADMIN.email,
    COMPTOIR_ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'warn',
  };
  // Always PGlite in its own data dir, even under CI's DATABASE_URL; mail stored (listed in the
  // back office) and sent only to an SMTP server the caller starts (`env.SMTP_URL`).
  delete childEnv.DATABASE_URL;
  if (!env.SMTP_URL) delete childEnv.SMTP_URL;
  delete childEnv.COMPTOIR_DEMO;
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'dist/main.js'), 'serve'], { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited: number | null | undefined;
  let stopping = false;
  const exit = new Promise<void>((done) =>
    child.once('exit', (code, signal) => {
      exited = code;
      // Say why every later request is refused (ECONNREFUSED) when the server dies mid-test.
      if (!stopping) console.warn(`server exited unexpectedly (${code ?? signal}):\n${tail}`);
      done();
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    stopping = true;
    if (exited === undefined) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (exited !== undefined) throw new Error(`server exited (${exited}) before it was ready:\n${tail}`);
    try {
      const res = await fetch(`${url}/ready`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`server not ready after ${START_TIMEOUT_MS / 1000} s:\n${tail}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, output: () => tail, stop };
}

/**
 * The text of the latest stored mail of `template` to `to` (the server under test stores mail for
 * the back office: no SMTP), read through `admin` (a client signed in with `mail:read`); waits for
 * it at most 30 s.
 */
export async function storedMailText(admin: Api, to: string, template: string): Promise<string> {
  const mail = await vi.waitFor(async () => {
    const [found] = (await admin.call<{ data: { id: string }[] }>('GET', `/api/admin/mail?to=${encodeURIComponent(to)}&template=${template}`)).data;
    if (!found) throw new Error(`no ${template} mail to ${to} yet`);
    return found;
  }, { timeout: 30_000, interval: 250 });
  return (await admin.call<{ text: string }>('GET', `/api/admin/mail/${mail.id}`)).text;
}

/** A small JSON client for the API of the server under test. */
export class Api {
  constructor(
    readonly base: string,
    private token?: string,
  ) {}

  /** Sends a request; throws with the problem body on a non-2xx answer. */
  async call<T = Record<string, unknown>>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const res = await fetch(this.base + path, {
      method,
      headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...headers },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Sends `form` as multipart/form-data; throws with the problem body on a non-2xx answer. */
  async postForm<T = Record<string, unknown>>(path: string, form: FormData): Promise<T> {
    const res = await fetch(this.base + path, { method: 'POST', headers: { accept: 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) }, body: form });
    const text = await res.text();
    if (!res.ok) throw new Error(`POST ${path} → ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Signs in with POST /api/auth/login; returns an Api carrying the access token. */
  async login(email: string, password: string): Promise<Api> {
    const { accessToken } = await this.call<{ accessToken: string }>('POST', '/api/auth/login', { email, password });
    return new Api(this.base, accessToken);
  }
}

/** Launches Debian's Chromium headless (playwright adds --headless itself). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: HEADLESS_ARGS });
}

/** Page width (document scrollWidth) at the phone viewport, per screenshot name: wider than 390 means sideways scrolling. */
export const phoneWidths: Record<string, number> = {};

/** axe-core's browser script (the `axe-core` package), evaluated in a page by {@link audit}. */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** The axe-core rules checked: WCAG 2.0, 2.1 and 2.2, levels A and AA. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** What a page shows wrong at its current viewport size. */
export interface PageProblems {
  /** Document width and viewport width when the page scrolls sideways, with the elements that stick out; null when it fits. */
  overflow: { scrollWidth: number; clientWidth: number; widest: string[] } | null;
  /** axe-core violations of {@link AXE_TAGS}: `rule: n × selector — summary`. */
  violations: string[];
}

/**
 * Checks the page as shown now: whether it scrolls sideways (`documentElement.scrollWidth >
 * clientWidth`) and what axe-core ({@link AXE_TAGS}) finds. axe's script is evaluated through the
 * DevTools protocol (the shop's CSP does not apply to it) once per document.
 */
export async function audit(page: Page): Promise<PageProblems> {
  const overflow = (await page.evaluate(`(() => {
    const root = document.documentElement;
    if (root.scrollWidth <= root.clientWidth) return null;
    const edge = root.clientWidth;
    const out = [...document.body.querySelectorAll('*')].filter((el) => el.getBoundingClientRect().right > edge + 0.5 && !(el.parentElement && el.parentElement.getBoundingClientRect().right > edge + 0.5));
    const describe = (el) => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') + ' (' + Math.round(el.getBoundingClientRect().right) + ' px) ' + JSON.stringify((el.textContent || '').trim().slice(0, 40));
    return { scrollWidth: root.scrollWidth, clientWidth: edge, widest: out.slice(0, 5).map(describe) };
  })()`)) as PageProblems['overflow'];
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(AXE_TAGS)} }, resultTypes: ['violations'] })
    .then((r) => r.violations.map((v) => v.id + ': ' + v.nodes.length + ' × ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ') + ' — ' + (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 160)).join(' | ')))`)) as string[];
  return { overflow, violations };
}

/**
 * Checks ({@link audit}) and screenshots the current page at desktop and phone sizes into
 * test-results/screenshots/<name>-<width>.png, records the page's width at the phone size in
 * {@link phoneWidths}, then restores the viewport it found. Answers what was found at each size.
 */
export async function shoot(page: Page, name: string): Promise<{ files: string[]; phoneWidth: number; problems: Record<'desktop' | 'phone', PageProblems> }> {
  const dir = join(RESULTS, 'screenshots');
  mkdirSync(dir, { recursive: true });
  const before = page.viewportSize();
  const files: string[] = [];
  let phoneWidth = 0;
  const problems = {} as Record<'desktop' | 'phone', PageProblems>;
  for (const [kind, size] of Object.entries(VIEWPORTS) as ['desktop' | 'phone', { width: number; height: number }][]) {
    await page.setViewportSize(size);
    // Let layout settle after the resize (media queries, observers, React's re-render).
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 50))))');
    if (kind === 'phone') phoneWidth = phoneWidths[name] = (await page.evaluate('document.documentElement.scrollWidth')) as number;
    problems[kind] = await audit(page);
    const file = join(dir, `${name}-${size.width}.png`);
    await page.screenshot({ path: file, fullPage: true });
    files.push(file);
  }
  if (before) await page.setViewportSize(before);
  return { files, phoneWidth, problems };
}

/**
 * Checks ({@link shoot}) and screenshots a page (storefront or back office) at desktop and phone sizes: at each it
 * must not scroll sideways (documentElement.scrollWidth > clientWidth) and axe-core must find no
 * WCAG 2.x A/AA violation. Soft assertions: the test goes on and reports every page's problems.
 */
export async function shootFitted(page: Page, name: string) {
  const { problems } = await shoot(page, name);
  for (const [size, found] of Object.entries(problems)) {
    expect.soft(found.overflow, `${name} scrolls sideways at the ${size} size`).toBeNull();
    expect.soft(found.violations, `${name}: axe-core at the ${size} size`).toEqual([]);
  }
}

/** Writes a JSON file under test-results/. */
export function writeResult(name: string, data: unknown): string {
  mkdirSync(RESULTS, { recursive: true });
  const file = join(RESULTS, name);
  writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
  return file;
}

/** What {@link seedRegionSales} creates: the region, its stores (in the order given) and the reporting currency. */
export interface SeededRegion {
  regionId: string;
  storeIds: string[];
  currency: string;
}

/**
 * Seeds analytics through the admin API as a chain would: a region `region` under the company,
 * its physical `stores` (France, Europe/Paris, opened 2024-01-01, 120 m², the reporting currency),
 * then the `csv` of their sales through the sales import (POST /imports with `mapping` in the
 * reporting currency, missing products created), and waits until the rollups show
 * `revenue` (minor units) for the region on `day` (`YYYY-MM-DD`).
 * @throws Error when a call fails, a CSV row is rejected or the revenue does not show within 30 s.
 */
export async function seedRegionSales(admin: Api, seed: {
  region: { code: string; name: string };
  stores: readonly { code: string; name: string; city: string }[];
  csv: string;
  mapping: Record<string, unknown>;
  day: string;
  revenue: number;
}): Promise<SeededRegion> {
  const A = '/api/admin/analytics';
  const { reportingCurrency: currency } = await admin.call<{ reportingCurrency: string }>('GET', `${A}/settings`);
  const regions = await admin.call<{ data: { id: string; parentId: string | null }[] }>('GET', `${A}/regions`);
  const root = regions.data.find((r) => r.parentId === null);
  if (!root) throw new Error('GET /regions has no root region (the company)');
  const regionId = (await admin.call<{ id: string }>('POST', `${A}/regions`, { ...seed.region, parentId: root.id })).id;
  const storeIds: string[] = [];
  for (const s of seed.stores) {
    const store = await admin.call<{ id: string }>('POST', `${A}/stores`, {
      ...s, kind: 'physical', regionId, country: 'FR', openedOn: '2024-01-01', closedOn: null, sellingAreaM2: 120, currency, timeZone: 'Europe/Paris',
    });
    storeIds.push(store.id);
  }
  const form = new FormData();
  form.append('mapping', JSON.stringify({ ...seed.mapping, currency }));
  form.append('createMissing', 'true');
  form.append('file', new Blob([seed.csv], { type: 'text/csv' }), 'sales.csv');
  const report = await admin.postForm<{ rejected?: unknown[] }>(`${A}/imports`, form);
  if (report.rejected?.length) throw new Error(`sales import rejected rows: ${JSON.stringify(report)}`);
  // The rollups catch up from the facts within seconds.
  await vi.waitFor(async () => {
    const kpis = await admin.call<{ kpis: { key: string; value: number | null }[] }>('GET', `${A}/kpis?node=${regionId}&period=day&date=${seed.day}`);
    const value = kpis.kpis.find((k) => k.key === 'revenue')?.value;
    if (value !== seed.revenue) throw new Error(`region revenue on ${seed.day} is ${value}, not ${seed.revenue} yet`);
  }, { timeout: 30_000, interval: 500 });
  return { regionId, storeIds, currency };
}
