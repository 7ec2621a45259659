/** Order confirmation (`/order/:id`): guests read their order with the stored order token. */
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Alert, Loading } from '../../ui';
import { useMe } from '../../features/account/api';
import { useOrder } from '../../features/checkout/api';
import { OrderDetail } from '../../features/account/OrderDetail';
import { useProblemMessage } from '../../lib/problem';
import { useTitle } from '../../lib/useTitle';

/** The order confirmation page. */
export default function Order() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const message = useProblemMessage();
  const order = useOrder(id);
  const { data: me } = useMe();
  useTitle(order.data ? t('store.confirmation.title', { number: order.data.number }) : t('store.confirmation.heading'));
  if (order.isPending) return <Loading />;
  if (order.isError) {
    return (
      <div className="stack">
        <h1>{t('store.confirmation.heading')}</h1>
        <Alert>{message(order.error)}</Alert>
        <p><Link to="/">{t('store.common.backHome')}</Link></p>
      </div>
    );
  }
  const o = order.data;
  return (
    <div className="stack">
      <h1>{t('store.confirmation.title', { number: o.number })}</h1>
      {o.status === 'cancelled' ? <Alert>{t('store.confirmation.cancelled')}</Alert> : null}
      {o.status === 'confirmed' ? <Alert kind="success">{t('store.confirmation.thanks', { email: o.email })}</Alert> : null}
      <OrderDetail order={o} />
      <p className="row">
        <Link to="/" className="btn">{t('store.cart.continue')}</Link>
        {me ? <Link to="/account">{t('store.confirmation.history')}</Link> : null}
      </p>
    </div>
  );
}
