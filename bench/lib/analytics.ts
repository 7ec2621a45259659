/**
 * The analytics rows of `npm run bench` (`--only analytics`, PostgreSQL): on a fresh database per
 * size, the chain demo's 200 stores, 20 regions and 4,000 products with 1M (and, with `--full` or
 * `--analytics-lines`, 10M) sale lines, then
 * - sales import lines/s: the generator's write path (`createChainDemo`), and the CSV path
 *   (`comptoir import sales`) on a generated 1M-line CSV when that command exists;
 * - rollups: the initial build, then the catch-up after a 100,000-line append (goal ≤ 10 s);
 * - dashboard API p95 (`GET /kpis?node=company&period=month`, goal ≤ 150 ms at 10M) and
 *   consolidation tree p95 (`GET /consolidation`, ≤ 200 ms), cold cache (a date never asked before
 *   each time: the cache key holds the query, and the `x-analytics-cache` header must say `miss`),
 *   each beside the same figures from one SQL query on the fact table;
 * - what-if `POST /scenarios/simulate` p95 (goal ≤ 100 ms at 10M) with drivers varying at every
 *   request, on the cached baseline, with the first (cold) request of each month beside it;
 * - the analyses (ABC, RFM, market basket) answered cold, goal ≤ 1 s each at 10M lines;
 * - a web order visible in today's figures (`POST /api/orders`, then `GET /kpis?period=day` polled), ≤ 5 s.
 * Every figure carries the 1-minute load average when it was taken (the machine is shared).
 */
import { mkdirSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { AppendResult, CsvResult, GenerateResult } from '../workers/analytics.js';
import { analyzeDatabase, createScratchDatabase, type ScratchDatabase } from './postgres.js';
import { logTail, startChild, type Child } from './processes.js';
import { BENCH_ADMIN, checkoutBody, createCarts, HttpClient, percentiles, stockSkus } from './shop.js';

/** The issue's goals for the analytics rows. */
export const ANALYTICS_GOALS = { importLinesPerSecond: 50_000, kpisP95Ms: 150, consolidationP95Ms: 200, simulateP95Ms: 100, catchUpSeconds: 10, webOrderSeconds: 5, analysisMs: 1_000, atLines: 10_000_000 } as const;
/** Requests per analysis row (each on a period not asked before: a cold answer). */
const ANALYSIS_SAMPLES = 6;
/** Lines appended for the catch-up row. */
const APPEND_LINES = 100_000;
/** Requests per API row (each on a date not asked before) and queries per fact-table row. */
const API_SAMPLES = 60;
const DIRECT_SAMPLES = 6;
/** Months and requests per month of the what-if row (the first of each month reads the baseline). */
const SIMULATE_MONTHS = 6;
const SIMULATE_PER_MONTH = 20;

/** One row of the analytics table. */
export interface AnalyticsRow {
  scenario: string;
  /** Sale lines in the fact table when measured. */
  factLines: number;
  /** The figure (already formatted), or null when not run. */
  figure: string | null;
  /** The same figures straight from the fact table (one SQL query), formatted. */
  direct?: string;
  /** API p95 ÷ fact-table p95, or another comparison. */
  ratio?: string;
  goal: string;
  verdict: string;
  /** 1-minute load average right after the measurement. */
  load: number;
  note?: string;
}

/** A running server (as bench/run.ts starts it). */
export interface AnalyticsServer {
  child: Child;
  base: string;
}

/** What bench/run.ts lends: its way to start the server, to import the catalog, to log, and where to write. */
export interface AnalyticsHarness {
  root: string;
  dir: string;
  log(message: string): void;
  /** The server's environment for `databaseUrl` (with the bench admin). */
  env(databaseUrl: string, dir: string): NodeJS.ProcessEnv;
  startServer(databaseUrl: string, dir: string): Promise<AnalyticsServer>;
  stopServer(server: AnalyticsServer): Promise<void>;
  /** Imports the small Online Retail demo file (catalog products for the web order). */
  importCatalog(databaseUrl: string, dir: string): Promise<void>;
  /** Registers a scratch database for cleanup on abort. */
  track(db: ScratchDatabase, add: boolean): void;
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => (n < 10 ? n.toFixed(1) : int(n));
const load = () => Math.round((loadavg()[0] ?? 0) * 10) / 10;
const pad = (n: number) => String(n).padStart(2, '0');

/** Runs the analytics worker in `mode` and returns its message. @throws Error with the log tail on failure. */
async function worker<T>(h: AnalyticsHarness, databaseUrl: string, dir: string, args: string[], timeoutMs: number): Promise<T> {
  const child = startChild(`analytics ${args[0]}`, process.execPath, ['--import', 'tsx', 'bench/workers/analytics.ts', ...args], {
    env: h.env(databaseUrl, dir), cwd: h.root, logFile: join(dir, `analytics-${args[0]}.log`), ipc: true,
  });
  let result: T | undefined;
  child.proc.once('message', (m) => (result = m as T));
  const timer = setTimeout(() => child.proc.kill('SIGKILL'), timeoutMs);
  const code = await child.exited;
  clearTimeout(timer);
  if (code !== 0 || !result) throw new Error(`analytics worker ${args[0]} failed (exit ${code}):\n${logTail(child)}`);
  return result;
}

/** Runs `node dist/main.js …args` and waits; exit code, output tail and wall time. */
async function cli(h: AnalyticsHarness, databaseUrl: string, dir: string, name: string, args: string[], timeoutMs: number) {
  const since = performance.now();
  const child = startChild(name, process.execPath, ['dist/main.js', ...args], { env: h.env(databaseUrl, dir), cwd: h.root, logFile: join(dir, `${name}.log`) });
  const timer = setTimeout(() => child.proc.kill('SIGKILL'), timeoutMs);
  const code = await child.exited;
  clearTimeout(timer);
  return { code, output: logTail(child, 40), ms: performance.now() - since };
}

/** One query on its own connection. */
async function query<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(text, values)).rows;
  } finally {
    await c.end();
  }
}

