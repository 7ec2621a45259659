/**
 * Access scoped by the organisation, on every GET route of the analytics module found in the
 * OpenAPI document (routes added later are walked too): users with company, region, store and no
 * scope each see exactly their subtree. Stores outside a user's subtree sell huge amounts, so a
 * figure of theirs in any total, ranking or list shows as a number ≥ 1,000,000; their ids, codes
 * and names must not appear either; a crafted node, region or store id outside the scope → 404.
 * The what-if simulation (a POST) is walked the same way with each persona's own scope and
 * crafted scopes, closings and comparable stores outside it.
 *
 * ```
 * Company (root)
 * ├── Zone A (reg_sc_a) ── Zone A1 (reg_sc_a1) ── sto_sc_a1 (small)
 * │                    └── sto_sc_a2 (small)
 * └── Zone B (reg_sc_b) ── sto_sc_b1, sto_sc_b2 (huge), sto_sc_b3 (small)
 * ```
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/app.js';
import { fxLine, grant, userIdOf } from './support/analytics-fixture.js';
import { example, fillPath, operations, type Op, type OpenApiDoc } from './support/openapi-walk.js';

let app: TestApp;
let ops: Op[];
let root: string;

const SMALL = { sto_sc_a1: 1_111, sto_sc_a2: 2_222, sto_sc_b3: 3_333 } as const;
const HUGE = 900_000_000_000;
const LEAK_THRESHOLD = 1_000_000;
const stores = {
  sto_sc_a1: { code: 'ZQA1X', name: 'Zebra Aone', region: 'reg_sc_a1' },
  sto_sc_a2: { code: 'ZQA2X', name: 'Zebra Atwo', region: 'reg_sc_a' },
  sto_sc_b1: { code: 'ZQB1X', name: 'Zebra Bone', region: 'reg_sc_b' },
  sto_sc_b2: { code: 'ZQB2X', name: 'Zebra Btwo', region: 'reg_sc_b' },
  sto_sc_b3: { code: 'ZQB3X', name: 'Zebra Bthree', region: 'reg_sc_b' },
} as const;
type StoreId = keyof typeof stores;
const regions = { reg_sc_a: 'Zone Aaa', reg_sc_a1: 'Zone Aaa One', reg_sc_b: 'Zone Bbb' } as const;

interface Persona {
  name: string;
  token: string;
  /** The node the user asks about by default. */
  node: string;
  /** Stores they see. */
  visible: StoreId[];
  /** Regions they see (ancestors of what they see may be named, never totalled). */
  regions: string[];
  ancestors: string[];
  company: boolean;
}
const personas: Persona[] = [];

