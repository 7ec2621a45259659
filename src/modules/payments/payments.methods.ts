/**
 * The payment methods a shop offers at checkout, enabled by configuration, and the rules of the
 * offline ones (those that need no provider: the money arrives by bank transfer, at the door, or
 * at the shop's counter). `GET /api/payment-methods` lists the enabled methods; the checkout
 * refuses any other before it writes anything; the orders module asks here whether an order
 * paid by a method may wait for its money, and whether it may ship before the money is in.
 */
import { randomBytes } from 'node:crypto';
import type { Config } from '../../platform/config.js';
import type { PaymentProvider } from './domain/provider.js';

/** Ids of the offline methods. */
export const OFFLINE_METHOD_IDS = ['bank_transfer', 'cash_on_delivery', 'pay_in_store'] as const;
/** One of {@link OFFLINE_METHOD_IDS}. */
export type OfflineMethodId = (typeof OFFLINE_METHOD_IDS)[number];

/** True when `id` names an offline method (enabled or not). */
export function isOfflineMethod(id: string): id is OfflineMethodId {
  return (OFFLINE_METHOD_IDS as readonly string[]).includes(id);
}

/**
 * A payment method as the storefront sees it (`GET /api/payment-methods`). `provider` is the
 * provider that takes the payment (`test`, `stripe`), null for offline methods. `publishableKey`:
 * card methods whose client talks to the processor (Stripe). `testMode`: the `test` method in
 * production (`PAYMENTS_TEST_MODE=true`): the storefront shows a "test mode" banner.
 */
export interface PaymentMethodDto {
  id: string;
  kind: 'card' | 'offline';
  provider: string | null;
  label: string;
  publishableKey?: string;
  /** Card methods confirmed in the browser: the processor's script (Stripe.js) the storefront loads. */
  scriptUrl?: string;
  testMode?: boolean;
}

/** The shop's bank account, shown to bank-transfer buyers with the order number as reference. */
export interface BankDetails {
  accountName: string;
  iban: string;
  bic: string;
}

/**
 * A method with the rules the checkout and the orders module apply:
 * - `takesCard`: the checkout body carries card fields (only the `test` method; real card
 *   numbers never reach the server);
 * - `placesOrderAs`: the status a new order gets: `payment_processing` (a provider authorizes
 *   it now), `awaiting_payment` (bank transfer, pay in store: the order waits for its money
 *   until staff record it), `confirmed` (cash on delivery: fulfilled first, paid at the door);
 * - `shipsUnpaid`: the order may ship before a payment is captured (cash on delivery);
 * - `paymentTimeoutMinutes`: how long an `awaiting_payment` order waits before the unpaid-order
 *   sweep cancels it (null: the platform's `PAYMENT_TIMEOUT_MINUTES` for card methods, or none);
 * - `bankDetails`: bank transfer only.
 */
export interface PaymentMethodRule extends PaymentMethodDto {
  takesCard: boolean;
  placesOrderAs: 'payment_processing' | 'awaiting_payment' | 'confirmed';
  shipsUnpaid: boolean;
  paymentTimeoutMinutes: number | null;
  bankDetails?: BankDetails;
  /** False for a known method that configuration does not offer (orders placed with it keep their rules). */
  enabled: boolean;
}

/** Demo bank details used outside production when `SHOP_BANK_IBAN` is not set (an example IBAN, not a real account). */
export const DEMO_BANK_DETAILS: BankDetails = { accountName: 'Comptoir Demo Shop', iban: 'GB33BUKB20201555555555', bic: 'BUKBGB22' };

const LABELS: Record<OfflineMethodId, string> = {
  bank_transfer: 'Bank transfer',
  cash_on_delivery: 'Cash on delivery',
  pay_in_store: 'Pay in store (click and collect)',
};

const DAY_MINUTES = 24 * 60;

/**
 * The method registry: the enabled methods in the order the storefront offers them (card
 * methods first, then offline ones as listed in `PAYMENT_METHODS`), and the rules of every known
 * method.
 */
export class PaymentMethods {
  private readonly rules = new Map<string, PaymentMethodRule>();

  constructor(rules: PaymentMethodRule[]) {
    for (const r of rules) this.rules.set(r.id, r);
  }

  /** The enabled methods as `GET /api/payment-methods` lists them. */
  list(): PaymentMethodDto[] {
    return [...this.rules.values()].filter((r) => r.enabled).map(publicView);
  }

  /** The rules of method `id` (enabled or not); null when no such method is known. */
  get(id: string): PaymentMethodRule | null {
    return this.rules.get(id) ?? null;
  }
}

