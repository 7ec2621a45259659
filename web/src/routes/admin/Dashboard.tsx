/**
 * Back-office dashboard: today against yesterday and this month against last (orders, revenue)
 * with a chart of daily revenue, the orders to fulfil and awaiting payment, low-stock variants and
 * the latest orders. The order figures are polled (ETag revalidation): new orders appear without
 * a reload.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime, formatMoney, formatNumber } from '../../lib/format';
import { EmptyState, Loading, Price } from '../../ui';
import { useCan } from '../../features/admin/auth';
import { ErrorMessage, OrderStatusBadge, PageTitle, QueryState } from '../../features/admin/components';
import { Chart, type ChartOption } from '../../features/analytics/Chart';
import { useOrdersOverview, type OrdersOverview } from '../../features/orders/api';
import { useLowStock, type LowStock } from '../../features/products/api';
import { Table, type Column } from '../../features/admin/DataTable';

type Period = OrdersOverview['today'];

/** Change from `before` to `now` in percent (null when `before` is 0). */
const change = (now: number, before: number) => (before === 0 ? null : ((now - before) / before) * 100);

/** One period against the one before it: orders and revenue, each with its change. */
function Comparison({ id, heading, now, before, beforeLabel }: { id: string; heading: string; now: Period; before: Period; beforeLabel: string }) {
  const { t, i18n } = useTranslation();
  const delta = (a: number, b: number) => {
    const pct = change(a, b);
    if (pct === null) return null;
    const text = new Intl.NumberFormat(i18n.language === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 0, signDisplay: 'exceptZero' }).format(pct);
    return <span className={pct > 0 ? 'delta-up' : pct < 0 ? 'delta-down' : undefined}> ({t('admin.dashboard.change', { value: text })})</span>;
  };
  return (
    <section className="card stack kpi" aria-labelledby={id}>
      <h3 id={id}>{heading}</h3>
      <dl className="stats">
        <div className="stat"><dt>{t('admin.dashboard.orders')}</dt><dd>{formatNumber(now.orders, i18n.language)}{delta(now.orders, before.orders)}</dd></div>
        <div className="stat"><dt>{t('admin.dashboard.revenue')}</dt><dd><Price money={now.revenue} />{delta(now.revenue.amount, before.revenue.amount)}</dd></div>
      </dl>
      <p className="muted">{t('admin.dashboard.versus', { period: beforeLabel, orders: formatNumber(before.orders, i18n.language), revenue: formatMoney(before.revenue, i18n.language) })}</p>
    </section>
  );
}

/** Daily revenue of this month against last month, by day of the month. */
function MonthChart({ overview }: { overview: OrdersOverview }) {
  const { t, i18n } = useTranslation();
  const month = overview.daily.at(-1)!.date.slice(0, 7);
  const byDay = (inMonth: boolean) => {
    const out = new Map<number, number>();
    for (const d of overview.daily) if (d.date.startsWith(month) === inMonth) out.set(Number(d.date.slice(8)), d.revenue);
    return out;
  };
  const current = byDay(true);
  const previous = byDay(false);
  const days = Array.from({ length: Math.max(...previous.keys(), ...current.keys()) }, (_, i) => i + 1);
  const money = (amount: number) => formatMoney({ amount, currency: overview.currency }, i18n.language);
  const option = useMemo<ChartOption>(() => ({
    grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', valueFormatter: (v) => money(Number(v) * 100) },
    xAxis: { type: 'category', data: days.map(String) },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => money(v * 100) } },
    series: [
      { name: t('admin.dashboard.thisMonth'), type: 'bar', data: days.map((d) => (current.has(d) ? current.get(d)! / 100 : null)) },
      { name: t('admin.dashboard.lastMonth'), type: 'line', data: days.map((d) => (previous.has(d) ? previous.get(d)! / 100 : null)) },
    ],
  }), [overview, i18n.language, t]);
  const rows = days.map((d) => [String(d), current.has(d) ? money(current.get(d)!) : '—', previous.has(d) ? money(previous.get(d)!) : '—']);
  return (
    <Chart title={t('admin.dashboard.chartTitle')} summary={t('admin.dashboard.chartSummary', { now: formatMoney(overview.thisMonth.revenue, i18n.language), before: formatMoney(overview.lastMonth.revenue, i18n.language) })}
      option={option} table={{ columns: [t('admin.dashboard.day'), t('admin.dashboard.thisMonth'), t('admin.dashboard.lastMonth')], rows }} height={220} />
  );
}

