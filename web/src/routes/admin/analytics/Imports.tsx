/**
 * /admin/analytics/imports: a sales CSV from any till system in three steps. Upload → the API
 * previews its columns and first rows (/imports/preview); map each field to a column (store, date,
 * SKU, quantity, unit price or line amount, unit cost or line cost, category, customer, receipt),
 * pick the date format and currency, and whether to create missing stores/regions/products; run
 * (/imports) → the report with rejected rows (line numbers and reasons). Needs `analytics:write`.
 */
import { useId, useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Field, SelectField, TableScroll } from '../../../ui';
import { ErrorMessage, PageTitle, RequirePermission } from '../../../features/admin/components';
import { importSales, previewSales, useSettings, useWrite } from '../../../features/analytics/api';
import { AnalyticsTabs, ImportReportView } from '../../../features/analytics/components';
import { MAPPING_FIELDS, type ImportPreview, type MappingField, type SalesDateFormat, type SalesMapping } from '../../../features/analytics/types';

/** Fields that must be mapped (plus one of unitPrice / lineAmount). */
const REQUIRED: MappingField[] = ['store', 'date', 'sku', 'quantity'];
/** Column-name fragments that suggest a field (matched case-insensitively, first wins). */
const GUESS: Record<MappingField, RegExp> = {
  store: /^(store|shop|magasin|boutique)|store.?(number|code|id)/i,
  date: /^(date|day|sold|invoicedate)/i,
  sku: /^(sku|item.?(number|code)|stockcode|product.?(code|id)|ref)/i,
  quantity: /^(qty|quantity|quantit|bottles.?sold|units)/i,
  unitPrice: /(unit.?price|retail|price|prix)/i,
  lineAmount: /(sale.?\(dollars\)|line.?amount|amount|total|montant)/i,
  unitCost: /(unit.?cost|cost|co[uû]t)/i,
  lineCost: /(line.?cost)/i,
  category: /(category|famille|cat[eé]gorie)/i,
  customer: /(customer|client)/i,
  receipt: /(receipt|invoice|ticket|order)/i,
  storeName: /^(store|shop|magasin).?name/i,
  city: /^(city|ville|town)/i,
  region: /^(region|r[eé]gion|county)/i,
  productName: /(item.?description|product.?name|libell[eé]|designation|description)/i,
};

function guess(columns: string[]): Partial<Record<MappingField, string>> {
  const out: Partial<Record<MappingField, string>> = {};
  const used = new Set<string>();
  for (const field of MAPPING_FIELDS) {
    const hit = columns.find((c) => !used.has(c) && GUESS[field].test(c.trim()));
    if (hit) {
      out[field] = hit;
      used.add(hit);
    }
  }
  if (out.unitPrice && out.lineAmount) delete out.lineAmount;
  if (out.unitCost && out.lineCost) delete out.lineCost;
  return out;
}

