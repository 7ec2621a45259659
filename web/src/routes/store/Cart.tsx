/** Cart page: lines with quantity and remove, promo code (with the refusal reason), totals, checkout link. */
import { RecommendationsBlock } from '../../features/recommendations/RecommendationsBlock';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert, Button, EmptyState, Field, Price } from '../../ui';
import { useCart, useCartActions, type Cart, type CartLine } from '../../features/cart/api';
import { CartTotals } from '../../features/cart/CartTotals';
import { useProblemMessage } from '../../lib/problem';
import { useTitle } from '../../lib/useTitle';

/** One cart line: quantity input (committed on change of value), remove button, stock warning. */
function LineRow({ line }: { line: CartLine }) {
  const { t } = useTranslation();
  const message = useProblemMessage();
  const { setQuantity, removeItem } = useCartActions();
  const [qty, setQty] = useState(String(line.quantity));
  const commit = () => {
    const n = Number(qty);
    if (!Number.isInteger(n) || n < 1) return setQty(String(line.quantity));
    if (n !== line.quantity) setQuantity.mutate({ itemId: line.id, quantity: n });
  };
  const error = setQuantity.error ?? removeItem.error;
  return (
    <li className="cart-line card">
      <div className="cart-line-main">
        <h2 className="cart-line-title"><Link to={`/p/${line.slug}`}>{line.title}</Link></h2>
        <p className="muted">{t('store.cart.unitPriceIs')} <Price money={line.unitPrice} /></p>
        {line.insufficientStock ? <Alert>{t('store.cart.insufficient', { count: line.available })}</Alert> : null}
        {!line.purchasable ? <Alert>{t('store.cart.notPurchasable')}</Alert> : null}
        {error ? <Alert>{message(error)}</Alert> : null}
      </div>
      <form
        className="row cart-line-controls"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          commit();
        }}
      >
        <Field label={t('store.cart.quantityFor', { title: line.title })} type="number" min={1} inputMode="numeric" value={qty} onChange={(e) => setQty(e.target.value)} onBlur={commit} className="qty-input" />
        <Button type="submit" variant="secondary" className="btn-small" disabled={setQuantity.isPending}>{t('store.cart.update')}</Button>
        <Button variant="secondary" className="btn-small" onClick={() => removeItem.mutate(line.id)} disabled={removeItem.isPending} aria-label={t('store.cart.removeItem', { title: line.title })}>
          {t('store.cart.remove')}
        </Button>
        <p className="cart-line-total"><Price money={line.lineTotal} /></p>
      </form>
    </li>
  );
}

/** Promotion code form (apply / remove) with the translated reason of a refusal. */
export function PromoForm({ cart }: { cart: Cart }) {
  const { t } = useTranslation();
  const message = useProblemMessage();
  const { applyPromo, removePromo } = useCartActions();
  const [code, setCode] = useState('');
  if (cart.promotion) {
    return (
      <div className="stack">
        <div className="row">
          <p>{t('store.promo.applied', { code: cart.promotion.code })}</p>
          <Button variant="secondary" className="btn-small" onClick={() => removePromo.mutate()} disabled={removePromo.isPending}>{t('store.promo.remove')}</Button>
        </div>
        {!cart.promotion.valid ? <Alert>{t('store.promo.notApplied', { reason: t(`common.reasons.${cart.promotion.reason ?? 'NOT_APPLICABLE'}`) })}</Alert> : null}
      </div>
    );
  }
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        if (code.trim()) applyPromo.mutate(code.trim(), { onSuccess: () => setCode('') });
      }}
    >
      <div className="row promo-row">
        <Field label={t('store.promo.label')} value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" />
        <Button type="submit" variant="secondary" disabled={applyPromo.isPending}>{t('store.promo.apply')}</Button>
      </div>
      {applyPromo.isError ? <Alert>{message(applyPromo.error)}</Alert> : null}
    </form>
  );
}

/** The cart page. */
export default function CartPage() {
  const { t } = useTranslation();
  const message = useProblemMessage();
  useTitle(t('store.cart.title'));
  const cart = useCart();
  // The same heading and line as the server-rendered shell (src/flows/storefront), so nothing moves.
  if (cart.isPending) return <div className="stack"><h1>{t('store.cart.title')}</h1><p className="muted" role="status">{t('store.cart.loading')}</p></div>;
  if (cart.isError) return <Alert>{message(cart.error)}</Alert>;
  const data = cart.data;
  return (
    <div className="stack">
      <h1>{t('store.cart.title')}</h1>
      {!data || data.lines.length === 0 ? (
        <>
          <EmptyState>{t('store.cart.empty')}</EmptyState>
          <p><Link to="/">{t('store.cart.continue')}</Link></p>
        </>
      ) : (
        <div className="checkout-layout">
          <ul className="stack plain-list" aria-label={t('store.cart.lines')}>
            {data.lines.map((l) => (
              <LineRow key={`${l.id}-${l.quantity}`} line={l} />
            ))}
          </ul>
          <aside className="card stack" aria-labelledby="summary-heading">
            <h2 id="summary-heading">{t('store.cart.summary')}</h2>
            <PromoForm cart={data} />
            <CartTotals totals={data.totals} promotionCode={data.promotion?.code} shippingPending={!data.shippingMethod} />
            <Link to="/checkout" className="btn">{t('store.cart.checkout')}</Link>
            <Link to="/">{t('store.cart.continue')}</Link>
          </aside>
        </div>
      )}
      {data ? <RecommendationsBlock target={{ kind: 'cart', id: data.id }} cartKey={data.lines.map((l) => l.sku).join(',')} /> : null}
    </div>
  );
}