function LowStockList() {
  const { t, i18n } = useTranslation();
  const query = useLowStock();
  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorMessage error={query.error} />;
  if (query.data.data.length === 0) return <EmptyState>{t('admin.dashboard.noLowStock')}</EmptyState>;
  const columns: Column<LowStock>[] = [
    { header: t('admin.products.sku'), cell: (row) => row.sku },
    { header: t('admin.products.product'), cell: (row) => <Link to={`/admin/products/${row.productId}`}>{row.title}</Link> },
    { header: t('admin.products.onHand'), className: 'num', cell: (row) => formatNumber(row.onHand, i18n.language) },
    { header: t('admin.products.threshold'), className: 'num hide-mobile', cell: (row) => formatNumber(row.threshold, i18n.language) },
  ];
  return <Table rows={query.data.data} columns={columns} rowKey={(row) => row.sku} />;
}

type Latest = OrdersOverview['latest'][number];

/** The order figures: comparisons, chart, work to do and the latest orders (polled). */
function OrdersOverviewSections() {
  const { t, i18n } = useTranslation();
  const query = useOrdersOverview();
  const o = query.data;
  const columns: Column<Latest>[] = [
    { header: t('admin.orders.number'), cell: (r) => <Link to={`/admin/orders/${r.id}`}>{r.number}</Link> },
    { header: t('admin.orders.placedAt'), cell: (r) => formatDateTime(r.placedAt, i18n.language) },
    { header: t('admin.orders.customer'), className: 'hide-mobile wrap-anywhere', cell: (r) => r.customerName ?? r.email ?? '—' },
    { header: t('admin.orders.status'), cell: (r) => <OrderStatusBadge status={r.status} /> },
    { header: t('admin.orders.total'), className: 'num', cell: (r) => <Price money={r.total} /> },
  ];
  return (
    <QueryState query={query}>
      {o ? (
        <>
          <section className="stack" aria-labelledby="sales-title">
            <h2 id="sales-title">{t('admin.dashboard.sales')}</h2>
            <div className="kpis">
              <Comparison id="kpi-today" heading={t('admin.dashboard.today')} now={o.today} before={o.yesterday} beforeLabel={t('admin.dashboard.yesterday')} />
              <Comparison id="kpi-month" heading={t('admin.dashboard.thisMonth')} now={o.thisMonth} before={o.lastMonth} beforeLabel={t('admin.dashboard.lastMonth')} />
            </div>
            <MonthChart overview={o} />
          </section>
          <section className="stack" aria-labelledby="todo-title">
            <h2 id="todo-title">{t('admin.dashboard.toDo')}</h2>
            <ul className="row" style={{ listStyle: 'none', padding: 0, margin: 0, gap: 24 }}>
              <li><Link to="/admin/orders?view=to_fulfil">{t('admin.dashboard.toFulfil', { count: o.toFulfil, formatted: formatNumber(o.toFulfil, i18n.language) })}</Link></li>
              <li><Link to="/admin/orders?view=awaiting_payment">{t('admin.dashboard.awaitingPayment', { count: o.awaitingPayment, formatted: formatNumber(o.awaitingPayment, i18n.language) })}</Link></li>
            </ul>
          </section>
          <section className="stack" aria-labelledby="latest-title">
            <div className="row" style={{ justifyContent: 'space-between' }}>
              <h2 id="latest-title">{t('admin.dashboard.latestOrders')}</h2>
              <Link to="/admin/orders">{t('admin.dashboard.allOrders')}</Link>
            </div>
            {o.latest.length === 0 ? <EmptyState>{t('admin.orders.none')}</EmptyState> : <Table rows={o.latest} columns={columns} rowKey={(r) => r.id} />}
          </section>
        </>
      ) : null}
    </QueryState>
  );
}

/** The /admin page. */
export default function Dashboard() {
  const { t } = useTranslation();
  const can = useCan();
  return (
    <>
      <PageTitle>{t('admin.dashboard.title')}</PageTitle>
      {can('orders:read') ? <OrdersOverviewSections /> : null}
      {can('inventory:read') ? (
        <section className="stack" aria-labelledby="lowstock-title">
          <h2 id="lowstock-title">{t('admin.dashboard.lowStock')}</h2>
          <LowStockList />
        </section>
      ) : null}
    </>
  );
}