beforeAll(async () => {
  app = await createTestApp();
  const db = app.database.db;
  await db.execute(sql`insert into analytics.region (id, parent_id, code, name)
    select 'reg_sc_root', null, 'SC-ROOT', 'Company' where not exists (select 1 from analytics.region where parent_id is null)`);
  root = ((await db.execute(sql`select id from analytics.region where parent_id is null`)) as unknown as { rows: { id: string }[] }).rows[0]?.id as string;
  await db.execute(sql`insert into analytics.region (id, parent_id, code, name) values ('reg_sc_a', ${root}, 'ZRA', ${regions.reg_sc_a}), ('reg_sc_b', ${root}, 'ZRB', ${regions.reg_sc_b})`);
  await db.execute(sql`insert into analytics.region (id, parent_id, code, name) values ('reg_sc_a1', 'reg_sc_a', 'ZRA1', ${regions.reg_sc_a1})`);
  for (const [id, s] of Object.entries(stores)) {
    await db.execute(sql`insert into analytics.store (id, code, name, kind, region_id, city, country, opened_on, selling_area_m2, currency, time_zone)
      values (${id}, ${s.code}, ${s.name}, 'physical', ${s.region}, ${`City ${s.code}`}, 'GB', '2020-01-01', 10, 'GBP', 'Europe/London')`);
  }
  const lines = Object.keys(stores).flatMap((id) => {
    const small = SMALL[id as keyof typeof SMALL];
    return small
      ? [fxLine(id, '2026-03-10', `${id}-1`, 'SKU-S', 'Small', 1, small, 10)]
      : [fxLine(id, '2026-03-10', `${id}-1`, `SKU-${id}`, `Cat ${id}`, 5_000_000, HUGE, 1_000)];
  });
  await app.database.transaction((tx) => app.analytics.appendSaleLines(tx, lines));
  await app.analytics.catchUpRollups();
  const persona = async (name: string, g: { region?: string[]; store?: string[] }, p: Omit<Persona, 'name' | 'token'>) => {
    const token = await app.tokenFor(['analyst']);
    await grant(app, userIdOf(token), g);
    personas.push({ name, token, ...p });
  };
  await persona('company', { region: [root] }, { node: 'company', visible: Object.keys(stores) as StoreId[], regions: [root, ...Object.keys(regions)], ancestors: [], company: true });
  await persona('region A', { region: ['reg_sc_a'] }, { node: 'reg_sc_a', visible: ['sto_sc_a1', 'sto_sc_a2'], regions: ['reg_sc_a', 'reg_sc_a1'], ancestors: [root], company: false });
  await persona('store B3', { store: ['sto_sc_b3'] }, { node: 'sto_sc_b3', visible: ['sto_sc_b3'], regions: [], ancestors: [root, 'reg_sc_b'], company: false });
  await persona('no scope', {}, { node: 'company', visible: [], regions: [], ancestors: [], company: false });
  const res = await app.inject({ url: '/openapi.json' });
  ops = operations(res.json() as OpenApiDoc).filter((o) => o.method === 'GET' && o.path.startsWith('/api/admin/analytics'));
});
afterAll(() => app.close());

/** Values for the query parameters the walk knows; others get an example from their schema when required. */
const KNOWN: Record<string, string> = { period: 'month', date: '2026-03-15', from: '2026-03-01', to: '2026-03-31', grain: 'month', year: '2026', fiscalYear: '2026', kpi: 'revenue', order: 'desc' };

function queryFor(o: Op, node: string): URLSearchParams {
  const q = new URLSearchParams();
  for (const p of o.op.parameters ?? []) {
    if (p.in !== 'query') continue;
    if (p.name === 'node') q.set('node', node);
    else if (KNOWN[p.name] !== undefined) q.set(p.name, KNOWN[p.name] as string);
    else if (p.required) q.set(p.name, String(example(p.schema ?? {})));
  }
  return q;
}

const numbers = (v: unknown): number[] =>
  typeof v === 'number' ? [v] : Array.isArray(v) ? v.flatMap(numbers) : v && typeof v === 'object' ? Object.values(v).flatMap(numbers) : [];

/** What must never appear in an answer to `p`: ids, codes and names of stores and regions outside (ancestors may be named). */
function forbidden(p: Persona): string[] {
  const out: string[] = [];
  for (const [id, s] of Object.entries(stores)) if (!p.visible.includes(id as StoreId)) out.push(id, s.code, s.name);
  for (const [id, name] of Object.entries(regions)) if (!p.regions.includes(id) && !p.ancestors.includes(id)) out.push(id, name);
  return out;
}

/** Leaks in one answer to `p`: forbidden strings, or a figure of a huge store for a user who does not see one. */
function leaks(p: Persona, body: string): string[] {
  const found = forbidden(p).filter((s) => body.includes(s)).map((s) => `mentions ${s}`);
  const seesHuge = p.visible.some((s) => !(s in SMALL));
  if (!seesHuge) {
    const big = numbers(JSON.parse(body)).filter((n) => Math.abs(n) >= LEAK_THRESHOLD);
    if (big.length > 0) found.push(`figures ${big.slice(0, 3).join(', ')}`);
  }
  return found;
}

const get = (url: string, token: string) => app.inject({ url, headers: { authorization: `Bearer ${token}` } });

