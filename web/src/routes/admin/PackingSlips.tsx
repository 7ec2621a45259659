/**
 * Packing slips of the orders selected on the order list (`?ids=a,b,c`, at most 100): one printable
 * slip per order (number, date, ship-to address, shipping method, lines with quantities), each on
 * its own sheet; "Print" opens the browser's print dialog (navigation and buttons are not printed).
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { formatDateTime, formatNumber } from '../../lib/format';
import { Button, EmptyState } from '../../ui';
import { PageTitle, QueryState, RequirePermission } from '../../features/admin/components';
import { Table, type Column } from '../../features/admin/DataTable';
import { listOrders, type Order } from '../../features/orders/api';

type Line = Order['lines'][number];

function Slip({ order }: { order: Order }) {
  const { t, i18n } = useTranslation();
  const a = order.shippingAddress;
  const columns: Column<Line>[] = [
    { header: t('admin.products.sku'), cell: (l) => l.sku },
    { header: t('admin.packingSlips.item'), cell: (l) => l.title, className: 'wrap-anywhere' },
    { header: t('admin.packingSlips.quantity'), className: 'num', cell: (l) => formatNumber(l.quantity, i18n.language) },
  ];
  return (
    <article className="packing-slip card stack" aria-labelledby={`slip-${order.id}`}>
      <h2 id={`slip-${order.id}`}>{t('admin.packingSlips.order', { number: order.number })}</h2>
      <p className="muted">{formatDateTime(order.placedAt, i18n.language)}</p>
      <div className="two-col">
        <section>
          <h3>{t('admin.packingSlips.shipTo')}</h3>
          {a ? (
            <address className="wrap-anywhere">
              {a.firstName} {a.lastName}<br />{a.line1}<br />{a.line2 ? <>{a.line2}<br /></> : null}{a.city}<br />{a.postalCode}<br />{a.country}
            </address>
          ) : <p>—</p>}
        </section>
        <section>
          <h3>{t('admin.packingSlips.shipping')}</h3>
          <p>{order.shippingMethod?.name ?? '—'}</p>
        </section>
      </div>
      <Table rows={order.lines} columns={columns} rowKey={(l, i) => `${l.sku}-${i}`} />
    </article>
  );
}

function Slips() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const ids = (params.get('ids') ?? '').split(',').filter(Boolean).slice(0, 100);
  const query = useQuery({
    queryKey: ['admin', 'orders', 'packing-slips', ids.join(',')],
    queryFn: () => listOrders({ ids: ids.join(','), page: 1, limit: 100, sort: 'number', paymentAttempts: 'include' }),
    enabled: ids.length > 0,
  });
  return (
    <>
      <p className="no-print"><Link to="/admin/orders">← {t('admin.packingSlips.back')}</Link></p>
      <PageTitle actions={<Button className="no-print" onClick={() => window.print()}>{t('admin.packingSlips.print')}</Button>}>{t('admin.packingSlips.title')}</PageTitle>
      {ids.length === 0 ? <EmptyState>{t('admin.packingSlips.none')}</EmptyState> : (
        <QueryState query={query}>
          <div className="stack">{query.data?.data.map((o) => <Slip key={o.id} order={o} />)}</div>
        </QueryState>
      )}
    </>
  );
}

/** The /admin/orders/packing-slips page. */
export default function PackingSlips() {
  return <RequirePermission permission="orders:read"><Slips /></RequirePermission>;
}