/**
 * Waits until the rollups' watermark reaches `factId`; seconds since `since`, or null after
 * `timeoutS`, or after 60 s without the watermark moving (no rollup job running).
 */
async function waitForRollups(url: string, factId: number, timeoutS: number, since = performance.now()): Promise<number | null> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    let last = -1;
    let movedAt = performance.now();
    for (;;) {
      const r = await c.query<{ id: string }>(`select last_fact_id as id from analytics.rollup_state where name = 'sales'`);
      const id = Number(r.rows[0]?.id ?? 0);
      if (id >= factId) return (performance.now() - since) / 1000;
      if (id !== last) {
        last = id;
        movedAt = performance.now();
      }
      if (performance.now() - since > timeoutS * 1000 || performance.now() - movedAt > 60_000) return null;
      await sleep(50);
    }
  } finally {
    await c.end();
  }
}

/** `days` distinct dates spread over `year` (first one on 2 January). */
function spreadDates(year: number, days: number): string[] {
  const first = Date.UTC(year, 0, 2);
  return Array.from({ length: days }, (_, i) => new Date(first + Math.floor((i * 360) / days) * 86_400_000).toISOString().slice(0, 10));
}

/**
 * The company's month KPIs straight from the fact table in one query: revenue, gross margin,
 * units, transactions, returns for the month, the month before and the same month last year
 * (converted with the monthly rates), with the stores' revenue target and selling area.
 */
const KPIS_SQL = `
with periods(k, f, t) as (values
  ('current', $1::date, ($1::date + interval '1 month')::date),
  ('previous', ($1::date - interval '1 month')::date, $1::date),
  ('lastYear', ($1::date - interval '1 year')::date, ($1::date - interval '11 months')::date)),
facts as (
  select p.k, l.store_id, l.reference, l.quantity, l.net_revenue, l.unit_cost,
         case when l.currency = $2 then 1 else r.rate end as rate
  from periods p
  join analytics.sale_line l on l.local_at >= p.f and l.local_at < p.t
  left join analytics.exchange_rate r on r.currency = l.currency and r.reporting_currency = $2 and r.month = date_trunc('month', l.local_at)::date)
select k,
  round(sum(net_revenue * rate)) as revenue,
  round(sum(case when unit_cost is not null then (net_revenue - unit_cost * quantity) * rate end)) as gross_margin,
  sum(quantity) as units,
  count(distinct (store_id, reference)) as transactions,
  sum(case when quantity < 0 then -quantity else 0 end) as returned_units,
  (select sum(m.amount) from analytics.target t join analytics.target_month m on m.target_id = t.id
    where t.level = 'store' and t.metric = 'revenue' and t.category = '' and m.month = $1::date) as target,
  (select sum(selling_area_m2) from analytics.store where kind = 'physical') as area
from facts group by k`;

