/** Checkout: contact (email or sign in), shipping address, shipping method, payment method (test card form for `test`), order summary. */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { Alert, Button, EmptyState, Field, Loading, Price, SelectField } from '../../ui';
import { useCart, useCartActions } from '../../features/cart/api';
import { CartTotals } from '../../features/cart/CartTotals';
import { useMe } from '../../features/account/api';
import { postalFields, useAddresses } from '../../features/account/addresses';
import { AddressFields, addressErrors } from '../../features/account/AddressForm';
import { usePaymentMethods, usePlaceOrder, useReloadOrder, useShippingMethods, type Address } from '../../features/checkout/api';
import { payWithStripe, StripeCardField, type StripeCardHandle } from '../../features/checkout/StripeCard';
import { formatNumber } from '../../lib/format';
import { useMediaQuery } from '../../lib/useMediaQuery';
import { useProblemMessage } from '../../lib/problem';
import { useTitle } from '../../lib/useTitle';

const TEST_CARDS = [
  { number: '4242 4242 4242 4242', outcome: 'success' },
  { number: '4000 0000 0000 0002', outcome: 'declined' },
  { number: '4000 0000 0000 9995', outcome: 'insufficient' },
] as const;

/** Below this width the checkout is one column: the order summary folds into a disclosure at the top. */
const ONE_COLUMN = '(max-width: 900px)';

