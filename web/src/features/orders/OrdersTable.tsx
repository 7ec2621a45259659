/** The orders table shared by the order list and the customer page. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../../lib/format';
import { Price } from '../../ui';
import { OrderStatusBadge } from '../admin/components';
import { DataTable, type Column, type ListQuery, type Selection, type Sorting, type Views } from '../admin/DataTable';
import type { Order } from './api';

/** "First Last" of an order's shipping address, or null. */
export const customerName = (o: Pick<Order, 'shippingAddress'>) => (o.shippingAddress ? `${o.shippingAddress.firstName} ${o.shippingAddress.lastName}`.trim() : null);

/**
 * Orders (number, date, customer name and e-mail, status, total) of a list query; `count`,
 * `onPage`, `sorting`, `views`, `onExport` and `selection` as in {@link DataTable} (number, date,
 * e-mail and total sort both ways).
 */
export function OrdersTable({ query, count, onPage, sorting, views, onExport, selection }: {
  query: ListQuery<Order>;
  count?: boolean;
  onPage?: (page: number) => void;
  sorting?: Sorting;
  views?: Views;
  onExport?: () => Promise<void>;
  selection?: Selection<Order>;
}) {
  const { t, i18n } = useTranslation();
  const columns: Column<Order>[] = [
    { header: t('admin.orders.number'), cell: (o) => <Link to={`/admin/orders/${o.id}`}>{o.number}</Link>, sort: { asc: 'number', desc: '-number' } },
    { header: t('admin.orders.placedAt'), cell: (o) => formatDateTime(o.placedAt, i18n.language), sort: { asc: 'oldest', desc: 'newest' } },
    {
      header: t('admin.orders.customer'), className: 'hide-mobile wrap-anywhere', sort: { asc: 'email', desc: '-email' },
      cell: (o) => <>{customerName(o) ? <>{customerName(o)}<br /></> : null}<span className="muted">{o.email ?? '—'}</span></>,
    },
    { header: t('admin.orders.status'), cell: (o) => <OrderStatusBadge status={o.status} /> },
    { header: t('admin.orders.total'), className: 'num', cell: (o) => <Price money={o.totals.total} />, sort: { asc: 'total', desc: '-total' } },
  ];
  return (
    <DataTable query={query} columns={columns} rowKey={(o) => o.id} empty={t('admin.orders.none')} count={count} onPage={onPage} sorting={sorting}
      views={views} onExport={onExport} selection={selection} />
  );
}