/** The consolidation tree's figures straight from the fact table in one query: per store, then per region node (every ancestor). */
const CONSOLIDATION_SQL = `
with recursive tree(id, ancestor) as (
  select id, id from analytics.region
  union all
  select t.id, r.parent_id from tree t join analytics.region r on r.id = t.ancestor where r.parent_id is not null),
per_store as (
  select l.store_id, sum(l.net_revenue * case when l.currency = $2 then 1 else r.rate end) as revenue,
         sum(case when l.unit_cost is not null then (l.net_revenue - l.unit_cost * l.quantity) * case when l.currency = $2 then 1 else r.rate end end) as margin,
         sum(l.quantity) as units, count(distinct l.reference) as transactions
  from analytics.sale_line l
  left join analytics.exchange_rate r on r.currency = l.currency and r.reporting_currency = $2 and r.month = date_trunc('month', l.local_at)::date
  where l.local_at >= $1::date and l.local_at < ($1::date + interval '1 month')
  group by l.store_id)
select 'store' as kind, store_id as id, round(revenue) as revenue, round(margin) as margin, units, transactions from per_store
union all
select 'region', tr.ancestor, round(sum(ps.revenue)), round(sum(ps.margin)), sum(ps.units), sum(ps.transactions)
from per_store ps join analytics.store s on s.id = ps.store_id join tree tr on tr.id = s.region_id
group by tr.ancestor`;

/** Runs `sql` once per month (sequentially), ms each. */
async function timeDirect(url: string, sql: string, months: string[], currency: string): Promise<number[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const times: number[] = [];
    for (const month of months) {
      const since = performance.now();
      await c.query(sql, [month, currency]);
      times.push(performance.now() - since);
    }
    return times;
  } finally {
    await c.end();
  }
}

/** A GET (or, with `body`, a JSON POST) with a bearer token over `agent`: status, body, the `x-analytics-cache` header, ms. */
function get(base: string, path: string, token: string, agent: Agent, body?: object): Promise<{ status: number; body: string; cache?: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const since = performance.now();
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) };
    const req = request(`${base}${path}`, { method: payload === undefined ? 'GET' : 'POST', headers, agent, timeout: 120_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), cache: res.headers['x-analytics-cache'] as string | undefined, ms: performance.now() - since }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${payload === undefined ? 'GET' : 'POST'} ${path}: timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/**
 * Sequential GETs of `path(date)` for each date on one keep-alive connection: ms of each 200
 * answered as a cache miss, how many were hits (not counted), the failures, and whether asking the
 * first date again is a hit (which shows the cache works, so the misses were cold).
 */
async function timeApi(base: string, token: string, dates: string[], path: (date: string) => string) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const times: number[] = [];
    let hits = 0;
    const failures: string[] = [];
    for (const date of dates) {
      const r = await get(base, path(date), token, agent);
      if (r.status !== 200) failures.push(`${r.status}: ${r.body.slice(0, 160)}`);
      else if (r.cache === 'hit') hits++;
      else times.push(r.ms);
    }
    const again = await get(base, path(dates[0] as string), token, agent);
    return { times, hits, failures, againCache: again.cache };
  } finally {
    agent.destroy();
  }
}

async function login(client: HttpClient): Promise<string> {
  return (await client.json<{ accessToken: string }>(200, 'POST', '/api/auth/login', BENCH_ADMIN)).accessToken;
}

/**
 * The what-if row: on each of `months`, `perMonth` sequential `POST /scenarios/simulate` on the
 * company with drivers varying at every request (price, unit cost, elasticity or volume, target),
 * as a planner moving sliders. The first request of a month reads the baseline (cold: cache
 * miss); the others are arithmetic on the cached baseline. Times in ms of both kinds, failures.
 */
