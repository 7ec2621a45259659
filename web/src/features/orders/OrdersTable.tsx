/** The orders table shared by the dashboard, the order list and the customer page. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../../lib/format';
import { Price } from '../../ui';
import { OrderStatusBadge } from '../admin/components';
import { DataTable, type Column, type ListQuery, type Sorting } from '../admin/DataTable';
import type { Order } from './api';

/**
 * Orders (number, date, customer, status, total) of a list query; `count`, `onPage` and
 * `sorting` as in {@link DataTable} (date sorts newest/oldest, total ascending/descending).
 */
export function OrdersTable({ query, count, onPage, sorting }: { query: ListQuery<Order>; count?: boolean; onPage?: (page: number) => void; sorting?: Sorting }) {
  const { t, i18n } = useTranslation();
  const columns: Column<Order>[] = [
    { header: t('admin.orders.number'), cell: (o) => <Link to={`/admin/orders/${o.id}`}>{o.number}</Link> },
    { header: t('admin.orders.placedAt'), cell: (o) => formatDateTime(o.placedAt, i18n.language), sort: { asc: 'oldest', desc: 'newest' } },
    { header: t('admin.orders.customer'), className: 'hide-mobile', cell: (o) => o.email ?? '—' },
    { header: t('admin.orders.status'), cell: (o) => <OrderStatusBadge status={o.status} /> },
    { header: t('admin.orders.total'), className: 'num', cell: (o) => <Price money={o.totals.total} />, sort: { asc: 'total', desc: '-total' } },
  ];
  return <DataTable query={query} columns={columns} rowKey={(o) => o.id} empty={t('admin.orders.none')} count={count} onPage={onPage} sorting={sorting} />;
}
