/**
 * Card payments with Stripe.js: the card form is Stripe's own element (card numbers go to
 * Stripe, never to the shop), and the PaymentIntent the checkout created is confirmed in the
 * browser with `confirmCardPayment` (Stripe shows 3-D Secure when the bank asks for it). Then
 * the shop is told (`POST /api/orders/{id}/payment/confirm`), which settles the order with what
 * Stripe says, as the signed webhook would, whichever comes first.
 *
 * Stripe.js is loaded from `scriptUrl` (`STRIPE_JS_URL` on the server, default
 * https://js.stripe.com/v3/; tests use the local stand-in's mock of it). `@stripe/stripe-js`'s
 * loader is not a dependency: it only loads from js.stripe.com, so the script is added here,
 * and only the few members used are typed.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../ui';
import { api, ok } from '../../lib/api';

/** The card element of Stripe.js (the members used). */
interface StripeCardElement {
  mount(node: HTMLElement): void;
  destroy(): void;
}

/** A Stripe.js instance (the members used). */
interface StripeJs {
  elements(): { create(type: 'card', options?: Record<string, unknown>): StripeCardElement };
  confirmCardPayment(clientSecret: string, data: { payment_method: { card: StripeCardElement } }): Promise<{ error?: { message?: string; code?: string }; paymentIntent?: { status: string } }>;
}

declare global {
  interface Window {
    Stripe?: (publishableKey: string) => StripeJs;
  }
}

const loading = new Map<string, Promise<NonNullable<Window['Stripe']>>>();

/** Loads Stripe.js from `url` once (a `<script>` in the head) and answers its `Stripe` constructor. */
export function loadStripeJs(url: string): Promise<NonNullable<Window['Stripe']>> {
  if (window.Stripe) return Promise.resolve(window.Stripe);
  let pending = loading.get(url);
  if (!pending) {
    pending = new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = url;
      script.async = true;
      script.onload = () => (window.Stripe ? resolve(window.Stripe) : reject(new Error('Stripe.js did not load')));
      script.onerror = () => {
        loading.delete(url);
        reject(new Error('Stripe.js could not be loaded'));
      };
      document.head.appendChild(script);
    });
    loading.set(url, pending);
  }
  return pending;
}

/** What the checkout keeps of a mounted card field, to pay with it once the order is placed. */
export interface StripeCardHandle {
  stripe: StripeJs;
  card: StripeCardElement;
}

/** Props of {@link StripeCardField}. */
export interface StripeCardFieldProps {
  /** `pk_live_…` / `pk_test_…` (from GET /api/payment-methods). */
  publishableKey: string;
  /** Where Stripe.js is loaded from (from GET /api/payment-methods). */
  scriptUrl: string;
  /** Called with the handle once the card element is mounted, and with null when it goes. */
  onReady(handle: StripeCardHandle | null): void;
}

/** Stripe's card element, mounted in the checkout's payment section. */
export function StripeCardField({ publishableKey, scriptUrl, onReady }: StripeCardFieldProps) {
  const { t } = useTranslation();
  const host = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let card: StripeCardElement | null = null;
    let gone = false;
    loadStripeJs(scriptUrl)
      .then((Stripe) => {
        if (gone || !host.current) return;
        const stripe = Stripe(publishableKey);
        card = stripe.elements().create('card', { hidePostalCode: true });
        card.mount(host.current);
        onReady({ stripe, card });
      })
      .catch(() => setFailed(true));
    return () => {
      gone = true;
      card?.destroy();
      onReady(null);
    };
  }, [publishableKey, scriptUrl]); // onReady: the parent's state setter, stable
  return (
    <div className="stack">
      <span>{t('store.card.stripeLabel')}</span>
      <div ref={host} className="stripe-card" data-testid="stripe-card" />
      {failed ? <Alert>{t('store.card.stripeUnavailable')}</Alert> : null}
    </div>
  );
}

/** The payment the checkout answered for a card order: confirm it in the browser with its client secret. */
export interface PendingCardPayment {
  orderId: string;
  clientSecret: string;
}

/**
 * Confirms the PaymentIntent with Stripe.js (3-D Secure included), then asks the shop to settle
 * the order. Answers the order status (`confirmed` once paid).
 * @throws Error with Stripe's message when the card is declined (the shop then cancels the
 *   order and reopens the cart), or the API's error.
 */
export async function payWithStripe(handle: StripeCardHandle, pending: PendingCardPayment): Promise<string> {
  const result = await handle.stripe.confirmCardPayment(pending.clientSecret, { payment_method: { card: handle.card } });
  const settled = await ok(api.POST('/api/orders/{id}/payment/confirm', { params: { path: { id: pending.orderId } } }));
  if (result.error) throw new Error(result.error.message ?? 'The card was declined.');
  return settled.orderStatus;
}
