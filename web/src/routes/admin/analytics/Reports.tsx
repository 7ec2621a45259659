/**
 * /admin/analytics/reports: the predefined reports, their filters (the view's node and period in
 * the URL, a category, saved scenarios), a preview table one page at a time, CSV and XLSX export
 * buttons (a large export is followed as a job until its download link is ready), and the
 * signed-in user's scheduled reports (subscribe, unsubscribe).
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Alert, Button, EmptyState, Field, Pagination, SelectField, TableScroll } from '../../../ui';
import { PageTitle, QueryState, RequirePermission } from '../../../features/admin/components';
import { useCan } from '../../../features/admin/auth';
import { AnalyticsTabs, CategoryPicker, ViewPickers } from '../../../features/analytics/components';
import { count, day, money, percent } from '../../../features/analytics/format';
import { exportReport, useExportJob, useReportPage, useReports, useSubscriptions, useSubscriptionWrites, type ExportJob, type ReportFilters, type ReportInfo } from '../../../features/analytics/reports';
import { useView } from '../../../features/analytics/view';

type Lang = 'en' | 'fr';

/** A cell formatted by its column type. */
function cell(value: string | number | null | undefined, column: ReportInfo['columns'][number], row: Record<string, string | number | null>, currency: string, lang: string): string {
  if (value === null || value === undefined) return '—';
  switch (column.type) {
    case 'money': return money(Number(value), column.currencyKey ? String(row[column.currencyKey] ?? currency) : currency, lang);
    case 'percent': return percent(Number(value), lang);
    case 'integer':
    case 'decimal': return count(Number(value), lang);
    case 'date': return day(String(value), lang);
    default: return String(value);
  }
}

function ExportProgress({ job }: { job: ExportJob }) {
  const { t } = useTranslation();
  const followed = useExportJob(job.id);
  const now = followed.data ?? job;
  return (
    <div className="stack" role="status">
      {now.status === 'done' && now.download ? (
        <p>{t('analytics.reports.ready', { file: now.fileName })} <a href={now.download.url}>{t('analytics.reports.download')}</a></p>
      ) : now.status === 'failed' ? <Alert>{now.error ?? t('analytics.reports.failed')}</Alert> : (
        <label>
          {t('analytics.reports.progress', { done: now.rowsDone, total: now.rowsTotal ?? '?' })}
          <progress max={now.rowsTotal ?? undefined} value={now.rowsDone} style={{ display: 'block', width: '100%' }} />
        </label>
      )}
      {now.notice ? <p className="muted">{now.notice}</p> : null}
    </div>
  );
}

