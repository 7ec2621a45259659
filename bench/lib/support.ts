/**
 * The support rows of `npm run bench`: help-centre search throughput at `connections`
 * connections (goal ≥ 2,000 req/s) and an agent's ticket list at 100,000 tickets (p95 ≤ 50 ms).
 * The data is written in this process with the app itself (migrations, the bench admin, help
 * articles through its routes, tickets by one `INSERT … SELECT generate_series` — not through
 * HTTP), then the compiled server (the caller's `startServer`) is started on the same data and
 * loaded over loopback: autocannon for search, one agent's sequential requests for the list.
 */
import { loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/platform/config.js';
import { loadWith, type LoadOptions, type LoadResult } from './load.js';
import { BENCH_ADMIN } from './shop.js';

/** Tickets seeded for the list row. */
export const SUPPORT_TICKETS = 100_000;
/** Sequential list requests per query variant (after 20 unmeasured ones). */
const LIST_REQUESTS = 100;
/** Help-centre articles seeded (both languages, published). */
const ARTICLES = 60;
/** The searches autocannon cycles through: French and English, some misspelt. */
const SEARCHES = [
  ['fr', 'livraison'], ['fr', 'remboursement'], ['fr', 'retour colis'], ['fr', 'livrasion'], ['fr', 'garantie'],
  ['en', 'delivery'], ['en', 'refund'], ['en', 'return parcel'], ['en', 'delivry'], ['en', 'warranty'],
] as const;
const WORDS_EN = ['delivery', 'refund', 'return', 'parcel', 'warranty', 'payment', 'invoice', 'account', 'address', 'tracking'];
const WORDS_FR = ['livraison', 'remboursement', 'retour', 'colis', 'garantie', 'paiement', 'facture', 'compte', 'adresse', 'suivi'];

/** What the bench runner provides: a compiled server on the data of `dir` / `databaseUrl`, with the bench admin. */
export interface SupportHarness {
  log: (message: string) => void;
  jwtSecret: string;
  startServer: (dir: string, databaseUrl: string | undefined) => Promise<{ base: string; stop: () => Promise<void> }>;
}

/** One measured support row. */
export interface SupportRow {
  db: 'pglite' | 'postgres';
  scenario: string;
  figure: string;
  goal: string;
  verdict: string;
  note: string;
  load: number;
}

/** Seeds `dir` / `databaseUrl` in this process: the bench admin, the help centre through the routes, tickets in bulk. */
async function seed(dir: string, databaseUrl: string | undefined, jwtSecret: string, log: (m: string) => void): Promise<void> {
  const config = { ...loadConfig({}), dataDir: dir, databaseUrl, logLevel: 'silent', demoData: false, jwtSecret, adminEmail: BENCH_ADMIN.email, adminPassword: BENCH_ADMIN.password };
  const app = await createApp({ config, logger: pino({ level: 'silent' }) });
  try {
    const login = await app.server.inject({ method: 'POST', url: '/api/auth/login', payload: { email: BENCH_ADMIN.email, password: BENCH_ADMIN.password } });
    const headers = { authorization: `Bearer ${login.json().accessToken as string}` };
    const category = (await app.server.inject({ method: 'POST', url: '/api/admin/help/categories', headers, payload: { nameEn: 'Orders', nameFr: 'Commandes' } })).json();
    for (let i = 0; i < ARTICLES; i++) {
      const en = WORDS_EN[i % WORDS_EN.length]!;
      const fr = WORDS_FR[i % WORDS_FR.length]!;
      const other = (j: number) => [WORDS_EN[(i + j) % 10], WORDS_FR[(i + j) % 10]];
      const res = await app.server.inject({
        method: 'POST', url: '/api/admin/help/articles', headers,
        payload: {
          categoryId: category.id, status: 'published', position: i, slug: `bench-${i}`,
          titleEn: `About ${en} (${i})`, titleFr: `À propos : ${fr} (${i})`,
          bodyEn: `How ${en} works, with ${other(1)[0]} and ${other(3)[0]}. `.repeat(12),
          bodyFr: `Comment fonctionne ${fr}, avec ${other(1)[1]} et ${other(3)[1]}. `.repeat(12),
        },
      });
      if (res.statusCode !== 201) throw new Error(`help article: ${res.statusCode} ${res.body.slice(0, 200)}`);
    }
    const since = performance.now();
    // 100,000 tickets over a year: 30 % not closed, spread over 5 agents (a fifth unassigned), priorities and categories in turn.
    await app.database.db.execute(sql`
      insert into support.ticket (id, subject, category, state, priority, email, name, locale, assignee_id, tags,
                                  first_response_due_at, resolution_due_at, first_response_at, solved_at, closed_at, message_count, search, created_at, updated_at)
      select 'tkt_BENCH' || lpad(g::text, 21, '0'),
             'Question ' || g || ' about ' || (array['delivery','refund','return','parcel','invoice'])[1 + (g / 3) % 5],
             (array['order_problem','return_request','product_question','other'])[1 + g % 4],
             case when g % 10 < 7 then 'closed' else (array['new','open','pending'])[1 + g % 3] end,
             (array['low','normal','normal','high','urgent'])[1 + g % 5],
             'customer' || (g % 20000) || '@example.test', 'Customer ' || (g % 20000), (array['en','fr'])[1 + g % 2],
             case when (g / 7) % 5 = 0 then null else 'usr_bench_agent_' || ((g / 7) % 5) end, '{}'::text[],
             t + interval '4 hours', t + interval '3 days',
             case when g % 10 < 8 then t + interval '2 hours' end, case when g % 10 < 7 then t + interval '1 day' end, case when g % 10 < 7 then t + interval '5 days' end,
             2, to_tsvector('simple', 'Question ' || g || ' about ' || (array['delivery','refund','return','parcel','invoice'])[1 + (g / 3) % 5] || ' my order arrived late'),
             t, t + interval '1 hour'
        from generate_series(1, ${SUPPORT_TICKETS}) g, lateral (select now() - (g % 365) * interval '1 day' - (g % 1440) * interval '1 minute' as t) at`);
    // What autovacuum does after a bulk insert (PostgreSQL 13+ vacuums on inserts too): statistics,
    // and the visibility map that lets the queue's count read its index alone.
    await app.database.db.execute(sql`vacuum (analyze) support.ticket`);
    log(`support: ${SUPPORT_TICKETS.toLocaleString('en-US')} tickets inserted in ${((performance.now() - since) / 1000).toFixed(1)} s`);
  } finally {
    await app.close();
  }
}

/** The p95 of `samples` (ms). */
const p95 = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.ceil(samples.length * 0.95) - 1] ?? NaN;