async function timeSimulate(base: string, token: string, months: string[], perMonth: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const cold: number[] = [];
    const warm: number[] = [];
    const failures: string[] = [];
    for (const [m, month] of months.entries()) {
      for (let k = 0; k < perMonth; k++) {
        const i = m * perMonth + k;
        const drivers = {
          pricePct: ((i * 37) % 41) - 20, unitCostPct: ((i * 13) % 21) - 10, targetPct: (i % 11) - 5,
          ...(i % 3 === 0 ? { volumePct: ((i * 7) % 31) - 15 } : { elasticity: -0.5 - (i % 4) * 0.25 }),
        };
        const r = await get(base, '/api/admin/analytics/scenarios/simulate', token, agent, { period: 'month', date: month, drivers });
        if (r.status !== 200) failures.push(`${r.status}: ${r.body.slice(0, 160)}`);
        else (r.cache === 'hit' ? warm : cold).push(r.ms);
      }
    }
    return { cold, warm, failures };
  } finally {
    agent.destroy();
  }
}

/** The verdict against an upper bound, marked informational when the fact table is smaller than the goal's. */
function upTo(value: number, goal: number, lines: number, atLines?: number): string {
  const ok = value <= goal;
  const base = ok ? 'PASS' : `MISS (${(value / goal).toFixed(1)}× goal)`;
  return atLines !== undefined && lines < atLines ? `${base}, goal is stated at ${int(atLines)} lines` : base;
}

/**
 * Every analytics row for each size in `sizes` (lines), each on a fresh database; the web order
 * and CSV rows on the first size only. Never throws: a failed step becomes a row saying why.
 */
