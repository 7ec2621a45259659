/**
 * /admin/analytics: the dashboard of one node and period (from the URL: node, period, date or
 * from/to, compare). KPI cards against target, last year and the previous period; the revenue
 * trend (this period, last year, previous period when chosen, target); the store league table
 * ranked by a chosen KPI; the category mix; "Data as of" and the synthetic-data banner.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState, SelectField, TableScroll } from '../../../ui';
import { ErrorMessage, PageTitle, QueryState, RequirePermission } from '../../../features/admin/components';
import { useCategoryMix, useKpis, useLeague, useTrend } from '../../../features/analytics/api';
import { Chart, type ChartOption } from '../../../features/analytics/Chart';
import { AnalyticsTabs, DataAsOf, MissingRates, SyntheticBanner, ViewPickers } from '../../../features/analytics/components';
import { compactMoney, count, day, daysBetween, kpiValue, major, money, percent, rate, signedKpi, signedPercent } from '../../../features/analytics/format';
import { KPI_KEYS, type KpisAnswer, type Kpi, type KpiKey, type KpiUnit, type TrendAnswer } from '../../../features/analytics/types';
import { useView, type View } from '../../../features/analytics/view';

/** The unit of each KPI (the league answer does not carry it). */
const UNITS: Record<KpiKey, KpiUnit> = {
  revenue: 'money',
  grossMargin: 'money',
  marginRate: 'percent',
  units: 'count',
  transactions: 'count',
  averageBasket: 'money',
  unitsPerTransaction: 'ratio',
  averageSellingPrice: 'money',
  revenuePerM2: 'money_per_m2',
  returnsRate: 'percent',
};

const NO_POINTS: TrendAnswer['points'] = [];

/** True when the period has no sale at all (no transaction and no revenue). */
function noSales(answer: KpisAnswer): boolean {
  const get = (k: KpiKey) => answer.kpis.find((x) => x.key === k)?.value ?? 0;
  return get('transactions') === 0 && get('revenue') === 0 && get('units') === 0;
}

function KpiCard({ kpi, currency, compare }: { kpi: Kpi; currency: string; compare: View['compare'] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const ahead = kpi.variance !== null && kpi.variance >= 0;
  const rows = [
    { key: 'lastYear', label: t('analytics.card.vsLastYear'), value: signedPercent(kpi.changeVsLastYear, lang), base: kpi.lastYear },
    { key: 'previous', label: t('analytics.card.vsPrevious'), value: signedPercent(kpi.changeVsPrevious, lang), base: kpi.previous },
  ];
  if (compare === 'previous') rows.reverse();
  return (
    <li className="an-card" data-kpi={kpi.key}>
      <h3>{t(`analytics.kpi.${kpi.key}`)}</h3>
      <p className="an-value">{kpiValue(kpi.value, kpi.unit, currency, lang)}</p>
      <dl>
        {kpi.target !== null ? (
          <>
            <dt>{t('analytics.card.target')}</dt>
            <dd>{kpiValue(kpi.target, kpi.unit, currency, lang)}</dd>
            <dt>{t('analytics.card.attainment')}</dt>
            <dd>{percent(kpi.attainment, lang)}</dd>
            <dt>{t('analytics.card.variance')}</dt>
            <dd className={ahead ? 'an-ahead' : 'an-behind'}>
              {signedKpi(kpi.variance, kpi.unit, currency, lang)} <span>({t(ahead ? 'analytics.card.ahead' : 'analytics.card.behind')})</span>
            </dd>
          </>
        ) : null}
        {rows.map((r) => (
          <div key={r.key} style={{ display: 'contents' }}>
            <dt>{r.label}</dt>
            <dd title={kpiValue(r.base, kpi.unit, currency, lang)}>{r.value}</dd>
          </div>
        ))}
      </dl>
    </li>
  );
}

/** Trend grain for a period length: days up to ~2 months, weeks up to ~6 months, else months. */
function trendGrain(from: string, to: string): 'day' | 'week' | 'month' {
  const n = daysBetween(from, to);
  return n <= 62 ? 'day' : n <= 190 ? 'week' : 'month';
}

function Trend({ view, answer }: { view: View; answer: KpisAnswer }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { from, to } = answer.period;
  const grain = trendGrain(from, to);
  const trend = useTrend(view.node, from, to, grain);
  const previous = useTrend(view.node, answer.comparisons.previous.from, answer.comparisons.previous.to, grain, view.compare === 'previous');
  const currency = trend.data?.currency ?? answer.currency;
  const points = trend.data?.points ?? NO_POINTS;
  const prev = view.compare === 'previous' ? (previous.data?.points ?? NO_POINTS) : null;
  const option = useMemo<ChartOption>(() => {
    const series: ChartOption['series'] = [
      { type: 'line', name: t('analytics.trend.thisPeriod'), data: points.map((p) => major(p.revenue, currency)), showSymbol: points.length < 40 },
      { type: 'line', name: t('analytics.trend.lastYear'), data: points.map((p) => major(p.lastYear, currency)), showSymbol: false, lineStyle: { type: 'dotted' } },
      { type: 'line', name: t('analytics.trend.target'), data: points.map((p) => major(p.target, currency)), showSymbol: false, lineStyle: { type: 'dashed' } },
    ];
    if (prev) series.push({ type: 'line', name: t('analytics.trend.previous'), data: points.map((_, i) => major(prev[i]?.revenue, currency)), showSymbol: false });
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? compactMoney(v, currency, lang) : '—') },
      legend: { bottom: 0 },
      grid: { left: 8, right: 16, top: 16, bottom: 40, containLabel: true },
      xAxis: { type: 'category', data: points.map((p) => p.label) },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => compactMoney(v, currency, lang) } },
      series,
    };
  }, [points, prev, currency, lang, t]);
  const columns = [t('analytics.trend.when'), t('analytics.trend.thisPeriod'), t('analytics.trend.lastYear'), t('analytics.trend.target'), ...(prev ? [t('analytics.trend.previous')] : [])];
  const rows = points.map((p, i) => [p.label, money(p.revenue, currency, lang), money(p.lastYear, currency, lang), money(p.target, currency, lang), ...(prev ? [money(prev[i]?.revenue, currency, lang)] : [])]);
  return (
    <section className="card stack" aria-labelledby="an-trend">
      <h2 id="an-trend">{t('analytics.trend.title')}</h2>
      <QueryState query={trend}>
        {points.length === 0 ? <EmptyState>{t('analytics.empty')}</EmptyState> : (
          <Chart title={t('analytics.trend.chart', { period: answer.period.label })} summary={t('analytics.trend.summary', { total: money(points.reduce((s, p) => s + (p.revenue ?? 0), 0), currency, lang), count: points.length })} option={option} table={{ columns, rows }} />
        )}
      </QueryState>
      <ErrorMessage error={previous.error} />
    </section>
  );
}

