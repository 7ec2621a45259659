/**
 * The analytics admin API (`/api/admin/analytics/…`) through the app's one client (lib/api: bearer
 * token, refresh on 401, problem+json → {@link ApiError} by `ok`), plus the react-query hooks the
 * pages use. The routes are not in the generated schema yet, so calls go through an untyped view
 * of the same client and answers are typed by ./types.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ok } from '../../lib/api';
import type {
  CategoryMixAnswer,
  ConsolidationAnswer,
  DrilldownAnswer,
  ImportPreview,
  ImportReport,
  KpisAnswer,
  LeagueAnswer,
  PeriodQuery,
  Region,
  SalesMapping,
  Settings,
  Store,
  StoreInput,
  TargetInput,
  TargetSummary,
  TrendAnswer,
} from './types';

const BASE = '/api/admin/analytics';

type Init = { params?: { query?: Record<string, unknown>; path?: Record<string, string> }; body?: unknown };
type Call = (path: string, init?: Init) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
/** The same openapi-fetch client, for paths the generated schema does not list yet. */
const raw = api as unknown as { GET: Call; POST: Call; PUT: Call; PATCH: Call; DELETE: Call };

async function get<T>(path: string, query: Record<string, unknown> = {}): Promise<T> {
  return (await ok(raw.GET(BASE + path, { params: { query } }))) as T;
}
async function send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  return (await ok(raw[method](BASE + path, body === undefined ? {} : { body }))) as T;
}

/** A list answer as an array, whether the route answers `[...]` or `{ data: [...] }`. */
function rows<T>(answer: unknown): T[] {
  if (Array.isArray(answer)) return answer as T[];
  const data = (answer as { data?: unknown } | null)?.data;
  return Array.isArray(data) ? (data as T[]) : [];
}

/** The query string of a view (custom periods send from/to, the others date). */
export function periodParams(q: PeriodQuery): Record<string, string> {
  return q.period === 'custom' ? { node: q.node, period: q.period, from: q.from ?? q.date, to: q.to ?? q.date } : { node: q.node, period: q.period, date: q.date };
}

/** Query-key root of every analytics query (invalidated after writes). */
export const KEY = ['admin', 'analytics'] as const;

/** A write (mutation) that refreshes every analytics query once it succeeds, then calls `onDone`. */
export function useWrite<V, R>(fn: (v: V) => Promise<R>, onDone?: (r: R) => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async (r) => {
      await qc.invalidateQueries({ queryKey: [...KEY] });
      onDone?.(r);
    },
  });
}

/** GET /kpis: the KPI cards of a view. */
export function useKpis(q: PeriodQuery) {
  return useQuery({ queryKey: [...KEY, 'kpis', q], queryFn: () => get<KpisAnswer>('/kpis', periodParams(q)), placeholderData: keepPreviousData });
}

/** GET /kpis/trend between two dates (inclusive) at a grain; `enabled` false waits. */
export function useTrend(node: string, from: string | undefined, to: string | undefined, grain: 'day' | 'week' | 'month', enabled = true) {
  return useQuery({
    queryKey: [...KEY, 'trend', node, from, to, grain],
    queryFn: () => get<TrendAnswer>('/kpis/trend', { node, from, to, grain }),
    enabled: enabled && !!from && !!to,
    placeholderData: keepPreviousData,
  });
}

/** GET /league: stores under the view's node ranked by `kpi`. */
export function useLeague(q: PeriodQuery, kpi: string, order: 'asc' | 'desc') {
  return useQuery({ queryKey: [...KEY, 'league', q, kpi, order], queryFn: () => get<LeagueAnswer>('/league', { ...periodParams(q), kpi, order }), placeholderData: keepPreviousData });
}

/** GET /category-mix of the view. */
export function useCategoryMix(q: PeriodQuery) {
  return useQuery({ queryKey: [...KEY, 'mix', q], queryFn: () => get<CategoryMixAnswer>('/category-mix', periodParams(q)), placeholderData: keepPreviousData });
}

/** GET /consolidation of the view: the tree under its node with subtotals. */
export function useConsolidation(q: PeriodQuery) {
  return useQuery({ queryKey: [...KEY, 'consolidation', q], queryFn: () => get<ConsolidationAnswer>('/consolidation', periodParams(q)), placeholderData: keepPreviousData });
}