describe('analytics routes scoped by the organisation', () => {
  it('finds the read routes in the OpenAPI document', () => {
    const paths = ops.map((o) => o.path);
    for (const p of ['/kpis', '/kpis/trend', '/consolidation', '/league', '/category-mix', '/drilldown']) expect(paths).toContain(`/api/admin/analytics${p}`);
  });

  it('shows each user exactly their subtree on every GET route, nothing of a store outside it', async () => {
    const problems: string[] = [];
    let answered = 0;
    for (const o of ops) {
      for (const p of personas) {
        const hasNode = (o.op.parameters ?? []).some((x) => x.in === 'query' && x.name === 'node');
        const pathParams = (o.op.parameters ?? []).filter((x) => x.in === 'path');
        if (pathParams.length > 0) continue; // walked with crafted ids below
        const node = o.path.endsWith('/drilldown') && p.node === 'company' ? 'sto_sc_a1' : o.path.endsWith('/drilldown') && p.node === 'reg_sc_a' ? 'sto_sc_a2' : p.node;
        const url = `${o.path}?${queryFor(o, node)}`;
        const res = await get(url, p.token);
        const where = `${p.name}: GET ${url} → ${res.statusCode}`;
        if (res.statusCode >= 500) problems.push(`${where} ${res.body.slice(0, 200)}`);
        if (p.visible.length === 0 && hasNode && res.statusCode !== 404) problems.push(`${where}: no scope must answer 404`);
        if (res.statusCode === 200) {
          answered += 1;
          for (const l of leaks(p, res.body)) problems.push(`${where}: ${l}`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(answered).toBeGreaterThanOrEqual(6 * 3);
  });

  it('answers a crafted node, region or store id outside the scope with 404 (or 403 without the permission)', async () => {
    const problems: string[] = [];
    for (const p of personas.filter((x) => !x.company)) {
      const outside = [...Object.keys(stores).filter((s) => !p.visible.includes(s as StoreId)), ...Object.keys(regions).filter((r) => !p.regions.includes(r)), 'company'];
      for (const o of ops) {
        const params = o.op.parameters ?? [];
        const nodeParam = params.find((x) => x.in === 'query' && ['node', 'regionId', 'storeId', 'nodeId'].includes(x.name));
        const pathParams = params.filter((x) => x.in === 'path');
        if (!nodeParam && pathParams.length === 0) continue;
        for (const id of outside) {
          if (pathParams.length > 0 && id === 'company') continue;
          const q = queryFor(o, p.node);
          if (nodeParam) q.set(nodeParam.name, id);
          const url = `${pathParams.length > 0 ? fillPath(o.path, id) : o.path}?${q}`;
          const res = await get(url, p.token);
          const where = `${p.name}: GET ${url} → ${res.statusCode}`;
          if (res.statusCode === 200) {
            // A list filtered by an outside id may answer 200, but with nothing of it.
            for (const l of leaks(p, res.body)) problems.push(`${where}: ${l}`);
            if (nodeParam?.name === 'node' || pathParams.length > 0) problems.push(`${where}: expected 404`);
          } else if (![403, 404].includes(res.statusCode)) problems.push(`${where}: ${res.body.slice(0, 200)}`);
          else if (res.statusCode === 404 && nodeParam?.name === 'node') expect(res.json(), where).toMatchObject({ code: 'ANALYTICS.NODE_NOT_FOUND' });
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('totals, ranks and lists exactly the visible stores on the read routes', async () => {
    for (const p of personas.filter((x) => x.visible.length > 0)) {
      const expected = p.visible.reduce((a, s) => a + (SMALL[s as keyof typeof SMALL] ?? HUGE), 0);
      const q = `node=${p.node}&period=month&date=2026-03-15`;
      const k = (await get(`/api/admin/analytics/kpis?${q}`, p.token)).json() as { kpis: { key: string; value: number }[] };
      expect(k.kpis.find((x) => x.key === 'revenue')?.value, p.name).toBe(expected);
      const league = (await get(`/api/admin/analytics/league?${q}`, p.token)).json() as { rows: { store: { id: string } }[] };
      expect(league.rows.map((r) => r.store.id).filter((id) => id.startsWith('sto_sc')).sort(), p.name).toEqual([...p.visible].sort());
      const tree = (await get(`/api/admin/analytics/consolidation?${q}`, p.token)).json() as { root: { revenue: number; kind: string; id: string; children: unknown[] } };
      expect(tree.root.revenue, p.name).toBe(expected);
      const leaves: string[] = [];
      const walk = (n: { kind: string; id: string; children: unknown[] }) => (n.kind === 'store' ? leaves.push(n.id) : n.children.forEach((c) => walk(c as typeof n)));
      walk(tree.root);
      expect(leaves.filter((id) => id.startsWith('sto_sc')).sort(), p.name).toEqual([...p.visible].sort());
      const mix = (await get(`/api/admin/analytics/category-mix?${q}`, p.token)).json() as { rows: { revenue: number }[] };
      expect(mix.rows.reduce((a, r) => a + r.revenue, 0), p.name).toBe(expected);
      const trend = (await get(`/api/admin/analytics/kpis/trend?node=${p.node}&from=2026-03-01&to=2026-03-31&grain=month`, p.token)).json() as { points: { revenue: number }[] };
      expect(trend.points[0]?.revenue, p.name).toBe(expected);
    }
  });

  it('simulates what-if scenarios within the scope only: nothing outside it, crafted ids → 404', async () => {
    const problems: string[] = [];
    const simulate = (token: string, body: object) => app.inject({
      method: 'POST', url: '/api/admin/analytics/scenarios/simulate', headers: { authorization: `Bearer ${token}` },
      payload: { period: 'month', date: '2026-03-15', ...body },
    });
    const scopeOf = (node: string) => (node === 'company' ? {} : node.startsWith('sto_') ? { storeIds: [node] } : { regionIds: [node] });
    for (const p of personas) {
      const own = await simulate(p.token, { scope: scopeOf(p.node), drivers: { pricePct: 5 } });
      const where = `${p.name}: simulate ${p.node} → ${own.statusCode}`;
      if (p.visible.length === 0) {
        if (own.statusCode !== 404) problems.push(`${where}: no scope must answer 404`);
      } else if (own.statusCode !== 200) problems.push(`${where} ${own.body.slice(0, 200)}`);
      else {
        for (const l of leaks(p, own.body)) problems.push(`${where}: ${l}`);
        const expected = p.visible.reduce((a, s) => a + (SMALL[s as keyof typeof SMALL] ?? HUGE), 0);
        expect((own.json() as { root: { baseline: { revenue: number } } }).root.baseline.revenue, p.name).toBe(expected);
      }
      if (p.company) continue;
      const outsideStores = Object.keys(stores).filter((s) => !p.visible.includes(s as StoreId));
      const outsideRegions = Object.keys(regions).filter((r) => !p.regions.includes(r));
      const crafted = [
        ...outsideStores.map((s) => ({ scope: { storeIds: [s] }, drivers: {} })),
        ...outsideRegions.map((r) => ({ scope: { regionIds: [r] }, drivers: {} })),
        { scope: { regionIds: ['company'] }, drivers: {} },
        ...outsideStores.map((s) => ({ scope: scopeOf(p.node), drivers: { openings: [{ regionId: p.regions[0] ?? 'company', comparableStoreId: s, from: '2026-03-01' }] } })),
        ...outsideStores.map((s) => ({ scope: scopeOf(p.node), drivers: { closings: [{ storeId: s, from: '2026-03-01' }] } })),
      ];
      for (const body of crafted) {
        const res = await simulate(p.token, body);
        // The 404 names the id the caller sent (like every route), nothing else.
        if (res.statusCode !== 404 || (res.json() as { code: string }).code !== 'ANALYTICS.NODE_NOT_FOUND') problems.push(`${p.name}: simulate ${JSON.stringify(body)} → ${res.statusCode} ${res.body.slice(0, 200)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('gives a user with analytics:read and no scope nothing', async () => {
    const none = personas.find((p) => p.visible.length === 0) as Persona;
    for (const path of ['kpis', 'consolidation', 'league', 'category-mix']) {
      const res = await get(`/api/admin/analytics/${path}?node=company&period=month&date=2026-03-15`, none.token);
      expect(res.statusCode, path).toBe(404);
    }
  });
});