export async function benchAnalytics(h: AnalyticsHarness, sizes: number[], year: number): Promise<AnalyticsRow[]> {
  const out: AnalyticsRow[] = [];
  for (const [i, lines] of sizes.entries()) {
    const dir = join(h.dir, `analytics-${lines}`);
    mkdirSync(join(dir, 'data'), { recursive: true });
    const db = await createScratchDatabase();
    h.track(db, true);
    let server: AnalyticsServer | undefined;
    let step = 'catalog';
    try {
      // Before the facts: the import's process runs the app's jobs, the rollup job included,
      // which would otherwise build the rollups the next row times on the server.
      if (i === 0) await h.importCatalog(db.url, dir);
      step = 'generate';
      h.log(`analytics: generating ${int(lines)} sale lines (200 stores, 20 regions, 4,000 products) in ${db.name}`);
      const gen = await worker<GenerateResult>(h, db.url, dir, ['generate', String(lines), String(year)], Math.max(30 * 60_000, lines / 5));
      const rate = gen.lines / (gen.factsMs / 1000);
      out.push({
        scenario: 'sales import, generator write path (`createChainDemo`: generate + `appendSaleLines`, 20,000-line transactions)',
        factLines: gen.lines, figure: `${int(rate)} lines/s`, goal: `≥ ${int(ANALYTICS_GOALS.importLinesPerSecond)} lines/s`,
        verdict: rate >= ANALYTICS_GOALS.importLinesPerSecond ? 'PASS' : `MISS (${Math.round((100 * rate) / ANALYTICS_GOALS.importLinesPerSecond)}% of goal)`,
        load: load(), note: `${int(gen.lines)} lines in ${(gen.factsMs / 1000).toFixed(1)} s; whole command ${(gen.totalMs / 1000).toFixed(1)} s (+ ${(gen.openMs / 1000).toFixed(1)} s app open, not counted)`,
      });

      step = 'analyze';
      await analyzeDatabase(db.url);
      step = 'server';
      const [maxRow] = await query<{ id: string }>(db.url, 'select max(id) as id from analytics.sale_line');
      const since = performance.now();
      server = await h.startServer(db.url, dir);
      step = 'initial rollups';
      const built = await waitForRollups(db.url, Number(maxRow?.id ?? 0), Math.max(600, lines / 2_000), since);
      out.push({
        scenario: 'rollups, initial build from server start (the rollup job catching up from watermark 0)',
        factLines: gen.lines, figure: built === null ? null : `${built.toFixed(1)} s`, goal: 'information',
        verdict: built === null ? 'did not finish: the watermark never reached the last fact' : `${int(gen.lines / built)} facts/s`, load: load(),
      });
      if (built === null) throw new Error('rollups did not catch up; the API rows would read partial rollups');
      await analyzeDatabase(db.url);

      const client = new HttpClient(server.base, 4);
      try {
        step = 'kpis';
        const [setting] = await query<{ value: string }>(db.url, `select value #>> '{}' as value from analytics.setting where key = 'reportingCurrency'`);
        const currency = setting?.value ?? 'USD';
        const token = await login(client);
        const dates = spreadDates(year, API_SAMPLES);
        const months = Array.from({ length: DIRECT_SAMPLES }, (_, k) => `${year}-${pad(2 + 2 * k)}-01`);
        const apiRows: Array<{ name: string; path: (d: string) => string; sql: string; goal: number }> = [
          { name: 'dashboard API `GET /kpis?node=company&period=month&date=…` (vs previous, last year, target)', path: (d) => `/api/admin/analytics/kpis?node=company&period=month&date=${d}`, sql: KPIS_SQL, goal: ANALYTICS_GOALS.kpisP95Ms },
          { name: 'consolidation tree `GET /consolidation?node=company&period=month&date=…`', path: (d) => `/api/admin/analytics/consolidation?node=company&period=month&date=${d}`, sql: CONSOLIDATION_SQL, goal: ANALYTICS_GOALS.consolidationP95Ms },
        ];
        for (const row of apiRows) {
          h.log(`analytics: ${API_SAMPLES} × ${row.path(dates[0] as string)} (a new date each time)`);
          const api = await timeApi(server.base, token, dates, row.path);
          const loadApi = load();
          h.log(`analytics: ${DIRECT_SAMPLES} × the same on the fact table`);
          const direct = await timeDirect(db.url, row.sql, months, currency);
          if (api.times.length === 0) {
            out.push({ scenario: row.name, factLines: gen.lines, figure: null, goal: `p95 ≤ ${row.goal} ms`, verdict: `not run: ${api.failures[0] ?? 'no answer'}`, load: loadApi });
            continue;
          }
          const p = percentiles(api.times);
          const d = percentiles(direct);
          out.push({
            scenario: row.name, factLines: gen.lines,
            figure: `p50 ${ms(p.p50)} / p95 ${ms(p.p95)} ms`, direct: `p50 ${ms(d.p50)} / p95 ${ms(d.p95)} ms (${DIRECT_SAMPLES} months)`,
            ratio: d.p95 >= p.p95 ? `API ${(d.p95 / p.p95).toFixed(1)}× faster` : `API ${(p.p95 / d.p95).toFixed(1)}× slower`, goal: `p95 ≤ ${row.goal} ms at ${int(ANALYTICS_GOALS.atLines)} lines, cold cache`,
            verdict: upTo(p.p95, row.goal, gen.lines, ANALYTICS_GOALS.atLines), load: loadApi,
            note: `${api.times.length} requests, each on a date not asked before (cache miss), sequential, one connection; ` +
              `${api.hits} hits left out; asking the first date again answered x-analytics-cache: ${api.againCache ?? 'absent'}` + (api.failures.length ? `; **${api.failures.length} non-200: ${api.failures[0]}**` : ''),
          });
        }

        step = 'simulate';
        const simMonths = Array.from({ length: SIMULATE_MONTHS }, (_, k) => `${year}-${pad(1 + k)}-15`);
        h.log(`analytics: ${SIMULATE_MONTHS} months × ${SIMULATE_PER_MONTH} POST /scenarios/simulate (company, drivers varying)`);
        const sim = await timeSimulate(server.base, token, simMonths, SIMULATE_PER_MONTH);
        const simLoad = load();
        const simName = 'what-if `POST /scenarios/simulate` (company, a month, drivers varying at every request)';
        const simGoal = `p95 ≤ ${ANALYTICS_GOALS.simulateP95Ms} ms at ${int(ANALYTICS_GOALS.atLines)} lines`;
        if (sim.warm.length === 0) {
          out.push({ scenario: simName, factLines: gen.lines, figure: null, goal: simGoal, verdict: `not run: ${sim.failures[0] ?? 'no answer from the cached baseline'}`, load: simLoad });
        } else {
          const w = percentiles(sim.warm);
          const c = sim.cold.length ? percentiles(sim.cold) : null;
          out.push({
            scenario: simName, factLines: gen.lines, figure: `p50 ${ms(w.p50)} / p95 ${ms(w.p95)} ms`,
            direct: c ? `first request of a month (baseline read, cold): p50 ${ms(c.p50)} / p95 ${ms(c.p95)} ms (${sim.cold.length})` : undefined,
            goal: simGoal, verdict: upTo(w.p95, ANALYTICS_GOALS.simulateP95Ms, gen.lines, ANALYTICS_GOALS.atLines), load: simLoad,
            note: `${sim.warm.length} requests on the cached baseline (x-analytics-cache: hit), sequential, one connection; ${sim.cold.length} first requests of ${SIMULATE_MONTHS} months (miss) in the next column` +
              (sim.failures.length ? `; **${sim.failures.length} non-200: ${sim.failures[0]}**` : ''),
          });
        }
        step = 'analyses';
        out.push(...(await analysesRows(h, server.base, token, year, gen.lines)));

        step = 'append';
        h.log(`analytics: appending ${int(APPEND_LINES)} lines, then waiting for the rollups`);
        const appended = await worker<AppendResult>(h, db.url, dir, ['append', String(APPEND_LINES), String(year), String(1_000 + i)], 10 * 60_000);
        const waited = await waitForRollups(db.url, appended.maxId, 120);
        // The worker reported after its last commit; the wait started later still: count from the commit.
        const catchUp = waited === null ? null : (Date.now() - appended.lastCommitAt) / 1000;
        out.push({
          scenario: `rollup catch-up after a ${int(APPEND_LINES)}-line append (last commit → watermark at its last id)`,
          factLines: gen.lines + appended.lines, figure: catchUp === null ? null : `${catchUp.toFixed(1)} s`,
          goal: `≤ ${ANALYTICS_GOALS.catchUpSeconds} s`, verdict: catchUp === null ? 'MISS (not caught up after 120 s)' : upTo(catchUp, ANALYTICS_GOALS.catchUpSeconds, gen.lines),
          load: load(), note: `the append itself: ${int(appended.lines / (appended.writeMs / 1000))} lines/s (${(appended.writeMs / 1000).toFixed(1)} s, appendSaleLines in 20,000-line transactions, generated beforehand); the rollup job runs every second`,
        });

        if (i === 0) {
          step = 'csv';
          out.push(await csvRow(h, db.url, dir, year, gen.lines + appended.lines));
          const csvEnd = performance.now();
          // A web order is timed on rollups that have caught up with the import (else it waits
          // behind a million lines, which the catch-up row measures, not order visibility).
          step = 'csv catch-up';
          const [last] = await query<{ id: string }>(db.url, 'select coalesce(max(id), 0)::text as id from analytics.sale_line');
          const caughtUp = await waitForRollups(db.url, Number(last?.id ?? 0), 600, csvEnd);
          out.push({
            scenario: 'rollup catch-up after the CSV import (import end → watermark at its last line)', factLines: gen.lines + appended.lines + 1_000_000,
            figure: caughtUp === null ? null : `${caughtUp.toFixed(1)} s`,
            goal: 'information', verdict: caughtUp === null ? 'not caught up after 600 s' : `${int(1_000_000 / Math.max(caughtUp, 0.001))} facts/s`, load: load(),
          });
          step = 'web order';
          // The web shop sells in GBP: without a rate for this month, the KPIs leave its sales
          // out of the company's figures (and say so). An admin would record one.
          if (currency !== 'GBP') {
            await query(db.url, `insert into analytics.exchange_rate (currency, reporting_currency, month, rate)
              values ('GBP', $1, date_trunc('month', now() at time zone 'UTC')::date, 1.27) on conflict do nothing`, [currency]);
          }
          out.push(await webOrderRow(client, await login(client), gen.lines + appended.lines + 1_000_000));
        }
      } finally {
        client.close();
      }
    } catch (err) {
      const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
      h.log(`analytics (${int(lines)} lines) stopped at ${step}: ${message}`);
      out.push({ scenario: `analytics run at ${int(lines)} lines`, factLines: lines, figure: null, goal: '—', verdict: `stopped at ${step}: ${message}`, load: load() });
    } finally {
      if (server) await h.stopServer(server);
      await db.drop().catch((e: Error) => h.log(`postgres: could not drop ${db.name}: ${e.message}`));
      h.track(db, false);
    }
  }
  return out;
}

