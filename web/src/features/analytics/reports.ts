/**
 * The reports API (`/api/admin/analytics/reports…`): the registry, a page of a run, exports (a
 * file at once, or a job followed until its signed link is ready) and scheduled subscriptions,
 * through the app's typed client.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ok, type Body, type Query } from '../../lib/api';
import type { paths } from '../../lib/api-schema';
import { downloadFile } from '../admin/list';

/** A predefined report as the registry lists it. */
export type ReportInfo = paths['/api/admin/analytics/reports']['get']['responses'][200]['content']['application/json']['data'][number];
/** An export job. */
export type ExportJob = paths['/api/admin/analytics/reports/exports/{id}']['get']['responses'][200]['content']['application/json'];
/** The filters of a run or an export. */
export type ReportFilters = Omit<Query<'/api/admin/analytics/reports/{id}'>, 'page' | 'limit'>;

const KEY = ['admin', 'analytics', 'reports'] as const;

/** GET /reports: the registry. */
export function useReports() {
  return useQuery({ queryKey: [...KEY, 'list'], queryFn: () => ok(api.GET('/api/admin/analytics/reports')) });
}

/** GET /reports/{id}: one page of a run (`enabled` false waits for a report). */
export function useReportPage(id: string | null, filters: ReportFilters, page: number) {
  return useQuery({
    queryKey: [...KEY, 'run', id, filters, page],
    queryFn: () => ok(api.GET('/api/admin/analytics/reports/{id}', { params: { path: { id: id ?? '' }, query: { ...filters, page, limit: 20 } } })),
    enabled: !!id,
    placeholderData: keepPreviousData,
  });
}

/**
 * Exports a run: saves the file when the server answers it at once, else resolves with the
 * export job (202) to follow with {@link useExportJob}.
 * @throws ApiError when the answer is a problem.
 */
export async function exportReport(id: string, filters: ReportFilters, format: 'csv' | 'xlsx', lang: 'en' | 'fr'): Promise<ExportJob | null> {
  const call = api.GET('/api/admin/analytics/reports/{id}/export', { params: { path: { id }, query: { ...filters, format, lang } }, parseAs: 'blob' });
  const answer = await call;
  if (answer.response.status === 202) return JSON.parse(await (answer.data as unknown as Blob).text()) as ExportJob;
  await downloadFile(Promise.resolve(answer as { data?: Blob; error?: unknown; response: Response }), `${id}.${format}`);
  return null;
}

/** GET /reports/exports/{id}, polled every second until the job is done or failed. */
export function useExportJob(id: string | null) {
  return useQuery({
    queryKey: [...KEY, 'export', id],
    queryFn: () => ok(api.GET('/api/admin/analytics/reports/exports/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: !!id,
    refetchInterval: (q) => (q.state.data && ['done', 'failed'].includes(q.state.data.status) ? false : 1000),
  });
}

/** GET /reports/subscriptions: the caller's scheduled reports. */
export function useSubscriptions() {
  return useQuery({ queryKey: [...KEY, 'subscriptions'], queryFn: () => ok(api.GET('/api/admin/analytics/reports/subscriptions')) });
}

/** POST …/report-subscriptions/{id}/unsubscribe: ends a subscription with its mailed link's signature (no sign-in). */
export function useUnsubscribeByLink() {
  return useMutation({
    mutationFn: ({ id, signature }: { id: string; signature: string }) => ok(api.POST('/api/analytics/report-subscriptions/{id}/unsubscribe', { params: { path: { id } }, body: { signature } })),
  });
}

/** POST /reports/subscriptions and DELETE /reports/subscriptions/{id}, refreshing the list. */
export function useSubscriptionWrites() {
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: [...KEY, 'subscriptions'] });
  return {
    subscribe: useMutation({ mutationFn: (body: Body<'/api/admin/analytics/reports/subscriptions', 'post'>) => ok(api.POST('/api/admin/analytics/reports/subscriptions', { body })), onSuccess: refresh }),
    unsubscribe: useMutation({ mutationFn: (id: string) => ok(api.DELETE('/api/admin/analytics/reports/subscriptions/{id}', { params: { path: { id } } })), onSuccess: refresh }),
  };
}