/** Times `LIST_REQUESTS` sequential GETs of `path` (one agent), after 20 unmeasured ones. @throws Error on a non-200. */
async function timeList(base: string, path: string, token: string): Promise<{ p50: number; p95: number; total: number }> {
  const samples: number[] = [];
  let total = 0;
  for (let i = 0; i < LIST_REQUESTS + 20; i++) {
    const since = performance.now();
    const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as { pagination?: { total: number } };
    const ms = performance.now() - since;
    if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${JSON.stringify(body).slice(0, 200)}`);
    total = body.pagination?.total ?? 0;
    if (i >= 20) samples.push(ms);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: sorted[Math.floor(sorted.length / 2)]!, p95: p95(samples), total };
}

/** Runs the selected support rows on one database. */
export async function benchSupport(
  db: 'pglite' | 'postgres', dir: string, databaseUrl: string | undefined, harness: SupportHarness, steps: { search: boolean; tickets: boolean }, opts: LoadOptions,
): Promise<SupportRow[]> {
  const rows: SupportRow[] = [];
  harness.log(`support (${db}): seeding`);
  await seed(dir, databaseUrl, harness.jwtSecret, harness.log);
  const server = await harness.startServer(dir, databaseUrl);
  try {
    if (steps.search) {
      const requests = SEARCHES.map(([locale, q]) => ({ method: 'GET' as const, path: `/api/help/search?q=${encodeURIComponent(q)}&locale=${locale}` }));
      const probe = await fetch(`${server.base}${requests[0]!.path}`);
      if (probe.status !== 200) throw new Error(`help search probe answered ${probe.status}`);
      harness.log(`load ${db} GET /api/help/search (${opts.warmupSeconds} s warm-up + ${opts.durationSeconds} s, ${opts.connections} connections)`);
      const r: LoadResult = await loadWith(`${server.base}/api/help/search`, opts, () => ({ requests }));
      rows.push({
        db, scenario: `GET /api/help/search, ${opts.connections} connections`, figure: `${Math.round(r.requestsPerSecond).toLocaleString('en-US')} req/s (p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms)`,
        goal: '≥ 2,000 req/s', verdict: r.non2xx + r.errors > 0 ? `**${r.non2xx} non-2xx, ${r.errors} errors**` : r.requestsPerSecond >= 2000 ? 'meets the goal' : 'below the goal',
        note: `${ARTICLES} articles EN+FR; ${SEARCHES.length} searches in turn (${SEARCHES.map(([l, q]) => `${l}:${q}`).join(', ')})`, load: loadavg()[0] ?? 0,
      });
    }
    if (steps.tickets) {
      const login = await fetch(`${server.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(BENCH_ADMIN) });
      const token = ((await login.json()) as { accessToken: string }).accessToken;
      const variants = [
        ['the queue (not closed, most urgent first), page 1 of 25', '/api/admin/support/tickets?limit=25', true],
        ['one agent\'s tickets', '/api/admin/support/tickets?limit=25&assignee=usr_bench_agent_1', false],
        ['full-text "refund"', '/api/admin/support/tickets?limit=25&q=refund', false],
      ] as const;
      for (const [what, path, goal] of variants) {
        harness.log(`support (${db}): ${LIST_REQUESTS} × GET ${path}`);
        const t = await timeList(server.base, path, token);
        rows.push({
          db, scenario: `agent's ticket list: ${what}`, figure: `p95 ${t.p95.toFixed(1)} ms (p50 ${t.p50.toFixed(1)} ms)`,
          goal: goal ? 'p95 ≤ 50 ms' : 'information', verdict: goal ? (t.p95 <= 50 ? 'meets the goal' : 'below the goal') : '—',
          note: `${SUPPORT_TICKETS.toLocaleString('en-US')} tickets, ${t.total.toLocaleString('en-US')} match; one agent, ${LIST_REQUESTS} sequential requests`, load: loadavg()[0] ?? 0,
        });
      }
    }
  } finally {
    await server.stop();
  }
  return rows;
}

/** The Markdown lines of the rows. */
export function supportLines(rows: SupportRow[]): string[] {
  if (rows.length === 0) return [];
  return [
    '',
    `Support: help-centre search under autocannon load and an agent's ticket list at ${SUPPORT_TICKETS.toLocaleString('en-US')} tickets (bulk-inserted), compiled server over loopback; load = 1-minute load average after the row (2 cores, shared).`,
    '',
    '| scenario | db | figure | goal | verdict | note | load |',
    '|---|---|---|---|---|---|--:|',
    ...rows.map((r) => `| ${r.scenario} | ${r.db} | ${r.figure} | ${r.goal} | ${r.verdict} | ${r.note} | ${r.load.toFixed(1)} |`),
  ];
}
