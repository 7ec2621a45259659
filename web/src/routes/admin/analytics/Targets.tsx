/**
 * /admin/analytics/targets: for a node, fiscal year and metric (in the URL), the target set at the
 * node, the bottom-up sum of its stores' targets and the gap (/targets/summary); a form to set the
 * target with its monthly phasing (even, last year's seasonality, or 12 percentages that must sum
 * to 100, checked as they are typed); the targets CSV import with its report.
 */
import { useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Alert, Button, Field, SelectField, TableScroll } from '../../../ui';
import { useCan } from '../../../features/admin/auth';
import { fromMinor, toMinor } from '../../../features/admin/format';
import { ErrorMessage, PageTitle, QueryState, RequirePermission } from '../../../features/admin/components';
import { importTargets, putTarget, useRegions, useSettings, useTargetSummary, useWrite } from '../../../features/analytics/api';
import { AnalyticsTabs, NodePicker } from '../../../features/analytics/components';
import { CsvImport } from '../../../features/analytics/CsvImport';
import { count, money, NONE } from '../../../features/analytics/format';
import type { Phasing, TargetMetric, TargetSummary } from '../../../features/analytics/types';

const METRICS: TargetMetric[] = ['revenue', 'gross_margin', 'units'];

/** Names of the 12 fiscal months, starting at `startMonth` (1–12), in the UI language. */
function fiscalMonths(startMonth: number, locale: string): string[] {
  const f = new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { month: 'long', timeZone: 'UTC' });
  return Array.from({ length: 12 }, (_, i) => f.format(new Date(Date.UTC(2001, (startMonth - 1 + i) % 12, 1))));
}

/** `YYYY-MM` → "March 2026" in the UI language. */
function monthName(month: string, locale: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y!, m! - 1, 1)));
}

/** "8,33" or "8.33" → 8.33; NaN when not a number. */
const parsePercent = (s: string) => (s.trim() === '' ? NaN : Number(s.trim().replace(',', '.')));

function Summary({ summary, metric }: { summary: TargetSummary; metric: TargetMetric }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const currency = summary.currency;
  const show = (v: number | null) => (v === null ? NONE : metric === 'units' || !currency ? count(v, lang) : money(v, currency, lang));
  const gap = summary.gap;
  return (
    <>
    <dl className="stats an-stats" aria-label={t('analytics.targets.summary')}>
      <div className="stat"><dt>{t('analytics.targets.set')}</dt><dd>{summary.set === null ? t('analytics.targets.notSet') : show(summary.set)}</dd></div>
      <div className="stat"><dt>{t('analytics.targets.storesSum')}</dt><dd>{show(summary.stores)}</dd></div>
      <div className="stat">
        <dt>{t('analytics.targets.gap')}</dt>
        <dd className={gap === null || gap === 0 ? undefined : gap > 0 ? 'an-ahead' : 'an-behind'}>{gap === null ? NONE : (gap > 0 ? '+' : '') + show(gap)}</dd>
      </div>
    </dl>
    {summary.months.length ? (
      <details>
        <summary>{t('analytics.targets.months')}</summary>
        <TableScroll className="an-scroll">
          <table className="table">
            <caption className="sr-only">{t('analytics.targets.months')}</caption>
            <thead><tr><th scope="col">{t('analytics.targets.month')}</th><th scope="col" className="num">{t('analytics.targets.set')}</th><th scope="col" className="num">{t('analytics.targets.storesSum')}</th></tr></thead>
            <tbody>{summary.months.map((m) => <tr key={m.month}><th scope="row">{monthName(m.month, lang)}</th><td className="num">{show(m.set)}</td><td className="num">{show(m.stores)}</td></tr>)}</tbody>
          </table>
        </TableScroll>
      </details>
    ) : null}
    </>
  );
}