/**
 * The analyses rows: ABC (company, one month, by revenue), RFM (company, one quarter) and the
 * market basket (company, one month, min support 0.5 %), each asked for {@link ANALYSIS_SAMPLES}
 * periods not asked before (cache misses: cold answers), sequentially; goal ≤ 1 s each at 10M lines.
 */
async function analysesRows(h: AnalyticsHarness, base: string, token: string, year: number, factLines: number): Promise<AnalyticsRow[]> {
  const months = Array.from({ length: ANALYSIS_SAMPLES }, (_, k) => `${year}-${pad(1 + 2 * k)}-15`);
  const quarters = Array.from({ length: ANALYSIS_SAMPLES }, (_, k) => `${year}-${pad(1 + 2 * k)}-0${1 + (k % 2)}`);
  const rows: Array<{ name: string; dates: string[]; path: (d: string) => string }> = [
    { name: 'ABC of products `GET /analyses/abc?node=company&period=month` (by revenue)', dates: months, path: (d) => `/api/admin/analytics/analyses/abc?node=company&period=month&date=${d}` },
    { name: 'RFM segments `GET /analyses/rfm?node=company&period=quarter`', dates: quarters, path: (d) => `/api/admin/analytics/analyses/rfm?node=company&period=quarter&date=${d}` },
    { name: 'market basket `GET /analyses/basket?node=company&period=month&minSupport=0.005`', dates: months, path: (d) => `/api/admin/analytics/analyses/basket?node=company&period=month&minSupport=0.005&date=${d}` },
  ];
  const out: AnalyticsRow[] = [];
  for (const row of rows) {
    h.log(`analytics: ${ANALYSIS_SAMPLES} × ${row.path(row.dates[0] as string)} (a new period each time)`);
    const api = await timeApi(base, token, row.dates, row.path);
    if (api.times.length === 0) {
      out.push({ scenario: row.name, factLines, figure: null, goal: `≤ ${int(ANALYTICS_GOALS.analysisMs)} ms cold`, verdict: `not run: ${api.failures[0] ?? 'no answer'}`, load: load() });
      continue;
    }
    const p = percentiles(api.times);
    h.log(`analytics: ${row.name}: p50 ${ms(p.p50)} / max ${ms(Math.max(...api.times))} ms at load ${load()}`);
    out.push({
      scenario: row.name, factLines, figure: `p50 ${ms(p.p50)} / max ${ms(Math.max(...api.times))} ms`,
      goal: `≤ ${int(ANALYTICS_GOALS.analysisMs)} ms cold at ${int(ANALYTICS_GOALS.atLines)} lines`,
      verdict: upTo(Math.max(...api.times), ANALYTICS_GOALS.analysisMs, factLines, ANALYTICS_GOALS.atLines), load: load(),
      note: `${api.times.length} requests, each on a period not asked before (cache miss), sequential` + (api.failures.length ? `; **${api.failures.length} non-200: ${api.failures[0]}**` : ''),
    });
  }
  return out;
}

