/**
 * The analyses pages of the analytics section, simple tables under the same node / period
 * pickers as the other analytics pages (the view lives in the URL):
 * - /admin/analytics/abc: ABC (Pareto) of products by revenue or margin;
 * - /admin/analytics/customers: RFM segments, a page of customers, the cohort retention triangle;
 * - /admin/analytics/basket: top product pairs by support, confidence or lift;
 * - /admin/analytics/stock: sell-through, weeks of cover and GMROI of the online stores.
 */
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert, Button, EmptyState, Field, SelectField, TableScroll } from '../../../ui';
import { PageTitle, QueryState, RequirePermission } from '../../../features/admin/components';
import { useAbc, useBasket, useCohorts, useRfm, useStock } from '../../../features/analytics/api';
import { AnalyticsTabs, CategoryPicker, DataAsOf, MissingRates, SyntheticBanner, ViewPickers } from '../../../features/analytics/components';
import { count, money, percent } from '../../../features/analytics/format';
import { RFM_SEGMENTS, type AbcAnswer, type PairOrder, type RfmSegment } from '../../../features/analytics/types';
import { useView, viewSearch } from '../../../features/analytics/view';

/** The frame of an analysis page: title, tabs, banner, pickers, and the category filter (in the URL; the choices are the node's categories of the period). */
function Frame({ title, children }: { title: string; children: ReactNode }) {
  const [view, set] = useView();
  return (
    <>
      <PageTitle>{title}</PageTitle>
      <AnalyticsTabs view={view} />
      <SyntheticBanner />
      <ViewPickers view={view} set={set} compare={false} />
      <div className="an-toolbar card">
        <CategoryPicker view={view} value={view.category} onChange={(category) => set({ category })} />
      </div>
      {children}
    </>
  );
}

const ratioText = (v: number | null | undefined, lang: string) => (v === null || v === undefined ? '—' : v.toLocaleString(lang, { maximumFractionDigits: 2 }));

function AbcPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [view] = useView();
  const [measure, setMeasure] = useState<AbcAnswer['measure']>('revenue');
  const query = useAbc(view, measure);
  const a = query.data;
  return (
    <Frame title={t('analytics.abc.title')}>
      <div className="an-toolbar card">
        <SelectField label={t('analytics.abc.measure')} value={measure} onChange={(e) => setMeasure(e.target.value as AbcAnswer['measure'])}>
          <option value="revenue">{t('analytics.kpi.revenue')}</option>
          <option value="margin">{t('analytics.kpi.grossMargin')}</option>
        </SelectField>
      </div>
      <QueryState query={query}>
        {a ? (
          <>
            <DataAsOf iso={a.dataAsOf} />
            <MissingRates answer={a} />
            <TableScroll>
              <table className="table">
                <caption>{t('analytics.abc.classes', { a: percent(a.thresholds.a, lang), b: percent(a.thresholds.b, lang) })}</caption>
                <thead><tr><th scope="col">{t('analytics.abc.class')}</th><th scope="col" className="num">{t('analytics.abc.products')}</th><th scope="col" className="num">{t('analytics.mix.share')}</th></tr></thead>
                <tbody>
                  {a.classes.map((c) => <tr key={c.abcClass}><th scope="row">{c.abcClass}</th><td className="num">{count(c.products, lang)}</td><td className="num">{percent(c.share, lang)}</td></tr>)}
                </tbody>
              </table>
            </TableScroll>
            {a.rows.length === 0 ? <EmptyState>{t('analytics.empty')}</EmptyState> : (
              <TableScroll className="an-scroll">
                <table className="table">
                  <caption className="sr-only">{t('analytics.abc.title')}</caption>
                  <thead>
                    <tr>
                      <th scope="col" className="num">#</th><th scope="col">{t('analytics.drill.product')}</th>
                      <th scope="col" className="num">{t('analytics.kpi.revenue')}</th><th scope="col" className="num">{t('analytics.kpi.grossMargin')}</th>
                      <th scope="col" className="num">{t('analytics.kpi.units')}</th><th scope="col" className="num">{t('analytics.mix.share')}</th>
                      <th scope="col" className="num">{t('analytics.abc.cumulative')}</th><th scope="col">{t('analytics.abc.class')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {a.rows.map((r) => (
                      <tr key={r.sku}>
                        <td className="num">{r.rank}</td><th scope="row">{r.title} <span className="muted">{r.sku}</span></th>
                        <td className="num">{money(r.revenue, a.currency, lang)}</td><td className="num">{money(r.grossMargin, a.currency, lang)}</td>
                        <td className="num">{count(r.units, lang)}</td><td className="num">{percent(r.share, lang)}</td>
                        <td className="num">{percent(r.cumulativeShare, lang)}</td><td>{r.abcClass}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            )}
          </>
        ) : null}
      </QueryState>
    </Frame>
  );
}


function CustomersPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [view] = useView();
  const [segment, setSegment] = useState<RfmSegment | ''>('');
  const [page, setPage] = useState(1);
  const rfm = useRfm(view, segment || undefined, page);
  const cohorts = useCohorts(view);
  const r = rfm.data;
  const c = cohorts.data;
  const pages = r ? Math.max(1, Math.ceil(r.pagination.total / r.pagination.limit)) : 1;
  return (
    <Frame title={t('analytics.rfm.title')}>
      <QueryState query={rfm}>
        {r ? (
          <section className="stack" aria-labelledby="an-rfm">
            <h2 id="an-rfm">{t('analytics.rfm.segments', { customers: count(r.customers, lang) })}</h2>
            <DataAsOf iso={r.dataAsOf} />
            <MissingRates answer={r} />
            <p className="muted">{r.rule}</p>
            <TableScroll>
              <table className="table">
                <caption className="sr-only">{t('analytics.rfm.segments', { customers: count(r.customers, lang) })}</caption>
                <thead><tr><th scope="col">{t('analytics.rfm.segment')}</th><th scope="col" className="num">{t('analytics.rfm.customers')}</th><th scope="col" className="num">{t('analytics.mix.share')}</th><th scope="col" className="num">{t('analytics.rfm.monetary')}</th></tr></thead>
                <tbody>
                  {r.segments.map((s) => <tr key={s.segment}><th scope="row"><Button variant="secondary" className="btn-link" aria-pressed={segment === s.segment} onClick={() => { setSegment(s.segment); setPage(1); }}>{t(`analytics.rfm.names.${s.segment}`)}</Button></th><td className="num">{count(s.customers, lang)}</td><td className="num">{percent(s.share, lang)}</td><td className="num">{money(s.monetary, r.currency, lang)}</td></tr>)}
                </tbody>
              </table>
            </TableScroll>
            <div className="an-toolbar card">
              <SelectField label={t('analytics.rfm.segment')} value={segment} onChange={(e) => { setSegment(e.target.value as RfmSegment | ''); setPage(1); }}>
                <option value="">{t('analytics.rfm.all')}</option>
                {RFM_SEGMENTS.map((s) => <option key={s} value={s}>{t(`analytics.rfm.names.${s}`)}</option>)}
              </SelectField>
              <Link className="btn btn-secondary" to={`/admin/analytics/reports${viewSearch(view)}&report=rfm-customers`}>{t('analytics.rfm.export')}</Link>
            </div>
            <TableScroll className="an-scroll">
              <table className="table">
                <caption className="sr-only">{t('analytics.rfm.list')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('analytics.rfm.customer')}</th><th scope="col">{t('analytics.rfm.lastPurchase')}</th>
                    <th scope="col" className="num">{t('analytics.rfm.recency')}</th><th scope="col" className="num">{t('analytics.rfm.frequency')}</th>
                    <th scope="col" className="num">{t('analytics.rfm.monetary')}</th><th scope="col">R F M</th><th scope="col">{t('analytics.rfm.segment')}</th>
                  </tr>
                </thead>
                <tbody>
                  {r.rows.map((row) => (
                    <tr key={row.customer}>
                      <th scope="row">{row.customer}</th><td>{row.lastPurchase}</td><td className="num">{count(row.recencyDays, lang)}</td>
                      <td className="num">{count(row.frequency, lang)}</td><td className="num">{money(row.monetary, r.currency, lang)}</td>
                      <td>{row.r} {row.f} {row.m}</td><td>{t(`analytics.rfm.names.${row.segment}`)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
            <div className="row">
              <Button variant="secondary" disabled={page <= 1} onClick={() => setPage(page - 1)}>{t('analytics.rfm.previous')}</Button>
              <span>{t('analytics.rfm.page', { page, pages })}</span>
              <Button variant="secondary" disabled={page >= pages} onClick={() => setPage(page + 1)}>{t('analytics.rfm.next')}</Button>
            </div>
          </section>
        ) : null}
      </QueryState>
      <QueryState query={cohorts}>
        {c ? (
          <section className="stack" aria-labelledby="an-cohorts">
            <h2 id="an-cohorts">{t('analytics.cohorts.title')}</h2>
            <p className="muted">{c.rule}</p>
            {c.rows.length === 0 ? <EmptyState>{t('analytics.empty')}</EmptyState> : (
              <TableScroll className="an-scroll">
                <table className="table">
                  <caption className="sr-only">{t('analytics.cohorts.title')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('analytics.cohorts.cohort')}</th><th scope="col" className="num">{t('analytics.cohorts.size')}</th>
                      {Array.from({ length: c.months }, (_, k) => <th key={k} scope="col" className="num">+{k}</th>)}
                    </tr>
                  </thead>
                  <tbody>
                    {c.rows.map((row) => (
                      <tr key={row.cohort}>
                        <th scope="row">{row.cohort.slice(0, 7)}</th><td className="num">{count(row.size, lang)}</td>
                        {Array.from({ length: c.months }, (_, k) => <td key={k} className="num">{k < row.retention.length ? percent(row.retention[k], lang) : ''}</td>)}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            )}
          </section>
        ) : null}
      </QueryState>
    </Frame>
  );
}

function BasketPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [view] = useView();
  const [minSupport, setMinSupport] = useState(1);
  const [order, setOrder] = useState<PairOrder>('lift');
  const query = useBasket(view, minSupport / 100, order);
  const b = query.data;
  return (
    <Frame title={t('analytics.basket.title')}>
      <form className="an-toolbar card" onSubmit={(e) => e.preventDefault()}>
        <Field label={t('analytics.basket.minSupport')} type="number" min={0.01} max={100} step={0.01} value={minSupport}
          onChange={(e) => { const v = Number(e.target.value); if (v > 0 && v <= 100) setMinSupport(v); }} />
        <SelectField label={t('analytics.basket.order')} value={order} onChange={(e) => setOrder(e.target.value as PairOrder)}>
          {(['lift', 'confidence', 'support'] as const).map((o) => <option key={o} value={o}>{t(`analytics.basket.${o}`)}</option>)}
        </SelectField>
      </form>
      <QueryState query={query}>
        {b ? (
          <>
            <DataAsOf iso={b.dataAsOf} />
            <p className="muted">{t('analytics.basket.summary', { baskets: count(b.baskets, lang), min: count(b.minBaskets, lang) })} {b.rule}</p>
            {b.rows.length === 0 ? <EmptyState>{t('analytics.basket.none')}</EmptyState> : (
              <TableScroll className="an-scroll">
                <table className="table">
                  <caption className="sr-only">{t('analytics.basket.title')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('analytics.basket.productA')}</th><th scope="col">{t('analytics.basket.productB')}</th>
                      <th scope="col" className="num">{t('analytics.basket.baskets')}</th><th scope="col" className="num">{t('analytics.basket.support')}</th>
                      <th scope="col" className="num">{t('analytics.basket.confidenceAB')}</th><th scope="col" className="num">{t('analytics.basket.confidenceBA')}</th>
                      <th scope="col" className="num">{t('analytics.basket.lift')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {b.rows.map((p) => (
                      <tr key={`${p.skuA}|${p.skuB}`}>
                        <th scope="row">{p.titleA} <span className="muted">{p.skuA}</span></th><td>{p.titleB} <span className="muted">{p.skuB}</span></td>
                        <td className="num">{count(p.baskets, lang)}</td><td className="num">{percent(p.support, lang)}</td>
                        <td className="num">{percent(p.confidenceAB, lang)}</td><td className="num">{percent(p.confidenceBA, lang)}</td>
                        <td className="num">{ratioText(p.lift, lang)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            )}
          </>
        ) : null}
      </QueryState>
    </Frame>
  );
}

function StockPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [view] = useView();
  const query = useStock(view);
  const s = query.data;
  return (
    <Frame title={t('analytics.stock.title')}>
      <QueryState query={query}>
        {s ? (
          <>
            <DataAsOf iso={s.dataAsOf} />
            {s.inventory.status === 'missing' ? <Alert kind="error">{t('analytics.stock.missing')} {s.inventory.reason}</Alert> : <p className="muted">{s.rule}</p>}
            {s.storesWithoutInventory > 0 ? <p className="muted">{t('analytics.stock.without', { count: s.storesWithoutInventory })}</p> : null}
            {s.rows.length === 0 ? null : (
              <TableScroll className="an-scroll">
                <table className="table">
                  <caption className="sr-only">{t('analytics.stock.title')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('analytics.stock.item')}</th><th scope="col" className="num">{t('analytics.stock.sold')}</th>
                      <th scope="col" className="num">{t('analytics.kpi.revenue')}</th><th scope="col" className="num">{t('analytics.stock.onHand')}</th>
                      <th scope="col" className="num">{t('analytics.stock.sellThrough')}</th><th scope="col" className="num">{t('analytics.stock.cover')}</th>
                      <th scope="col" className="num">GMROI</th>
                    </tr>
                  </thead>
                  <tbody>
                    {s.rows.map((r) => (
                      <tr key={`${r.level}|${r.storeCode}|${r.key}`}>
                        <th scope="row">{r.level === 'category' ? <strong>{r.name}</strong> : <>{r.name} <span className="muted">{r.key}</span></>}</th>
                        <td className="num">{count(r.unitsSold, lang)}</td><td className="num">{money(r.revenue, r.currency, lang)}</td>
                        <td className="num">{count(r.onHand, lang)}</td><td className="num">{percent(r.sellThrough, lang)}</td>
                        <td className="num">{ratioText(r.weeksOfCover, lang)}</td><td className="num">{ratioText(r.gmroi, lang)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            )}
          </>
        ) : null}
      </QueryState>
    </Frame>
  );
}

/** /admin/analytics/abc (needs `analytics:read`). */
export function AnalyticsAbc() {
  return <RequirePermission permission="analytics:read"><AbcPage /></RequirePermission>;
}
/** /admin/analytics/customers: RFM and cohorts (needs `analytics:read`). */
export function AnalyticsCustomers() {
  return <RequirePermission permission="analytics:read"><CustomersPage /></RequirePermission>;
}
/** /admin/analytics/basket (needs `analytics:read`). */
export function AnalyticsBasket() {
  return <RequirePermission permission="analytics:read"><BasketPage /></RequirePermission>;
}
/** /admin/analytics/stock (needs `analytics:read`). */
export function AnalyticsStock() {
  return <RequirePermission permission="analytics:read"><StockPage /></RequirePermission>;
}
