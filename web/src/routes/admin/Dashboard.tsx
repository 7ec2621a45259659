/** Back-office dashboard: today's and this month's sales, low-stock variants, latest orders. */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../lib/api';
import { formatNumber } from '../../lib/format';
import { EmptyState, Loading, Price } from '../../ui';
import { useCan } from '../../features/admin/auth';
import { ErrorMessage, PageTitle } from '../../features/admin/components';
import { listOrders, useOrdersSummary } from '../../features/orders/api';
import { OrdersTable } from '../../features/orders/OrdersTable';
import { useLowStock, type LowStock } from '../../features/products/api';
import { Table, type Column } from '../../features/admin/DataTable';

const notYet = (error: unknown) => error instanceof ApiError && (error.status === 404 || error.code === 'ROUTE.NOT_FOUND');

function SummaryCard({ heading, from }: { heading: string; from: Date }) {
  const { t, i18n } = useTranslation();
  const query = useOrdersSummary(from);
  return (
    <section className="card stack" aria-labelledby={`summary-${heading}`}>
      <h3 id={`summary-${heading}`}>{heading}</h3>
      {query.isPending ? <Loading /> : notYet(query.error) ? (
        <EmptyState>{t('admin.dashboard.summaryUnavailable')}</EmptyState>
      ) : query.error ? (
        <ErrorMessage error={query.error} />
      ) : (
        <dl className="stats">
          <div className="stat"><dt>{t('admin.dashboard.orders')}</dt><dd>{formatNumber(query.data.orders, i18n.language)}</dd></div>
          <div className="stat"><dt>{t('admin.dashboard.revenue')}</dt><dd><Price money={query.data.revenue} /></dd></div>
          <div className="stat"><dt>{t('admin.dashboard.aov')}</dt><dd><Price money={query.data.averageOrderValue} /></dd></div>
        </dl>
      )}
    </section>
  );
}

function LowStockList() {
  const { t, i18n } = useTranslation();
  const query = useLowStock();
  if (query.isPending) return <Loading />;
  if (notYet(query.error)) return <EmptyState>{t('admin.dashboard.lowStockUnavailable')}</EmptyState>;
  if (query.error) return <ErrorMessage error={query.error} />;
  if (query.data.data.length === 0) return <EmptyState>{t('admin.dashboard.noLowStock')}</EmptyState>;
  const columns: Column<LowStock>[] = [
    { header: t('admin.products.sku'), cell: (row) => row.sku },
    { header: t('admin.products.product'), cell: (row) => <Link to={`/admin/products/${row.productId}`}>{row.title}</Link> },
    { header: t('admin.products.onHand'), className: 'num', cell: (row) => formatNumber(row.onHand, i18n.language) },
    { header: t('admin.products.threshold'), className: 'num', cell: (row) => formatNumber(row.threshold, i18n.language) },
  ];
  return <Table rows={query.data.data} columns={columns} rowKey={(row) => row.sku} />;
}

function LatestOrders() {
  const query = useQuery({ queryKey: ['admin', 'orders', 'list', 'latest'], queryFn: () => listOrders({ page: 1, limit: 5 }) });
  return <OrdersTable query={query} />;
}

/** The /admin page. */
export default function Dashboard() {
  const { t } = useTranslation();
  const can = useCan();
  const now = new Date();
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const month = new Date(now.getFullYear(), now.getMonth(), 1);
  return (
    <>
      <PageTitle>{t('admin.dashboard.title')}</PageTitle>
      {can('orders:read') ? (
        <section className="stack" aria-labelledby="sales-title">
          <h2 id="sales-title">{t('admin.dashboard.sales')}</h2>
          <div className="stack">
            <SummaryCard heading={t('admin.dashboard.today')} from={today} />
            <SummaryCard heading={t('admin.dashboard.thisMonth')} from={month} />
          </div>
        </section>
      ) : null}
      {can('inventory:read') ? (
        <section className="stack" aria-labelledby="lowstock-title">
          <h2 id="lowstock-title">{t('admin.dashboard.lowStock')}</h2>
          <LowStockList />
        </section>
      ) : null}
      {can('orders:read') ? (
        <section className="stack" aria-labelledby="latest-title">
          <div className="row" style={{ justifyContent: 'space-between' }}>
            <h2 id="latest-title">{t('admin.dashboard.latestOrders')}</h2>
            <Link to="/admin/orders">{t('admin.dashboard.allOrders')}</Link>
          </div>
          <LatestOrders />
        </section>
      ) : null}
    </>
  );
}
