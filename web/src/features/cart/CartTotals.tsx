/** The totals block of a cart or an order: subtotal, discount, shipping, tax included, total. */
import { useTranslation } from 'react-i18next';
import { Price } from '../../ui';
import type { Totals } from './api';

/** Totals as a definition list; `promotionCode` labels the discount. */
export function CartTotals({ totals, promotionCode, shippingPending }: { totals: Totals; promotionCode?: string | null; shippingPending?: boolean }) {
  const { t } = useTranslation();
  return (
    <dl className="totals" data-testid="totals">
      <dt>{t('store.totals.subtotal')}</dt>
      <dd><Price money={totals.subtotal} /></dd>
      {totals.discount.amount > 0 ? (
        <>
          <dt>{promotionCode ? t('store.totals.discountCode', { code: promotionCode }) : t('store.totals.discount')}</dt>
          <dd>−<Price money={totals.discount} /></dd>
        </>
      ) : null}
      <dt>{t('store.totals.shipping')}</dt>
      <dd>{shippingPending ? <span className="muted">{t('store.totals.shippingLater')}</span> : <Price money={totals.shipping} />}</dd>
      <dt>{t('store.totals.tax')}</dt>
      <dd><Price money={totals.tax} /></dd>
      <dt className="total">{t('store.totals.total')}</dt>
      <dd className="total"><Price money={totals.total} /></dd>
    </dl>
  );
}