/** The checkout page. */
export default function Checkout() {
  const { t, i18n } = useTranslation();
  const message = useProblemMessage();
  const navigate = useNavigate();
  const reloadOrder = useReloadOrder();
  useTitle(t('store.checkout.title'));
  const cart = useCart();
  const { data: me } = useMe();
  const { setShipping } = useCartActions();
  const placeOrder = usePlaceOrder();
  const errorRef = useRef<HTMLDivElement>(null);
  const oneColumn = useMediaQuery(ONE_COLUMN);

  const [email, setEmail] = useState('');
  const [address, setAddress] = useState<Address>({ firstName: '', lastName: '', line1: '', line2: '', city: '', region: '', postalCode: '', country: 'GB', phone: '' });
  const [card, setCard] = useState({ number: '', expMonth: '', expYear: '', cvc: '' });
  const book = useAddresses(!!me);
  const [picked, setPicked] = useState('');
  const [saveAddress, setSaveAddress] = useState(false);
  /** Fills the form with saved address `id` (its country re-prices shipping). */
  const pick = (id: string) => {
    setPicked(id);
    const saved = book.data?.find((a) => a.id === id);
    if (!saved) return;
    setAddress({ ...postalFields(saved), line2: saved.line2 ?? '', region: saved.region ?? '', phone: saved.phone ?? '' });
    if (saved.country !== address.country) {
      setChosen(null);
      setShipping.mutate({ country: saved.country, shippingMethodId: null });
    }
  };
  const country = address.country;
  const methods = useShippingMethods(country);
  const methodId = cart.data?.country === country ? (cart.data?.shippingMethod?.id ?? '') : '';
  const [chosen, setChosen] = useState<string | null>(null);
  const shownMethod = chosen ?? methodId;
  const payments = usePaymentMethods();
  const [paymentChoice, setPaymentChoice] = useState<string | null>(null);
  const paymentId = paymentChoice ?? payments.data?.[0]?.id ?? '';
  const takesCard = paymentId === 'test';
  // The chosen method confirmed in the browser through the processor's script (Stripe: StripeCard.tsx).
  const chosenMethod = payments.data?.find((m) => m.id === paymentId);
  const cardMethod = chosenMethod?.publishableKey && chosenMethod.scriptUrl ? { id: chosenMethod.id, publishableKey: chosenMethod.publishableKey, scriptUrl: chosenMethod.scriptUrl } : null;
  const [stripeCard, setStripeCard] = useState<StripeCardHandle | null>(null);
  const [cardError, setCardError] = useState<string | null>(null);
  const [paying, setPaying] = useState(false);

  useEffect(() => {
    if (me) setAddress((a) => ({ ...a, firstName: a.firstName || me.firstName || '', lastName: a.lastName || me.lastName || '' }));
  }, [me]);
  useEffect(() => {
    if (cart.data?.country) setAddress((a) => ({ ...a, country: cart.data?.country ?? a.country }));
  }, [cart.data?.id]); // only when the cart first arrives
  const defaultId = book.data?.find((a) => a.defaultShipping)?.id;
  useEffect(() => {
    if (defaultId && !address.line1) pick(defaultId);
  }, [defaultId]); // only when the address book first arrives
  useEffect(() => {
    if (placeOrder.isError) errorRef.current?.focus();
  }, [placeOrder.error]);

  const setC = (k: keyof typeof card) => (e: { target: { value: string } }) => setCard((c) => ({ ...c, [k]: e.target.value }));

  if (cart.isPending) return <Loading />;
  if (cart.isError) return <Alert>{message(cart.error)}</Alert>;
  const data = cart.data;
  if (!data || data.lines.length === 0) {
    return (
      <div className="stack">
        <h1>{t('store.checkout.title')}</h1>
        <EmptyState>{t('store.cart.empty')}</EmptyState>
        <p><Link to="/">{t('store.cart.continue')}</Link></p>
      </div>
    );
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!methodId || !paymentId) return;
    const shippingAddress = postalFields(address);
    placeOrder.mutate(
      {
        cartId: data.id,
        ...(me ? {} : { email: email.trim() }),
        shippingAddress,
        ...(me && !picked && saveAddress ? { saveAddress: true } : {}),
        shippingMethodId: methodId,
        locale: i18n.language === 'fr' ? 'fr' : 'en',
        payment: takesCard
          ? { method: paymentId, card: { number: card.number.trim(), expMonth: Number(card.expMonth), expYear: Number(card.expYear), cvc: card.cvc.trim() } }
          : { method: paymentId },
      },
      {
        onSuccess: (order) => {
          const clientSecret = order.payment?.clientSecret;
          if (!clientSecret || !stripeCard) return void navigate(`/order/${order.id}`);
          setCardError(null);
          setPaying(true);
          payWithStripe(stripeCard, { orderId: order.id, clientSecret })
            // The order kept from placing it is still `payment_processing`: the order page reloads it.
            .then(() => reloadOrder(order.id))
            .then(() => navigate(`/order/${order.id}`))
            .catch((err: unknown) => setCardError(err instanceof Error ? err.message : String(err)))
            .finally(() => setPaying(false));
        },
      },
    );
  };

  const year = new Date().getFullYear();
  const lines = (
    <ul className="plain-list summary-lines">
      {data.lines.map((l) => (
        <li key={l.id}>
          <span>{t('store.checkout.lineQty', { title: l.title, count: l.quantity })}</span> <Price money={l.lineTotal} />
        </li>
      ))}
    </ul>
  );
  const totals = <CartTotals totals={data.totals} promotionCode={data.promotion?.code} shippingPending={!data.shippingMethod} />;
  return (
    <div className="stack">
      <h1>{t('store.checkout.title')}</h1>
      {oneColumn ? (
        // One column (phones): what is bought and the total first, folded; the place-order button stays under the form.
        <details className="card checkout-summary-toggle" data-testid="summary-toggle">
          <summary>
            <span>{t('store.checkout.showSummary', { count: data.itemCount })}</span> <Price money={data.totals.total} />
          </summary>
          <div className="stack">
            {lines}
            {totals}
          </div>
        </details>
      ) : null}
      <form className="checkout-layout" onSubmit={submit} aria-label={t('store.checkout.title')}>
        <div className="stack">
          <section className="card stack" aria-labelledby="co-contact">
            <h2 id="co-contact">{t('store.checkout.contact')}</h2>
            {me ? (
              <p>{t('store.checkout.signedInAs', { email: me.email })}</p>
            ) : (
              <>
                <Field label={t('store.checkout.email')} type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
                <p>
                  {t('store.checkout.haveAccount')} <Link to="/login?next=/checkout">{t('store.checkout.signIn')}</Link>
                </p>
              </>
            )}
          </section>

          <section className="card stack" aria-labelledby="co-address">
            <h2 id="co-address">{t('store.checkout.address')}</h2>
            {book.data && book.data.length > 0 ? (
              <SelectField label={t('store.checkout.savedAddress')} value={picked} onChange={(e) => pick(e.target.value)}>
                <option value="">{t('store.checkout.newAddress')}</option>
                {book.data.map((a) => (
                  <option key={a.id} value={a.id}>{[a.label, a.line1, a.city, a.postalCode].filter(Boolean).join(', ')}</option>
                ))}
              </SelectField>
            ) : null}
            <AddressFields
              value={address} errors={addressErrors(placeOrder.error, 'body/shippingAddress/')}
              onChange={(next) => { setAddress(next); setPicked(''); }}
              onCountry={(next) => { setChosen(null); setShipping.mutate({ country: next, shippingMethodId: null }); }}
            />
            {me && !picked ? (
              <label className="row" style={{ gap: 6 }}>
                <input type="checkbox" checked={saveAddress} onChange={(e) => setSaveAddress(e.target.checked)} /> {t('store.checkout.saveAddress')}
              </label>
            ) : null}
          </section>

          <section className="card stack" aria-labelledby="co-shipping">
            <h2 id="co-shipping">{t('store.checkout.shipping')}</h2>
            {methods.isPending ? (
              <Loading />
            ) : methods.isError ? (
              <Alert>{message(methods.error)}</Alert>
            ) : methods.data.length === 0 ? (
              <Alert>{t('store.checkout.noShipping')}</Alert>
            ) : (
              <fieldset className="plain-fieldset">
                <legend>{t('store.checkout.method')}</legend>
                <div className="stack choices">
                  {methods.data.map((m) => {
                    const locked = m.minSubtotal !== null && data.totals.subtotal.amount < m.minSubtotal.amount;
                    return (
                      <label key={m.id} className="choice">
                        <input
                          type="radio"
                          name="shipping"
                          value={m.id}
                          required
                          disabled={locked}
                          checked={shownMethod === m.id}
                          onChange={() => {
                            setChosen(m.id);
                            setShipping.mutate({ country, shippingMethodId: m.id }, { onError: () => setChosen(null) });
                          }}
                        />
                        <span>{t(`store.shippingMethods.${m.id}`, { defaultValue: m.name })}</span> — <Price money={m.price} />
                        {m.minSubtotal ? <span className="muted"> ({t('store.checkout.minSubtotal')} <Price money={m.minSubtotal} />)</span> : null}
                      </label>
                    );
                  })}
                </div>
              </fieldset>
            )}
            {setShipping.isError ? <Alert>{message(setShipping.error)}</Alert> : null}
          </section>

          <section className="card stack" aria-labelledby="co-payment">
            <h2 id="co-payment">{t('store.checkout.payment')}</h2>
            {payments.isPending ? (
              <Loading />
            ) : payments.isError ? (
              <Alert>{message(payments.error)}</Alert>
            ) : payments.data.length === 0 ? (
              <Alert>{t('store.checkout.noPaymentMethods')}</Alert>
            ) : (
              <fieldset className="plain-fieldset">
                <legend>{t('store.checkout.paymentMethod')}</legend>
                <div className="stack choices">
                  {payments.data.map((m) => (
                    <label key={m.id} className="choice">
                      <input type="radio" name="payment" value={m.id} required checked={paymentId === m.id} onChange={() => setPaymentChoice(m.id)} />
                      <span>{t(`store.checkout.methods.${m.id}`, { defaultValue: m.label })}</span>
                    </label>
                  ))}
                </div>
              </fieldset>
            )}
            {cardMethod ? (
              <StripeCardField publishableKey={cardMethod.publishableKey} scriptUrl={cardMethod.scriptUrl} onReady={setStripeCard} />
            ) : takesCard ? (
              <>
                <div className="test-cards" data-testid="test-cards">
                  <p><strong>{t('store.checkout.testMode')}</strong> {t('store.checkout.testCards')}</p>
                  <ul>
                    {TEST_CARDS.map((c) => (
                      <li key={c.number}><code>{c.number}</code> — {t(`store.checkout.testOutcome.${c.outcome}`)}</li>
                    ))}
                  </ul>
                </div>
                <div className="form-grid">
                  <Field label={t('store.card.number')} autoComplete="cc-number" inputMode="numeric" required pattern="[0-9 ]{12,23}" value={card.number} onChange={setC('number')} />
                  <Field label={t('store.card.cvc')} autoComplete="cc-csc" inputMode="numeric" required pattern="[0-9]{3,4}" maxLength={4} value={card.cvc} onChange={setC('cvc')} />
                  <Field label={t('store.card.expMonth')} type="number" autoComplete="cc-exp-month" required min={1} max={12} value={card.expMonth} onChange={setC('expMonth')} placeholder={formatNumber(12, i18n.language)} />
                  <Field label={t('store.card.expYear')} type="number" autoComplete="cc-exp-year" required min={year} max={year + 20} value={card.expYear} onChange={setC('expYear')} placeholder={String(year + 2)} />
                </div>
              </>
            ) : paymentId === 'bank_transfer' || paymentId === 'cash_on_delivery' || paymentId === 'pay_in_store' ? (
              <p className="muted" data-testid="offline-note">{t(`store.checkout.offlineNote.${paymentId}`)}</p>
            ) : null}
          </section>
        </div>

        <aside className="card stack checkout-summary" aria-labelledby="co-summary">
          <h2 id="co-summary">{t('store.checkout.summary')}</h2>
          {oneColumn ? null : lines}
          {totals}
          {placeOrder.isError ? (
            <div ref={errorRef} tabIndex={-1}>
              <Alert>{message(placeOrder.error)}</Alert>
            </div>
          ) : null}
          {cardError ? <Alert>{cardError}</Alert> : null}
          {!methodId ? <p className="muted">{t('store.checkout.chooseMethod')}</p> : null}
          <Button type="submit" disabled={placeOrder.isPending || paying || !methodId || !paymentId || setShipping.isPending || (!!cardMethod && !stripeCard)}>
            {placeOrder.isPending || paying ? t('store.checkout.placing') : t('store.checkout.place')}
          </Button>
          <Link to="/cart">{t('store.checkout.backToCart')}</Link>
        </aside>
      </form>
    </div>
  );
}
