/** Order confirmation (`/order/:id`): guests read their order with the stored order token. */
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Alert, Loading, Price } from '../../ui';
import { useMe } from '../../features/account/api';
import { useOrder } from '../../features/checkout/api';
import { OrderDetail } from '../../features/account/OrderDetail';
import { formatMoney } from '../../lib/format';
import { useProblemMessage } from '../../lib/problem';
import { useTitle } from '../../lib/useTitle';

type OrderData = NonNullable<ReturnType<typeof useOrder>['data']>;

/** What an order awaiting an offline payment asks of the buyer: the bank transfer details, or payment at the counter. */
function AwaitingPayment({ order }: { order: OrderData }) {
  const { t, i18n } = useTranslation();
  const bank = order.payment?.instructions;
  if (!bank) return <Alert>{t('store.confirmation.awaitingStore')}</Alert>;
  const amount = { amount: bank.amount, currency: order.currency };
  const formatted = formatMoney(amount, i18n.language);
  return (
    <section className="card stack" aria-labelledby="bank-title" data-testid="bank-transfer">
      <Alert>{t('store.confirmation.awaitingTransfer', { amount: formatted, reference: bank.reference })}</Alert>
      <h2 id="bank-title">{t('store.confirmation.bankTitle')}</h2>
      <dl className="bank-details">
        <dt>{t('store.confirmation.accountName')}</dt><dd>{bank.accountName}</dd>
        <dt>IBAN</dt><dd><code>{bank.iban}</code></dd>
        <dt>BIC</dt><dd><code>{bank.bic}</code></dd>
        <dt>{t('store.confirmation.reference')}</dt><dd><strong>{bank.reference}</strong></dd>
        <dt>{t('store.confirmation.amount')}</dt><dd><Price money={amount} /></dd>
      </dl>
    </section>
  );
}

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
      {o.status === 'awaiting_payment' ? <AwaitingPayment order={o} /> : null}
      <OrderDetail order={o} />
      <p className="row">
        <Link to="/" className="btn">{t('store.cart.continue')}</Link>
        {me ? <Link to="/account">{t('store.confirmation.history')}</Link> : null}
      </p>
    </div>
  );
}
