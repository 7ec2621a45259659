/** Order detail in the account (`/account/orders/:id`): lines, totals, status timeline, shipments and tracking. */
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useParams } from 'react-router';
import { Alert, Loading } from '../../ui';
import { useMe } from '../../features/account/api';
import { useOrder } from '../../features/checkout/api';
import { OrderDetail } from '../../features/account/OrderDetail';
import { useProblemMessage } from '../../lib/problem';
import { useTitle } from '../../lib/useTitle';

/** The signed-in customer's order page. */
export default function AccountOrder() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const message = useProblemMessage();
  const me = useMe();
  const order = useOrder(id);
  useTitle(order.data ? t('store.account.orderTitle', { number: order.data.number }) : t('store.account.title'));
  if (me.isSuccess && !me.data) return <Navigate to={`/login?next=/account/orders/${encodeURIComponent(id)}`} replace />;
  if (order.isPending) return <Loading />;
  return (
    <div className="stack">
      <nav aria-label={t('store.common.breadcrumb')} className="breadcrumb">
        <ol>
          <li><Link to="/account">{t('store.account.title')}</Link></li>
          <li aria-current="page">{order.data?.number ?? id}</li>
        </ol>
      </nav>
      {order.isError ? (
        <>
          <h1>{t('store.account.orderTitle', { number: id })}</h1>
          <Alert>{message(order.error)}</Alert>
        </>
      ) : (
        <>
          <h1>{t('store.account.orderTitle', { number: order.data.number })}</h1>
          <OrderDetail order={order.data} />
        </>
      )}
    </div>
  );
}