/** The CSV import row: a 1M-line POS CSV of the chain through `comptoir import sales`, when the command exists. */
async function csvRow(h: AnalyticsHarness, url: string, dir: string, year: number, factLines: number): Promise<AnalyticsRow> {
  const lines = 1_000_000;
  const scenario = `sales import, CSV path (\`comptoir import sales\`, ${int(lines)}-line generated POS CSV)`;
  const goal = `≥ ${int(ANALYTICS_GOALS.importLinesPerSecond)} lines/s`;
  const help = await cli(h, url, dir, 'import-help', ['import', '--help'], 60_000);
  if (!/sales/.test(help.output)) return { scenario, factLines, figure: null, goal, verdict: 'not run: `comptoir import sales` is not on this branch', load: load() };
  const csv = await worker<CsvResult>(h, url, dir, ['csv', join(dir, 'pos-sales.csv'), String(lines), String(year), '77'], 10 * 60_000);
  h.log(`analytics: comptoir import sales ${csv.file} (${int(csv.lines)} lines)`);
  const run = await cli(h, url, dir, 'import-sales', ['import', 'sales', csv.file, '--mapping', csv.mapping], 30 * 60_000);
  const rate = csv.lines / (run.ms / 1000);
  if (run.code !== 0) {
    return { scenario, factLines, figure: null, goal, verdict: `failed (exit ${run.code}): ${run.output.split('\n').slice(-3).join(' / ').slice(0, 200)}`, load: load() };
  }
  return {
    scenario, factLines, figure: `${int(rate)} lines/s`, goal,
    verdict: rate >= ANALYTICS_GOALS.importLinesPerSecond ? 'PASS' : `MISS (${Math.round((100 * rate) / ANALYTICS_GOALS.importLinesPerSecond)}% of goal)`,
    load: load(), note: `${int(csv.lines)} lines in ${(run.ms / 1000).toFixed(1)} s of process wall time (app open included); last output: ${run.output.split('\n').filter(Boolean).slice(-2).join(' / ').slice(0, 200)}`,
  };
}