function League({ view, set }: { view: View; set: (c: Partial<View>) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [kpi, setKpi] = useState<KpiKey>('revenue');
  const [order, setOrder] = useState<'asc' | 'desc'>('desc');
  const league = useLeague(view, kpi, order);
  const currency = league.data?.currency ?? 'EUR';
  const rows = league.data?.rows ?? [];
  return (
    <section className="card stack" aria-labelledby="an-league">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h2 id="an-league">{t('analytics.league.title')}</h2>
        <SelectField label={t('analytics.league.rankBy')} value={kpi} onChange={(e) => setKpi(e.target.value as KpiKey)}>
          {KPI_KEYS.map((k) => <option key={k} value={k}>{t(`analytics.kpi.${k}`)}</option>)}
        </SelectField>
      </div>
      <QueryState query={league}>
        {rows.length === 0 ? <EmptyState>{t('analytics.league.none')}</EmptyState> : (
          <TableScroll className="an-scroll">
            <table className="table">
              <caption className="sr-only">{t('analytics.league.caption', { kpi: t(`analytics.kpi.${kpi}`) })}</caption>
              <thead>
                <tr>
                  <th scope="col" className="num">{t('analytics.league.rank')}</th>
                  <th scope="col">{t('analytics.league.store')}</th>
                  <th scope="col">{t('analytics.league.city')}</th>
                  <th scope="col" className="num" aria-sort={order === 'desc' ? 'descending' : 'ascending'}>
                    <button type="button" className="th-sort" onClick={() => setOrder(order === 'desc' ? 'asc' : 'desc')}>
                      {t(`analytics.kpi.${kpi}`)}<span className="arrow" aria-hidden="true">{order === 'desc' ? '↓' : '↑'}</span>
                    </button>
                  </th>
                  {kpi !== 'revenue' ? <th scope="col" className="num">{t('analytics.kpi.revenue')}</th> : null}
                  <th scope="col" className="num">{t('analytics.card.attainment')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.store.id}>
                    <td className="num">{count(r.rank, lang)}</td>
                    <th scope="row">
                      <button type="button" className="btn-link btn" onClick={() => set({ node: r.store.id })}>{r.store.name}</button> <span className="muted">{r.store.code}</span>
                    </th>
                    <td>{r.store.city}</td>
                    <td className="num">{kpiValue(r.value, UNITS[kpi], currency, lang)}</td>
                    {kpi !== 'revenue' ? <td className="num">{money(r.revenue, currency, lang)}</td> : null}
                    <td className="num">{percent(r.attainment, lang)}</td>
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

function CategoryMix({ view }: { view: View }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const mix = useCategoryMix(view);
  const currency = mix.data?.currency ?? 'EUR';
  const rows = useMemo(() => [...(mix.data?.rows ?? [])].sort((a, b) => b.revenue - a.revenue), [mix.data]);
  const top = rows.slice(0, 12).reverse();
  const option = useMemo<ChartOption>(() => ({
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => (typeof v === 'number' ? compactMoney(v, currency, lang) : '—') },
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', axisLabel: { formatter: (v: number) => compactMoney(v, currency, lang) } },
    yAxis: { type: 'category', data: top.map((r) => r.category || t('analytics.mix.uncategorised')), axisLabel: { width: 120, overflow: 'truncate' } },
    series: [{ type: 'bar', name: t('analytics.kpi.revenue'), data: top.map((r) => major(r.revenue, currency)) }],
  }), [top, currency, lang, t]);
  return (
    <section className="card stack" aria-labelledby="an-mix">
      <h2 id="an-mix">{t('analytics.mix.title')}</h2>
      <QueryState query={mix}>
        {rows.length === 0 ? <EmptyState>{t('analytics.empty')}</EmptyState> : (
          <Chart
            title={t('analytics.mix.chart')}
            summary={t('analytics.mix.summary', { count: rows.length, top: rows[0]?.category ?? '', share: percent(rows[0]?.share, lang) })}
            height={Math.max(200, top.length * 28 + 40)}
            option={option}
            table={{
              columns: [t('analytics.mix.category'), t('analytics.kpi.revenue'), t('analytics.mix.share'), t('analytics.kpi.units'), t('analytics.kpi.grossMargin')],
              rows: rows.map((r) => [r.category || t('analytics.mix.uncategorised'), money(r.revenue, currency, lang), percent(r.share, lang), count(r.units, lang), money(r.grossMargin, currency, lang)]),
            }}
          />
        )}
      </QueryState>
    </section>
  );
}

function DashboardPage() {
  const { t, i18n } = useTranslation();
  const [view, set] = useView();
  const kpis = useKpis(view);
  const answer = kpis.data;
  return (
    <>
      <PageTitle>{t('analytics.dashboard.title')}</PageTitle>
      <AnalyticsTabs view={view} />
      <SyntheticBanner />
      <ViewPickers view={view} set={set} />
      <QueryState query={kpis}>
        {answer ? (
          <>
            <div className="row" style={{ justifyContent: 'space-between' }}>
              <h2>{answer.node.kind === 'company' ? t('analytics.picker.company') : answer.node.name} · {answer.period.label}</h2>
              <DataAsOf iso={answer.dataAsOf} />
            </div>
            <p className="muted" style={{ margin: 0 }}>
              {t('analytics.dashboard.range', { from: day(answer.period.from, i18n.language), to: day(answer.period.to, i18n.language) })}{' · '}
              {t(view.compare === 'previous' ? 'analytics.dashboard.vsPrevious' : 'analytics.dashboard.vsLastYear', {
                from: day(answer.comparisons[view.compare].from, i18n.language),
                to: day(answer.comparisons[view.compare].to, i18n.language),
              })}
            </p>
            <MissingRates answer={answer} />
            {noSales(answer) ? <EmptyState>{t('analytics.empty')}</EmptyState> : null}
            <section aria-labelledby="an-kpis" aria-busy={kpis.isFetching}>
              <h2 id="an-kpis" className="sr-only">{t('analytics.dashboard.kpis')}</h2>
              <ul className="an-cards">
                {answer.kpis.map((k) => <KpiCard key={k.key} kpi={k} currency={answer.currency} compare={view.compare} />)}
              </ul>
            </section>
            <p className="muted" style={{ margin: 0 }}>
              {t('analytics.dashboard.likeForLike', { growth: signedPercent(answer.likeForLike.growth, i18n.language), stores: count(answer.likeForLike.stores, i18n.language) })} <small>({answer.likeForLike.rule})</small>
            </p>
            {answer.exchangeRates.length ? (
              <details>
                <summary>{t('analytics.dashboard.rates', { currency: answer.currency })}</summary>
                <ul>
                  {answer.exchangeRates.map((r) => (
                    <li key={`${r.currency}-${r.month}`}>
                      {t('analytics.dashboard.rate', { currency: r.currency, rate: rate(r.rate, i18n.language), reporting: answer.currency, month: r.month.slice(0, 7) })}
                    </li>
                  ))}
                </ul>
              </details>
            ) : null}
            <Trend view={view} answer={answer} />
            <League view={view} set={set} />
            <CategoryMix view={view} />
          </>
        ) : null}
      </QueryState>
    </>
  );
}

/** The /admin/analytics page (needs `analytics:read`). */
export default function AnalyticsDashboard() {
  return <RequirePermission permission="analytics:read"><DashboardPage /></RequirePermission>;
}