function MappingForm({ file, preview, defaultCurrency }: { file: File; preview: ImportPreview; defaultCurrency: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [columns, setColumns] = useState(() => guess(preview.columns));
  const [dateFormat, setDateFormat] = useState<SalesDateFormat | ''>('');
  const [currency, setCurrency] = useState(defaultCurrency);
  const [timeZone, setTimeZone] = useState(() => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
  const [country, setCountry] = useState('');
  const [createMissing, setCreateMissing] = useState(false);
  const run = useWrite((m: SalesMapping) => importSales(file, m, createMissing));
  const missing = REQUIRED.filter((f) => !columns[f]);
  const needAmount = !columns.unitPrice && !columns.lineAmount;
  const both = (!!columns.unitPrice && !!columns.lineAmount) || (!!columns.unitCost && !!columns.lineCost);
  const valid = missing.length === 0 && !needAmount && !both && /^[A-Za-z]{3}$/.test(currency.trim()) && !!timeZone.trim() && (!country.trim() || /^[A-Za-z]{2}$/.test(country.trim()));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!valid) return;
    const mapping: SalesMapping = { columns, currency: currency.trim().toUpperCase(), timeZone: timeZone.trim() };
    if (dateFormat) mapping.dateFormat = dateFormat;
    if (country.trim()) mapping.country = country.trim().toUpperCase();
    run.mutate(mapping);
  };
  return (
    <>
      <section className="card stack" aria-labelledby={`${id}-preview`}>
        <h2 id={`${id}-preview`}>{t('analytics.imports.preview', { file: file.name })}</h2>
        <TableScroll className="an-scroll">
          <table className="table">
            <caption className="sr-only">{t('analytics.imports.previewCaption', { count: preview.rows.length })}</caption>
            <thead><tr>{preview.columns.map((c, i) => <th key={i} scope="col">{c}</th>)}</tr></thead>
            <tbody>{preview.rows.map((r, i) => <tr key={i}>{preview.columns.map((_, j) => <td key={j}>{r[j] ?? ''}</td>)}</tr>)}</tbody>
          </table>
        </TableScroll>
      </section>
      <form className="card stack" onSubmit={submit} aria-labelledby={`${id}-mapping`}>
        <h2 id={`${id}-mapping`}>{t('analytics.imports.mapping')}</h2>
        <p className="muted" style={{ margin: 0 }}>{t('analytics.imports.mappingHelp')}</p>
        <div className="form-grid">
          {MAPPING_FIELDS.map((f) => (
            <SelectField
              key={f}
              label={t(`analytics.imports.fields.${f}`) + (REQUIRED.includes(f) ? ' *' : '')}
              value={columns[f] ?? ''}
              onChange={(e) => setColumns({ ...columns, [f]: e.target.value || undefined })}
            >
              <option value="">{t('analytics.imports.notMapped')}</option>
              {preview.columns.map((c) => <option key={c} value={c}>{c}</option>)}
            </SelectField>
          ))}
          <SelectField label={t('analytics.imports.dateFormat')} value={dateFormat} onChange={(e) => setDateFormat(e.target.value as SalesDateFormat | '')}>
            <option value="">{t('analytics.imports.dateFormats.detect')}</option>
            {(['iso', 'day-first', 'month-first'] as const).map((d) => <option key={d} value={d}>{t(`analytics.imports.dateFormats.${d}`)}</option>)}
          </SelectField>
          <Field label={t('analytics.imports.currency')} required maxLength={3} value={currency} onChange={(e) => setCurrency(e.target.value)} />
          <Field label={t('analytics.imports.timeZone')} required value={timeZone} onChange={(e) => setTimeZone(e.target.value)} />
          <Field label={t('analytics.imports.country')} maxLength={2} value={country} onChange={(e) => setCountry(e.target.value)} />
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={createMissing} onChange={(e) => setCreateMissing(e.target.checked)} />
          {t('analytics.imports.createMissing')}
        </label>
        {missing.length || needAmount || both ? (
          <p className="an-invalid" role="status" style={{ margin: 0 }}>
            {[
              ...missing.map((f) => t('analytics.imports.missing', { field: t(`analytics.imports.fields.${f}`) })),
              ...(needAmount ? [t('analytics.imports.needAmount')] : []),
              ...(both ? [t('analytics.imports.oneOf')] : []),
            ].join(' ')}
          </p>
        ) : null}
        <div><Button type="submit" disabled={!valid || run.isPending}>{run.isPending ? t('analytics.imports.running') : t('analytics.imports.run')}</Button></div>
        <ErrorMessage error={run.error} />
      </form>
      {run.data ? <><Alert kind="success">{t('analytics.imports.done')}</Alert><ImportReportView report={run.data} /></> : null}
    </>
  );
}

function ImportsPage() {
  const { t } = useTranslation();
  const id = useId();
  const settings = useSettings();
  const [file, setFile] = useState<File | null>(null);
  const preview = useMutation({ mutationFn: previewSales });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file) preview.mutate(file);
  };
  return (
    <>
      <PageTitle>{t('analytics.imports.title')}</PageTitle>
      <AnalyticsTabs />
      <form className="card stack" onSubmit={submit} aria-labelledby={`${id}-upload`}>
        <h2 id={`${id}-upload`}>{t('analytics.imports.step1')}</h2>
        <p className="muted" style={{ margin: 0 }}>{t('analytics.imports.help')}</p>
        <div className="toolbar">
          <div className="field">
            <label htmlFor={`${id}-file`}>{t('analytics.imports.file')}</label>
            <input id={`${id}-file`} type="file" accept=".csv,text/csv" onChange={(e) => { setFile(e.target.files?.[0] ?? null); preview.reset(); }} />
          </div>
          <Button type="submit" disabled={!file || preview.isPending}>{t('analytics.imports.previewButton')}</Button>
        </div>
        <ErrorMessage error={preview.error} />
      </form>
      {file && preview.data ? <MappingForm key={`${file.name}-${file.size}-${file.lastModified}`} file={file} preview={preview.data} defaultCurrency={settings.data?.reportingCurrency ?? 'EUR'} /> : null}
    </>
  );
}

/** The /admin/analytics/imports page (needs `analytics:write`). */
export default function AnalyticsImports() {
  return <RequirePermission permission="analytics:write"><ImportsPage /></RequirePermission>;
}