/** Today's `transactions` and `units` of the company (`GET /kpis?period=day`), or the failure. */
async function today(client: HttpClient, token: string, date: string): Promise<{ transactions: number; units: number } | string> {
  const r = await client.call('GET', `/api/admin/analytics/kpis?node=company&period=day&date=${date}`, undefined, { authorization: `Bearer ${token}` });
  if (r.status !== 200) return `${r.status}: ${r.body.slice(0, 160)}`;
  const body = JSON.parse(r.body) as { kpis?: Array<{ key: string; value: number | null }> };
  const get = (k: string) => Number(body.kpis?.find((x) => x.key === k)?.value ?? 0);
  return { transactions: get('transactions'), units: get('units') };
}

/** A guest web order (`POST /api/orders`), then `GET /kpis?period=day` every 100 ms until today's transactions or units move. */
async function webOrderRow(client: HttpClient, token: string, factLines: number): Promise<AnalyticsRow> {
  const scenario = 'web order visible in the analytics (`POST /api/orders` 201 → `GET /kpis?node=company&period=day` shows it)';
  const goal = `≤ ${ANALYTICS_GOALS.webOrderSeconds} s`;
  const date = new Date().toISOString().slice(0, 10);
  const before = await today(client, token, date);
  if (typeof before === 'string') return { scenario, factLines, figure: null, goal, verdict: `not run: GET /kpis?period=day answered ${before}`, load: load() };
  const [sku] = await stockSkus(client, 1);
  const [cart] = await createCarts(client, 1);
  if (!sku || !cart) return { scenario, factLines, figure: null, goal, verdict: 'not run: no catalog SKU or cart', load: load() };
  const headers = { 'x-cart-token': cart.token };
  await client.json(200, 'POST', `/api/carts/${cart.id}/items`, { sku, quantity: 1 }, headers);
  const order = await client.call('POST', '/api/orders', checkoutBody(cart.id, 0), { ...headers, 'idempotency-key': `bench-analytics-${Date.now()}` });
  if (order.status !== 201) return { scenario, factLines, figure: null, goal, verdict: `not run: POST /api/orders answered ${order.status}: ${order.body.slice(0, 120)}`, load: load() };
  const placed = performance.now();
  for (;;) {
    const now = await today(client, token, date);
    const seconds = (performance.now() - placed) / 1000;
    if (typeof now !== 'string' && (now.transactions > before.transactions || now.units > before.units)) {
      return {
        scenario, factLines, figure: `${seconds.toFixed(1)} s`, goal, verdict: upTo(seconds, ANALYTICS_GOALS.webOrderSeconds, factLines), load: load(),
        note: `transactions ${before.transactions} → ${now.transactions}, units ${before.units} → ${now.units} on ${date}; polled every 100 ms`,
      };
    }
    if (seconds > 60) return { scenario, factLines, figure: null, goal, verdict: `MISS: not visible after 60 s${typeof now === 'string' ? ` (last answer ${now})` : ''}`, load: load() };
    await sleep(100);
  }
}

/** The analytics table in markdown (empty when there are no rows). */
export function analyticsLines(rows: AnalyticsRow[], sizes: number[], year: number): string[] {
  if (rows.length === 0) return [];
  return [
    '',
    `Analytics (PostgreSQL): chain demo of 200 stores, 20 regions, 4,000 products, seed 42, year ${year}; fact table of ${sizes.map(int).join(' and ')} generated lines, each on a fresh database. ` +
      'API rows: sequential requests on one keep-alive connection as the bench admin, each on a date not asked before (the answer cache is keyed by the query, so every request is a miss); ' +
      'the fact-table column runs one SQL query with the same figures (bench/lib/analytics.ts) on as many months; load = 1-minute load average right after the row (2 cores, shared).',
    '',
    '| scenario | fact lines | figure | straight on the fact table | ratio | goal | verdict | load |',
    '|---|--:|---|---|---|---|---|--:|',
    ...rows.map((r) =>
      `| ${r.note ? `${r.scenario} (${r.note.replace(/\|/g, '/')})` : r.scenario} | ${int(r.factLines)} | ${r.figure ?? '—'} | ${r.direct ?? '—'} | ${r.ratio ?? '—'} | ${r.goal} | ${r.verdict.replace(/\|/g, '/')} | ${r.load.toFixed(1)} |`),
  ];
}
