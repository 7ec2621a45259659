/** The orders table shared by the dashboard, the order list and the customer page. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../../lib/format';
import { Price } from '../../ui';
import { OrderStatusBadge } from './components';
import type { Order } from './types';

/** A compact table of orders (number, date, customer, status, total). */
export function OrdersTable({ orders }: { orders: Order[] }) {
  const { t, i18n } = useTranslation();
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">{t('admin.orders.number')}</th>
          <th scope="col">{t('admin.orders.placedAt')}</th>
          <th scope="col" className="hide-mobile">{t('admin.orders.customer')}</th>
          <th scope="col">{t('admin.orders.status')}</th>
          <th scope="col" className="num">{t('admin.orders.total')}</th>
        </tr>
      </thead>
      <tbody>
        {orders.map((o) => (
          <tr key={o.id}>
            <td><Link to={`/admin/orders/${o.id}`}>{o.number}</Link></td>
            <td>{formatDateTime(o.placedAt, i18n.language)}</td>
            <td className="hide-mobile">{o.email ?? '—'}</td>
            <td><OrderStatusBadge status={o.status} /></td>
            <td className="num"><Price money={o.totals.total} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