function TargetForm({ nodeId, level, year, metric, currency, startMonth, current }: { nodeId: string; level: 'store' | 'region'; year: number; metric: TargetMetric; currency: string; startMonth: number; current: number | null }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const months = fiscalMonths(startMonth, i18n.language);
  const [amount, setAmount] = useState(current === null ? '' : metric === 'units' ? String(current) : fromMinor(current, currency));
  const [method, setMethod] = useState<'even' | 'last-year' | 'custom'>('even');
  const [percents, setPercents] = useState<string[]>(() => Array.from({ length: 12 }, (_, i) => (i < 4 ? '8.34' : '8.33')));
  const save = useWrite(putTarget);
  const values = percents.map(parsePercent);
  const sum = Math.round(values.reduce((s, v) => s + (Number.isFinite(v) ? v : 0), 0) * 100) / 100;
  const badCell = values.some((v) => !Number.isFinite(v) || v < 0);
  const customOk = !badCell && Math.abs(sum - 100) < 0.005;
  const minor = metric === 'units' ? (/^\d+$/.test(amount.trim()) ? Number(amount.trim()) : null) : toMinor(amount, currency);
  const amountError = amount.trim() && (minor === null || (metric !== 'gross_margin' && minor < 0)) ? t('analytics.targets.amountInvalid') : null;
  const valid = minor !== null && !amountError && (method !== 'custom' || customOk);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!valid || minor === null) return;
    const phasing: Phasing = method === 'custom' ? values : method;
    save.mutate({ level, nodeId, fiscalYear: year, metric, amount: minor, phasing });
  };
  const fmtSum = new Intl.NumberFormat(i18n.language === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 2 }).format(sum);
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('analytics.targets.setTitle', { year })}</h2>
      <Field
        label={metric === 'units' ? t('analytics.targets.amountUnits') : t('analytics.targets.amount', { currency })}
        inputMode="decimal"
        required
        value={amount}
        onChange={(e) => setAmount(e.target.value)}
        error={amountError}
      />
      <fieldset className="plain-fieldset stack" style={{ gap: 4 }}>
        <legend>{t('analytics.targets.phasing')}</legend>
        {(['even', 'last-year', 'custom'] as const).map((m) => (
          <label key={m} className="choice">
            <input type="radio" name={`${id}-phasing`} value={m} checked={method === m} onChange={() => setMethod(m)} />
            {t(`analytics.targets.phasings.${m === 'last-year' ? 'lastYear' : m}`)}
          </label>
        ))}
      </fieldset>
      {method === 'custom' ? (
        <fieldset className="plain-fieldset stack" aria-describedby={`${id}-sum`}>
          <legend>{t('analytics.targets.percentages')}</legend>
          <div className="an-phasing">
            {months.map((m, i) => (
              <Field
                key={i}
                label={m}
                inputMode="decimal"
                value={percents[i]}
                aria-invalid={!Number.isFinite(values[i]!) || values[i]! < 0 ? true : undefined}
                onChange={(e) => setPercents(percents.map((p, j) => (j === i ? e.target.value : p)))}
              />
            ))}
          </div>
          <p id={`${id}-sum`} role="status" aria-live="polite" className={customOk ? 'an-ahead' : 'an-invalid'} style={{ margin: 0 }}>
            {t('analytics.targets.sum', { sum: fmtSum })} {customOk ? '✓' : t(badCell ? 'analytics.targets.badCell' : 'analytics.targets.mustBe100')}
          </p>
        </fieldset>
      ) : null}
      <div><Button type="submit" disabled={!valid || save.isPending}>{t('analytics.targets.save')}</Button></div>
      <ErrorMessage error={save.error} />
      {save.isSuccess ? <Alert kind="success">{t('analytics.targets.saved')}</Alert> : null}
    </form>
  );
}

function TargetsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const settings = useSettings();
  const regions = useRegions();
  const [params, setParams] = useSearchParams();
  const thisYear = new Date().getUTCFullYear();
  const node = params.get('node') || 'company';
  const yearParam = Number(params.get('year'));
  const year = Number.isInteger(yearParam) && yearParam > 1900 ? yearParam : thisYear;
  const metric = (METRICS as string[]).includes(params.get('metric') ?? '') ? (params.get('metric') as TargetMetric) : 'revenue';
  const set = (change: Record<string, string>, replace = false) => setParams({ node, year: String(year), metric, ...change }, { replace });
  const summary = useTargetSummary(node, year, metric);
  const years = useMemo(() => Array.from({ length: 6 }, (_, i) => thisYear - 3 + i), [thisYear]);
  const currency = summary.data?.currency ?? settings.data?.reportingCurrency ?? 'EUR';
  // The company's target is set on the company region (the root of GET /regions).
  const root = regions.data?.find((r) => r.parentId === null);
  const target = summary.data?.node.kind === 'store' ? { level: 'store' as const, nodeId: summary.data.node.id }
    : summary.data?.node.kind === 'region' ? { level: 'region' as const, nodeId: summary.data.node.id }
    : root ? { level: 'region' as const, nodeId: root.id } : null;
  return (
    <>
      <PageTitle>{t('analytics.targets.title')}</PageTitle>
      <AnalyticsTabs />
      <form className="an-toolbar card" aria-label={t('analytics.picker.label')} onSubmit={(e) => e.preventDefault()}>
        <NodePicker value={node} onChange={(n, replace) => set({ node: n }, replace)} />
        <SelectField label={t('analytics.targets.year')} value={String(year)} onChange={(e) => set({ year: e.target.value })}>
          {(years.includes(year) ? years : [year, ...years]).map((y) => <option key={y} value={y}>{t('analytics.targets.fiscalYear', { year: y })}</option>)}
        </SelectField>
        <SelectField label={t('analytics.targets.metric')} value={metric} onChange={(e) => set({ metric: e.target.value })}>
          {METRICS.map((m) => <option key={m} value={m}>{t(`analytics.targets.metrics.${m}`)}</option>)}
        </SelectField>
      </form>
      <p className="muted" style={{ margin: 0 }}>{t('analytics.targets.help')}</p>
      <QueryState query={summary}>{summary.data ? <Summary summary={summary.data} metric={metric} /> : null}</QueryState>
      <div className="an-panels">
        {can('targets:write') && summary.data && target ? (
          <TargetForm key={`${node}-${year}-${metric}`} nodeId={target.nodeId} level={target.level} year={year} metric={metric} currency={currency} startMonth={settings.data?.fiscalYearStartMonth ?? 1} current={summary.data.set} />
        ) : null}
        {can('targets:write') ? <CsvImport title={t('analytics.targets.importTitle')} help={t('analytics.targets.importHelp')} run={importTargets} /> : null}
      </div>
    </>
  );
}

/** The /admin/analytics/targets page (needs `analytics:read`; setting targets needs `targets:write`). */
export default function AnalyticsTargets() {
  return <RequirePermission permission="analytics:read"><TargetsPage /></RequirePermission>;
}
