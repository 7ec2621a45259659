/** Online Retail CSV imports: upload, progress (polled every second while queued or running), report with rejected rows. */
import { useId, useState, type FormEvent } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiError } from '../../lib/api';
import { formatDateTime, formatNumber } from '../../lib/format';
import { Badge, Button, EmptyState, Field, SelectField } from '../../ui';
import { useCan } from '../../features/admin/auth';
import { ErrorMessage, PageTitle, QueryState, RequirePermission } from '../../features/admin/components';
import { DataTable, type Column } from '../../features/admin/DataTable';
import { getImport, listImports, startImport, type ImportJob, type ImportOptions } from '../../features/imports/api';

const running = (job: ImportJob | undefined) => job?.status === 'queued' || job?.status === 'running';

function StatusBadge({ status }: { status: ImportJob['status'] }) {
  const { t } = useTranslation();
  return <Badge tone={status === 'succeeded' ? 'success' : status === 'failed' || status === 'refused' ? 'danger' : 'warning'}>{t(`admin.importStatus.${status}`)}</Badge>;
}

function UploadForm({ onQueued }: { onQueued: (job: ImportJob) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const fileId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [dateFormat, setDateFormat] = useState('');
  const [openingStock, setOpeningStock] = useState('');
  const upload = useMutation({
    mutationFn: (f: File) =>
      startImport(f, {
        ...(dateFormat ? { dateFormat: dateFormat as ImportOptions['dateFormat'] } : {}),
        ...(openingStock.trim() ? { openingStock: Number(openingStock.trim()) } : {}),
      }),
    onSuccess: async (job) => {
      await qc.invalidateQueries({ queryKey: ['admin', 'imports', 'list'] });
      onQueued(job);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file) upload.mutate(file);
  };
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="upload-title">
      <h2 id="upload-title">{t('admin.imports.upload')}</h2>
      <div className="toolbar">
        <div className="field">
          <label htmlFor={fileId}>{t('admin.imports.file')}</label>
          <input id={fileId} type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </div>
        <SelectField label={t('admin.imports.dateFormat')} value={dateFormat} onChange={(e) => setDateFormat(e.target.value)}>
          <option value="">{t('admin.imports.detect')}</option>
          <option value="dmy">{t('admin.imports.dmy')}</option>
          <option value="mdy">{t('admin.imports.mdy')}</option>
          <option value="ymd">{t('admin.imports.ymd')}</option>
        </SelectField>
        <Field label={t('admin.imports.openingStock')} type="number" min={0} value={openingStock} onChange={(e) => setOpeningStock(e.target.value)} />
        <Button type="submit" disabled={!file || upload.isPending}>{t('admin.imports.start')}</Button>
      </div>
      <ErrorMessage error={upload.error} />
    </form>
  );
}

function JobDetail({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const query = useQuery({
    queryKey: ['admin', 'imports', 'one', id],
    queryFn: async () => {
      const job = await getImport(id);
      if (!running(job)) void qc.invalidateQueries({ queryKey: ['admin', 'imports', 'list'] });
      return job;
    },
    refetchInterval: (q) => (running(q.state.data) ? 1000 : false),
  });
  const job = query.data;
  const n = (x: number) => formatNumber(x, i18n.language);
  return (
    <section className="card stack" aria-labelledby="job-title">
      <QueryState query={query}>
        {job ? (
          <>
            <div className="row" style={{ justifyContent: 'space-between' }}>
              <h2 id="job-title">{t('admin.imports.job', { file: job.filename })}</h2>
              <StatusBadge status={job.status} />
            </div>
            {running(job) ? (
              <div className="stack" style={{ gap: 4 }}>
                <label htmlFor="import-progress">{t('admin.imports.progress', { phase: job.progress.phase, rows: n(job.progress.rows) })}</label>
                <progress id="import-progress" max={job.progress.total ?? undefined} value={job.progress.total ? job.progress.rows : undefined} style={{ width: '100%' }} />
              </div>
            ) : null}
            {job.error ? <ErrorMessage error={new ApiError(0, job.error.code, job.error.detail, {})} /> : null}
            {job.error ? <p className="muted">{job.error.detail}</p> : null}
            {job.report ? (
              <>
                <dl className="stats">
                  <div className="stat"><dt>{t('admin.imports.read')}</dt><dd>{n(job.report.counts.read)}</dd></div>
                  <div className="stat"><dt>{t('admin.imports.imported')}</dt><dd>{n(job.report.counts.imported)}</dd></div>
                  <div className="stat"><dt>{t('admin.imports.rejected')}</dt><dd>{n(job.report.counts.rejected)}</dd></div>
                  <div className="stat"><dt>{t('admin.imports.products')}</dt><dd>{n(job.report.created.products)}</dd></div>
                  <div className="stat"><dt>{t('admin.imports.customers')}</dt><dd>{n(job.report.created.customers)}</dd></div>
                  <div className="stat"><dt>{t('admin.imports.orders')}</dt><dd>{n(job.report.created.orders)}</dd></div>
                  <div className="stat"><dt>{t('admin.imports.returns')}</dt><dd>{n(job.report.created.returns)}</dd></div>
                </dl>
                <dl className="meta">
                  <dt>{t('admin.imports.dateFormat')}</dt>
                  <dd>{t(`admin.imports.${job.report.dateFormat}`)}{job.report.dateFormatDetected ? ` (${t('admin.imports.detected')})` : ''}</dd>
                  {job.report.period ? <><dt>{t('admin.imports.period')}</dt><dd>{formatDateTime(job.report.period.first, i18n.language)} → {formatDateTime(job.report.period.last, i18n.language)}</dd></> : null}
                  <dt>{t('admin.imports.duration')}</dt><dd>{t('admin.imports.seconds', { value: formatNumber(Math.round(job.report.durationMs / 100) / 10, i18n.language) })}</dd>
                </dl>
                <h3>{t('admin.imports.rejectedRows')}</h3>
                {job.report.rejected.length === 0 ? <EmptyState>{t('admin.imports.noRejected')}</EmptyState> : (
                  <table className="table">
                    <thead><tr><th scope="col" className="num">{t('admin.imports.line')}</th><th scope="col">{t('admin.imports.reason')}</th></tr></thead>
                    <tbody>
                      {job.report.rejected.map((r, i) => <tr key={`${r.line}-${i}`}><td className="num">{n(r.line)}</td><td>{r.reason}</td></tr>)}
                    </tbody>
                  </table>
                )}
              </>
            ) : null}
          </>
        ) : null}
      </QueryState>
    </section>
  );
}

function ImportsPage() {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const selected = params.get('job');
  const [page, setPage] = useState(1);
  const list = useQuery({ queryKey: ['admin', 'imports', 'list', page], queryFn: () => listImports(page), placeholderData: keepPreviousData });
  const select = (id: string) => setParams({ job: id });
  const columns: Column<ImportJob>[] = [
    { header: t('admin.imports.file'), cell: (job) => job.filename },
    { header: t('admin.imports.status'), cell: (job) => <StatusBadge status={job.status} /> },
    { header: t('admin.imports.createdAt'), className: 'hide-mobile', cell: (job) => formatDateTime(job.createdAt, i18n.language) },
    {
      header: <span className="sr-only">{t('admin.actions')}</span>,
      cell: (job) => <Button variant="secondary" className="btn-small" aria-pressed={selected === job.id} onClick={() => select(job.id)}>{t('admin.imports.viewReport')}<span className="sr-only"> {job.filename}</span></Button>,
    },
  ];
  return (
    <>
      <PageTitle>{t('admin.imports.title')}</PageTitle>
      {can('imports:write') ? <UploadForm onQueued={(job) => select(job.id)} /> : null}
      {selected ? <JobDetail key={selected} id={selected} /> : null}
      <section className="stack" aria-labelledby="jobs-title">
        <h2 id="jobs-title">{t('admin.imports.history')}</h2>
        <DataTable query={list} columns={columns} rowKey={(job) => job.id} empty={t('admin.imports.none')} onPage={setPage} />
      </section>
    </>
  );
}

/** The /admin/imports page. */
export default function Imports() {
  return <RequirePermission permission="imports:read"><ImportsPage /></RequirePermission>;
}
