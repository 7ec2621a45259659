/**
 * Building blocks shared by the analytics pages: the section tabs, the node / period / comparison
 * pickers (bound to the URL view), "Data as of", the synthetic-data banner, and an import report.
 */
import { useEffect, useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { formatDateTime } from '../../lib/format';
import { Alert, EmptyState, SelectField, TableScroll } from '../../ui';
import { useCan } from '../admin/auth';
import { useCategoryMix, useRegions, useSettings, useStores } from './api';
import { count } from './format';
import type { ImportReport, KpisAnswer, Region } from './types';
import { GRAINS, viewSearch, type View } from './view';
import './analytics.css';

/** The analytics section's tabs (the view's query string is kept on the read pages). */
export function AnalyticsTabs({ view }: { view?: View }) {
  const { t } = useTranslation();
  const can = useCan();
  const search = view ? viewSearch(view) : '';
  const tabs = [
    { to: '/admin/analytics', key: 'dashboard', keep: true },
    { to: '/admin/analytics/consolidation', key: 'consolidation', keep: true },
    { to: '/admin/analytics/what-if', key: 'whatif', keep: true },
    { to: '/admin/analytics/abc', key: 'abc', keep: true },
    { to: '/admin/analytics/customers', key: 'customers', keep: true },
    { to: '/admin/analytics/basket', key: 'basket', keep: true },
    { to: '/admin/analytics/stock', key: 'stock', keep: true },
    { to: '/admin/analytics/organisation', key: 'organisation' },
    { to: '/admin/analytics/targets', key: 'targets' },
    { to: '/admin/analytics/reports', key: 'reports', keep: true },
    ...(can('analytics:write') ? [{ to: '/admin/analytics/imports', key: 'imports' }] : []),
  ];
  return (
    <nav className="an-tabs" aria-label={t('analytics.tabs.label')}>
      <ul>
        {tabs.map((tab) => (
          <li key={tab.key}>
            <NavLink to={tab.to + (tab.keep ? search : '')} end>{t(`analytics.tabs.${tab.key}`)}</NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** "Synthetic demo data" when GET /settings says the data was generated (nothing otherwise or while loading). */
export function SyntheticBanner() {
  const { t } = useTranslation();
  const settings = useSettings();
  if (!settings.data?.syntheticDemo) return null;
  return <p className="an-banner" role="note">{t('analytics.synthetic')}</p>;
}

/** "Data as of <date-time>" from an answer's `dataAsOf`. */
export function DataAsOf({ iso }: { iso: string | undefined }) {
  const { t, i18n } = useTranslation();
  if (!iso) return null;
  return <p className="an-asof">{t('analytics.dataAsOf', { when: formatDateTime(iso, i18n.language) })}</p>;
}

/** A warning listing the store-months an answer left out because no exchange rate was recorded (never guessed). */
export function MissingRates({ answer }: { answer: Pick<KpisAnswer, 'missingRates'> | undefined }) {
  const { t } = useTranslation();
  const missing = answer?.missingRates ?? [];
  if (!missing.length) return null;
  return (
    <Alert>
      {t('analytics.missingRates', { count: missing.length })}{' '}
      {missing.slice(0, 10).map((m) => `${m.storeCode} (${m.currency}, ${m.month.slice(0, 7)})`).join(', ')}{missing.length > 10 ? '…' : ''}
    </Alert>
  );
}

/** Regions in tree order (each after its parent, siblings by name), the company root first. */
export function treeOrder(regions: Region[]): Region[] {
  const byParent = new Map<string | null, Region[]>();
  for (const r of regions) {
    const list = byParent.get(r.parentId) ?? [];
    list.push(r);
    byParent.set(r.parentId, list);
  }
  const ids = new Set(regions.map((r) => r.id));
  const out: Region[] = [];
  const walk = (parent: string | null) => {
    for (const r of (byParent.get(parent) ?? []).sort((a, b) => a.name.localeCompare(b.name))) {
      out.push(r);
      walk(r.id);
    }
  };
  walk(null);
  // Regions whose parent is outside the user's scope: their own subtrees, as roots.
  for (const r of regions) if (r.parentId !== null && !ids.has(r.parentId) && !out.includes(r)) {
    out.push(r);
    walk(r.id);
  }
  return out;
}

/** Indentation of a region option by depth (non-breaking spaces: options cannot be styled). */
export const indent = (depth: number) => '\u00a0\u00a0'.repeat(Math.max(0, depth));

/**
 * The node a user without company scope starts on: GET /regions then has no root (its top regions
 * have parents outside the scope), so the first visible region, else the first store; null while
 * loading or when the user sees the company.
 */
export function useFallbackNode(): string | null {
  const regions = useRegions();
  const stores = useStores();
  if (!regions.data || !stores.data || regions.data.some((r) => r.parentId === null)) return null;
  return treeOrder(regions.data)[0]?.id ?? stores.data[0]?.id ?? null;
}

/** The scope picker: the company, the regions (indented) and the stores the user can see. */
export function NodePicker({ value, onChange, label }: { value: string; onChange: (node: string, replace?: boolean) => void; label?: string }) {
  const { t } = useTranslation();
  const regions = useRegions();
  const stores = useStores();
  const company = !regions.data || regions.data.some((r) => r.parentId === null);
  const fallback = useFallbackNode();
  // Without company scope the company is answered 404: start on the first node the user can see.
  useEffect(() => {
    if (value === 'company' && fallback) onChange(fallback, true);
  }, [value, fallback, onChange]);
  const ordered = treeOrder(regions.data ?? []).filter((r) => r.parentId !== null || !company);
  return (
    <SelectField label={label ?? t('analytics.picker.node')} value={value} onChange={(e) => onChange(e.target.value)}>
      {company ? <option value="company">{t('analytics.picker.company')}</option> : null}
      {ordered.length ? (
        <optgroup label={t('analytics.picker.regions')}>
          {ordered.map((r) => <option key={r.id} value={r.id}>{indent(r.depth - (company ? 1 : ordered[0]!.depth)) + r.name}</option>)}
        </optgroup>
      ) : null}
      {stores.data?.length ? (
        <optgroup label={t('analytics.picker.stores')}>
          {[...stores.data].sort((a, b) => a.name.localeCompare(b.name)).map((s) => <option key={s.id} value={s.id}>{`${s.name} (${s.code})`}</option>)}
        </optgroup>
      ) : null}
      {value !== 'company' && !regions.data?.some((r) => r.id === value) && !stores.data?.some((s) => s.id === value) ? <option value={value}>{value}</option> : null}
    </SelectField>
  );
}

/** The period picker: grain, then the date (or from/to for a custom range). */
export function PeriodPicker({ view, onChange }: { view: View; onChange: (change: Partial<View>) => void }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <>
      <SelectField label={t('analytics.picker.period')} value={view.period} onChange={(e) => onChange({ period: e.target.value as View['period'] })}>
        {GRAINS.map((g) => <option key={g} value={g}>{t(`analytics.grain.${g}`)}</option>)}
      </SelectField>
      {view.period === 'custom' ? (
        <>
          <div className="field">
            <label htmlFor={`${id}-from`}>{t('analytics.picker.from')}</label>
            <input id={`${id}-from`} type="date" value={view.from ?? view.date} max={view.to} onChange={(e) => e.target.value && onChange({ from: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-to`}>{t('analytics.picker.to')}</label>
            <input id={`${id}-to`} type="date" value={view.to ?? view.date} min={view.from} onChange={(e) => e.target.value && onChange({ to: e.target.value })} />
          </div>
        </>
      ) : (
        <div className="field">
          <label htmlFor={`${id}-date`}>{t('analytics.picker.date')}</label>
          <input id={`${id}-date`} type="date" value={view.date} onChange={(e) => e.target.value && onChange({ date: e.target.value })} />
        </div>
      )}
    </>
  );
}

/** The comparison toggle: previous period or same period last year (radio group). */
export function ComparisonToggle({ value, onChange }: { value: View['compare']; onChange: (c: View['compare']) => void }) {
  const { t } = useTranslation();
  const name = useId();
  return (
    <fieldset>
      <legend>{t('analytics.picker.compare')}</legend>
      <div className="an-seg">
        {(['lastYear', 'previous'] as const).map((c) => (
          <label key={c}>
            <input type="radio" name={name} value={c} checked={value === c} onChange={() => onChange(c)} />
            <span>{t(`analytics.compare.${c}`)}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** Pickers for node, period and comparison, bound to the URL view. */
export function ViewPickers({ view, set, compare = true }: { view: View; set: (change: Partial<View>, replace?: boolean) => void; compare?: boolean }) {
  const { t } = useTranslation();
  return (
    <form className="an-toolbar card" aria-label={t('analytics.picker.label')} onSubmit={(e) => e.preventDefault()}>
      <NodePicker value={view.node} onChange={(node, replace) => set({ node }, replace)} />
      <PeriodPicker view={view} onChange={set} />
      {compare ? <ComparisonToggle value={view.compare} onChange={(c) => set({ compare: c })} /> : null}
    </form>
  );
}

/** Report fields that are not counts to show as figures. */
const NOT_COUNTS = new Set(['durationMs', 'batches', 'failure', 'rejected', 'file', 'dateFormat', 'dateFormatDetected']);

/** An import's report: its counts (every integer field it answers), the failed batch if any, and the rejected rows with line numbers and reasons. */
export function ImportReportView({ report, title }: { report: ImportReport; title?: ReactNode }) {
  const { t, i18n } = useTranslation();
  const counts = Object.entries(report).filter((e): e is [string, number] => typeof e[1] === 'number' && !NOT_COUNTS.has(e[0]));
  const rejected = report.rejected;
  // Only the sales import answers a date format, a duration and a failed batch.
  const sales = 'dateFormat' in report ? report : null;
  const failure = sales?.failure ?? null;
  return (
    <section className="card stack" aria-label={t('analytics.report.title')}>
      <h3>{title ?? t('analytics.report.title')}</h3>
      {counts.length ? (
        <dl className="stats">
          {counts.map(([k, v]) => <div className="stat" key={k}><dt>{t(`analytics.report.fields.${k}`, { defaultValue: k })}</dt><dd>{count(v, i18n.language)}</dd></div>)}
        </dl>
      ) : null}
      {sales ? (
        <p className="muted" style={{ margin: 0 }}>
          {t('analytics.report.dateFormat', { format: t(`analytics.imports.dateFormats.${sales.dateFormat}`, { defaultValue: sales.dateFormat }) })}
          {sales.dateFormatDetected ? ` (${t('analytics.report.detected')})` : ''}
          {` · ${t('analytics.report.duration', { seconds: count(Math.round(sales.durationMs / 100) / 10, i18n.language) })}`}
        </p>
      ) : null}
      {failure ? <Alert>{t('analytics.report.failure', { from: count(failure.fromLine, i18n.language), to: count(failure.toLine, i18n.language), detail: failure.detail })}</Alert> : null}
      <h4>{t('analytics.report.rejectedRows')}</h4>
      {rejected.length === 0 ? <EmptyState>{t('analytics.report.noRejected')}</EmptyState> : (
        <TableScroll className="an-scroll">
          <table className="table">
            <caption className="sr-only">{t('analytics.report.rejectedRows')}</caption>
            <thead><tr><th scope="col" className="num">{t('analytics.report.line')}</th><th scope="col">{t('analytics.report.reason')}</th><th scope="col">{t('analytics.report.code')}</th></tr></thead>
            <tbody>{rejected.map((r, i) => <tr key={`${r.line}-${i}`}><td className="num">{count(r.line, i18n.language)}</td><td>{r.reason}</td><td><code>{r.code}</code></td></tr>)}</tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}

/**
 * The category filter of a view (`category` in the URL): the categories the node sold in the
 * period (from /category-mix), plus the current one; the empty choice = all categories.
 */
export function CategoryPicker({ view, value, onChange, label }: { view: View; value: string | undefined; onChange: (category: string | undefined) => void; label?: string }) {
  const { t } = useTranslation();
  const mix = useCategoryMix(view);
  const categories = [...new Set([...(mix.data?.rows.map((r) => r.category) ?? []), ...(value ? [value] : [])])].sort();
  return (
    <SelectField label={label ?? t('analytics.analyses.category')} value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)}>
      <option value="">{t('analytics.analyses.allCategories')}</option>
      {categories.map((c) => <option key={c} value={c}>{c}</option>)}
    </SelectField>
  );
}