function Subscriptions({ report, filters }: { report: ReportInfo; filters: ReportFilters }) {
  const { t, i18n } = useTranslation();
  const list = useSubscriptions();
  const { subscribe, unsubscribe } = useSubscriptionWrites();
  const [frequency, setFrequency] = useState<'weekly' | 'monthly'>('monthly');
  const [format, setFormat] = useState<'csv' | 'xlsx'>('xlsx');
  const [locale, setLocale] = useState<Lang>(i18n.language.startsWith('fr') ? 'fr' : 'en');
  const lang = i18n.language.startsWith('fr') ? 'fr' : 'en';
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    subscribe.mutate({ report: report.id, frequency, format, locale, ...(filters.node ? { node: filters.node } : {}), ...(filters.category ? { category: filters.category } : {}) });
  };
  const reports = useReports();
  const title = (id: string) => (reports.data?.data ?? []).find((r) => r.id === id)?.title[lang] ?? id;
  return (
    <section className="card stack" aria-labelledby="rp-subs">
      <h2 id="rp-subs">{t('analytics.reports.subscriptions')}</h2>
      <form className="row" onSubmit={onSubmit} aria-label={t('analytics.reports.subscribe')}>
        <SelectField label={t('analytics.reports.frequency')} value={frequency} onChange={(e) => setFrequency(e.target.value as 'weekly' | 'monthly')}>
          <option value="weekly">{t('analytics.reports.weekly')}</option>
          <option value="monthly">{t('analytics.reports.monthly')}</option>
        </SelectField>
        <SelectField label={t('analytics.reports.format')} value={format} onChange={(e) => setFormat(e.target.value as 'csv' | 'xlsx')}>
          <option value="xlsx">XLSX</option>
          <option value="csv">CSV</option>
        </SelectField>
        <SelectField label={t('analytics.reports.language')} value={locale} onChange={(e) => setLocale(e.target.value as Lang)}>
          <option value="en">English</option>
          <option value="fr">Français</option>
        </SelectField>
        <Button type="submit" disabled={subscribe.isPending}>{t('analytics.reports.subscribeTo', { report: report.title[lang] })}</Button>
      </form>
      {subscribe.error ? <Alert>{subscribe.error.message}</Alert> : null}
      <QueryState query={list}>
        {(list.data?.data ?? []).length === 0 ? <EmptyState>{t('analytics.reports.noSubscriptions')}</EmptyState> : (
          <TableScroll>
            <table className="table">
              <caption className="sr-only">{t('analytics.reports.subscriptions')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('analytics.reports.report')}</th>
                  <th scope="col">{t('analytics.reports.frequency')}</th>
                  <th scope="col">{t('analytics.reports.format')}</th>
                  <th scope="col">{t('analytics.reports.nextRun')}</th>
                  <th scope="col"><span className="sr-only">{t('analytics.reports.unsubscribe')}</span></th>
                </tr>
              </thead>
              <tbody>
                {(list.data?.data ?? []).map((s) => (
                  <tr key={s.id}>
                    <th scope="row">{title(s.report)}</th>
                    <td>{t(`analytics.reports.${s.frequency === 'weekly' ? 'weekly' : 'monthly'}`)}</td>
                    <td>{s.format.toUpperCase()} · {s.locale.toUpperCase()}</td>
                    <td>{day(s.nextRunAt.slice(0, 10), i18n.language)}</td>
                    <td><Button variant="secondary" className="btn-small" onClick={() => unsubscribe.mutate(s.id)} disabled={unsubscribe.isPending}>{t('analytics.reports.unsubscribe')}</Button></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </QueryState>
    </section>
  );
}

function ReportsPage() {
  const { t, i18n } = useTranslation();
  const lang: Lang = i18n.language.startsWith('fr') ? 'fr' : 'en';
  const can = useCan();
  const [view, set] = useView();
  const [params, setParams] = useSearchParams();
  const reports = useReports();
  const all = reports.data?.data ?? [];
  const report = all.find((r) => r.id === params.get('report')) ?? all[0] ?? null;
  const [category, setCategory] = useState(params.get('category') ?? '');
  const [scenarios, setScenarios] = useState('');
  const [page, setPage] = useState(1);
  const filters: ReportFilters = {
    ...(report?.filters.includes('node') ? { node: view.node } : {}),
    ...(report?.filters.includes('period') ? (view.period === 'custom' ? { period: view.period, from: view.from, to: view.to } : { period: view.period, date: view.date }) : {}),
    ...(report?.filters.includes('category') && category.trim() ? { category: category.trim() } : {}),
    ...(report?.filters.includes('scenarios') && scenarios.trim() ? { scenarios: scenarios.replace(/\s+/g, '') } : {}),
  };
  const run = useReportPage(report?.id ?? null, filters, page);
  const [job, setJob] = useState<ExportJob | null>(null);
  const [exporting, setExporting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const doExport = async (format: 'csv' | 'xlsx') => {
    if (!report) return;
    setExporting(true);
    setError(null);
    setJob(null);
    try {
      setJob(await exportReport(report.id, filters, format, lang));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setExporting(false);
    }
  };
  const pick = (id: string) => {
    const next = new URLSearchParams(params);
    next.set('report', id);
    setParams(next);
    setPage(1);
    setJob(null);
  };
  const currency = run.data?.currency ?? 'GBP';
  return (
    <>
      <PageTitle>{t('analytics.reports.title')}</PageTitle>
      <AnalyticsTabs view={view} />
      <QueryState query={reports}>
        {report ? (
          <>
            <form className="an-toolbar card" aria-label={t('analytics.reports.filters')} onSubmit={(e) => e.preventDefault()}>
              <SelectField label={t('analytics.reports.report')} value={report.id} onChange={(e) => pick(e.target.value)}>
                {all.map((r) => <option key={r.id} value={r.id}>{r.title[lang]}</option>)}
              </SelectField>
              {report.filters.includes('category') ? <CategoryPicker view={view} label={t('analytics.reports.category')} value={category || undefined} onChange={(c) => { setCategory(c ?? ''); setPage(1); }} /> : null}
              {report.filters.includes('scenarios') ? <Field label={t('analytics.reports.scenarios')} hint={t('analytics.reports.scenariosHint')} value={scenarios} onChange={(e) => setScenarios(e.target.value)} /> : null}
            </form>
            {report.filters.includes('node') || report.filters.includes('period') ? <ViewPickers view={view} set={(c, r) => { set(c, r); setPage(1); }} compare={false} /> : null}
            <div className="row">
              <Button onClick={() => void doExport('xlsx')} disabled={exporting}>{t('analytics.reports.exportXlsx')}</Button>
              <Button variant="secondary" onClick={() => void doExport('csv')} disabled={exporting}>{t('analytics.reports.exportCsv')}</Button>
            </div>
            {error ? <Alert>{error}</Alert> : null}
            {job ? <ExportProgress job={job} /> : null}
            <QueryState query={run}>
              {run.data ? (
                <section className="stack" aria-labelledby="rp-preview">
                  <h2 id="rp-preview">{t('analytics.reports.preview', { report: report.title[lang], label: report.filters.includes('period') ? run.data.period.label : '' })}</h2>
                  {run.data.data.length === 0 ? <EmptyState>{t('analytics.empty')}</EmptyState> : (
                    <TableScroll className="an-scroll">
                      <table className="table">
                        <caption className="sr-only">{report.title[lang]}</caption>
                        <thead>
                          <tr>{run.data.columns.map((c) => <th key={c.key} scope="col" className={c.type === 'text' || c.type === 'date' ? '' : 'num'}>{c.title[lang]}</th>)}</tr>
                        </thead>
                        <tbody>
                          {run.data.data.map((row, i) => (
                            <tr key={i}>
                              {run.data.columns.map((c) => <td key={c.key} className={c.type === 'text' || c.type === 'date' ? '' : 'num'}>{cell(row[c.key], c, row, currency, i18n.language)}</td>)}
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </TableScroll>
                  )}
                  <Pagination page={run.data.pagination.page} limit={run.data.pagination.limit} total={run.data.pagination.total} area="admin" onPage={setPage} />
                </section>
              ) : null}
            </QueryState>
            {can('analytics:write') ? <Subscriptions report={report} filters={filters} /> : null}
          </>
        ) : <EmptyState>{t('analytics.empty')}</EmptyState>}
      </QueryState>
    </>
  );
}

/** The /admin/analytics/reports page (needs `analytics:read`; subscriptions `analytics:write`). */
export default function AnalyticsReports() {
  return <RequirePermission permission="analytics:read"><ReportsPage /></RequirePermission>;
}