/** The public part of a rule. */
function publicView(r: PaymentMethodRule): PaymentMethodDto {
  return {
    id: r.id, kind: r.kind, provider: r.provider, label: r.label,
    ...(r.publishableKey !== undefined ? { publishableKey: r.publishableKey } : {}),
    ...(r.scriptUrl !== undefined ? { scriptUrl: r.scriptUrl } : {}),
    ...(r.testMode !== undefined ? { testMode: r.testMode } : {}),
  };
}

/**
 * The registry for `config`: `test` when the test provider is registered (`testProvider`),
 * `cardMethods` contributed by provider adapters (e.g. Stripe's `card`), then the offline
 * methods of `config.paymentMethods` (unset: all three, bank transfer only when it can be paid).
 * Bank transfer needs the shop's bank details: without `SHOP_BANK_IBAN` it is left out in
 * production (refused when listed explicitly) and uses {@link DEMO_BANK_DETAILS} elsewhere.
 * @throws Error when `PAYMENT_METHODS` names an unknown method, or bank transfer is enabled in
 *   production without `SHOP_BANK_IBAN`/`SHOP_BANK_ACCOUNT_NAME`.
 */
export function configuredMethods(config: Config, testProvider: boolean, cardMethods: PaymentMethodRule[] = []): PaymentMethods {
  const bank = config.shopBank;
  const listed = config.paymentMethods ?? OFFLINE_METHOD_IDS.filter((m) => m !== 'bank_transfer' || !config.production || !!bank.iban);
  const unknown = listed.filter((m) => !isOfflineMethod(m));
  if (unknown.length) throw new Error(`PAYMENT_METHODS: unknown method "${unknown[0]}" (known: ${OFFLINE_METHOD_IDS.join(', ')})`);
  const enabled = new Set(listed);
  const rules: PaymentMethodRule[] = [];
  if (testProvider) {
    rules.push({
      id: 'test', kind: 'card', provider: 'test', label: 'Test card', ...(config.production ? { testMode: true } : {}),
      takesCard: true, placesOrderAs: 'payment_processing', shipsUnpaid: false, paymentTimeoutMinutes: null, enabled: true,
    });
  }
  rules.push(...cardMethods);
  let bankDetails: BankDetails = DEMO_BANK_DETAILS;
  if (bank.iban) bankDetails = { accountName: bank.accountName ?? '', iban: bank.iban, bic: bank.bic ?? '' };
  if (enabled.has('bank_transfer') && config.production && (!bank.iban || !bank.accountName)) {
    throw new Error('Bank transfer is enabled (PAYMENT_METHODS) but SHOP_BANK_ACCOUNT_NAME and SHOP_BANK_IBAN are not set');
  }
  const offline: Record<OfflineMethodId, Omit<PaymentMethodRule, 'enabled'>> = {
    bank_transfer: {
      id: 'bank_transfer', kind: 'offline', provider: null, label: LABELS.bank_transfer, takesCard: false, placesOrderAs: 'awaiting_payment',
      shipsUnpaid: false, paymentTimeoutMinutes: config.bankTransferTimeoutDays * DAY_MINUTES, bankDetails,
    },
    cash_on_delivery: {
      id: 'cash_on_delivery', kind: 'offline', provider: null, label: LABELS.cash_on_delivery, takesCard: false, placesOrderAs: 'confirmed',
      shipsUnpaid: true, paymentTimeoutMinutes: null,
    },
    pay_in_store: {
      id: 'pay_in_store', kind: 'offline', provider: null, label: LABELS.pay_in_store, takesCard: false, placesOrderAs: 'awaiting_payment',
      shipsUnpaid: false, paymentTimeoutMinutes: config.payInStoreTimeoutDays * DAY_MINUTES,
    },
  };
  // Enabled ones in the configured order, then the others (known, so their orders keep their rules).
  const order = [...listed.filter(isOfflineMethod), ...OFFLINE_METHOD_IDS.filter((m) => !enabled.has(m))];
  for (const id of new Set(order)) rules.push({ ...offline[id], enabled: enabled.has(id) });
  return new PaymentMethods(rules);
}

/**
 * The provider behind a recorded offline payment (named like its method): the money moved
 * outside any processor, so capture and void have nothing to do, and a refund (a transfer back,
 * cash handed back) is only recorded, under a fresh `offline_re_<hex>` reference. It never
 * authorizes: offline payments are recorded, not authorized.
 */
export function offlineProvider(id: OfflineMethodId): PaymentProvider {
  return {
    name: id,
    authorize: () => Promise.reject(new Error(`${id} payments are recorded by staff, not authorized`)),
    capture: () => Promise.resolve(),
    void: () => Promise.resolve(),
    refund: () => Promise.resolve({ providerRefundRef: `offline_re_${randomBytes(12).toString('hex')}` }),
  };
}