/** GET /drilldown for one store: its categories, or the products of `category`. */
export function useDrilldown(q: PeriodQuery, store: string, category?: string) {
  return useQuery({
    queryKey: [...KEY, 'drilldown', q, store, category ?? null],
    queryFn: () => get<DrilldownAnswer>('/drilldown', { ...periodParams({ ...q, node: store }), category }),
  });
}

/** GET /settings (fiscal year start, reporting currency, synthetic-data flag). */
export function useSettings() {
  return useQuery({ queryKey: [...KEY, 'settings'], queryFn: () => get<Settings>('/settings'), staleTime: 5 * 60_000 });
}

/** GET /regions: every region the user can see (the company root included). */
export function useRegions() {
  return useQuery({ queryKey: [...KEY, 'regions'], queryFn: async () => rows<Region>(await get('/regions')) });
}

/** Every page of GET /stores (100 a page, the route's maximum) with optional filters (`q` text, `regionId` subtree, `kind`). */
async function allStores(filters: Record<string, string>): Promise<Store[]> {
  const out: Store[] = [];
  for (let page = 1; page <= 200; page++) {
    const answer = await get<{ data?: Store[]; pagination?: { total: number } } | Store[]>('/stores', { ...filters, page, limit: 100 });
    const data = rows<Store>(answer);
    out.push(...data);
    const total = Array.isArray(answer) ? data.length : (answer.pagination?.total ?? data.length);
    if (data.length < 100 || out.length >= total) break;
  }
  return out;
}

/** GET /stores (every page) with optional filters (`q` text, `regionId` subtree, `kind`). */
export function useStores(filters: { q?: string; regionId?: string; kind?: string } = {}) {
  return useQuery({ queryKey: [...KEY, 'stores', filters], queryFn: () => allStores(filters), placeholderData: keepPreviousData });
}

/** POST /regions. @throws ApiError (e.g. a duplicate code). */
export function createRegion(body: { code: string; name: string; parentId: string }) {
  return send<Region>('POST', '/regions', body);
}

/** PATCH /regions/{id}: rename or move (`parentId`). @throws ApiError, e.g. a move under its own subtree. */
export function updateRegion(id: string, body: { name?: string; code?: string; parentId?: string }) {
  return send<Region>('PATCH', `/regions/${encodeURIComponent(id)}`, body);
}

/** POST /stores. */
export function createStore(body: StoreInput) {
  return send<Store>('POST', '/stores', body);
}

/** PATCH /stores/{id} (a new `regionId` moves the store and records the move). */
export function updateStore(id: string, body: Partial<StoreInput>) {
  return send<Store>('PATCH', `/stores/${encodeURIComponent(id)}`, body);
}

/** GET /targets/summary: set target, stores' sum and gap of a node for a fiscal year. */
export function useTargetSummary(node: string, year: number, metric: string) {
  return useQuery({ queryKey: [...KEY, 'targets', 'summary', node, year, metric], queryFn: () => get<TargetSummary>('/targets/summary', { node, year, metric }) });
}

/** PUT /targets: sets (replaces) the target of a node, fiscal year, metric (and category). @throws ApiError 409 ANALYTICS.TARGET_PHASING_INVALID (percentages not summing to 100), 409 ANALYTICS.NO_LAST_YEAR_SALES. */
export function putTarget(body: TargetInput) {
  return send<unknown>('PUT', '/targets', body);
}

function upload<T>(path: string, file: File, fields: Record<string, string> = {}, query: Record<string, unknown> = {}): Promise<T> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', file);
  return ok(raw.POST(BASE + path, { params: { query }, body: form })) as Promise<T>;
}

/** POST /stores/import: a stores CSV → validation report (`createMissingRegions`: create unknown region codes). */
export function importStores(file: File, createMissingRegions = false) {
  return upload<ImportReport>('/stores/import', file, {}, { createMissingRegions });
}

/** POST /targets/import: a targets CSV (store code, year or month, amount) → report. */
export function importTargets(file: File) {
  return upload<ImportReport>('/targets/import', file);
}

/** POST /imports/preview: the CSV's columns and first rows. */
export function previewSales(file: File) {
  return upload<ImportPreview>('/imports/preview', file);
}

/** POST /imports: runs a sales import with a mapping (sent as the `mapping` JSON field) → report. */
export function importSales(file: File, mapping: SalesMapping, createMissing: boolean) {
  return upload<ImportReport>('/imports', file, { mapping: JSON.stringify(mapping), createMissing: String(createMissing) });
}
