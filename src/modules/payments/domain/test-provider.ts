import { createHash, randomBytes } from 'node:crypto';
import { isExpired, luhnValid, normalizeCardNumber } from './card.js';
import type { AuthorizeRequest, AuthorizeResult, PaymentProvider, RefundResult } from './provider.js';

/**
 * The test cards of the built-in `test` provider: the numbers shoppers know from the large
 * payment processors. Any CVC and any future expiry date work with them.
 */
export const TEST_CARDS = {
  /** 4242 4242 4242 4242: authorized. */
  succeeds: '4242424242424242',
  /** 4000 0000 0000 0002: declined, `card_declined`. */
  declined: '4000000000000002',
  /** 4000 0000 0000 9995: declined, `insufficient_funds`. */
  insufficientFunds: '4000000000009995',
} as const;

/** Prefix of every reference the test provider hands out. */
export const TEST_PROVIDER_REF_PREFIX = 'test_';

/** Prefix of the refund references the test provider hands out (`re_test_<24 hex>`, random). */
export const TEST_PROVIDER_REFUND_REF_PREFIX = `re_${TEST_PROVIDER_REF_PREFIX}`;

const TEST_CARD_LIST =
  '4242 4242 4242 4242 (succeeds), 4000 0000 0000 0002 (declined) or 4000 0000 0000 9995 (insufficient funds)';

/** Options of {@link createTestProvider}. */
export interface TestProviderOptions {
  /** Clock used for the expiry check (default: the system clock). */
  now?: () => Date;
}

/**
 * Deterministic reference of an authorization attempt: the same request gives the same
 * reference (a retried request is recognised), different orders or cards give different ones.
 * Built from the reference, amount, currency, last 4 digits and expiry: never from the full number.
 */
function referenceFor(request: AuthorizeRequest, digits: string): string {
  const material = [request.reference, request.amount, request.currency, digits.slice(-4), request.card.expMonth, request.card.expYear].join('|');
  return TEST_PROVIDER_REF_PREFIX + createHash('sha256').update(material).digest('hex').slice(0, 24);
}

function assertRef(providerRef: string): void {
  if (!providerRef.startsWith(TEST_PROVIDER_REF_PREFIX)) throw new Error(`Unknown test provider reference ${providerRef}`);
}

function assertAmount(amount: number): void {
  if (!Number.isSafeInteger(amount) || amount <= 0) throw new Error('The amount must be a positive integer (minor units)');
}

/**
 * The built-in `test` provider: no network, no state, deterministic.
 * - spaces in card numbers are ignored;
 * - not 12–19 digits, or a failed Luhn check → declined `incorrect_number`;
 * - expiry before the current month → declined `expired_card`;
 * - 4242 4242 4242 4242 → authorized; 4000 0000 0000 0002 → declined `card_declined`;
 *   4000 0000 0000 9995 → declined `insufficient_funds`;
 * - any other valid number → declined `card_declined`, with a message naming the test cards.
 * `capture`, `void` and `refund` accept any reference it handed out and a positive integer amount;
 * each refund gets a new random reference `re_test_<24 hex>`.
 */
export function createTestProvider(options: TestProviderOptions = {}): PaymentProvider {
  const now = options.now ?? (() => new Date());
  return {
    name: 'test',
    async authorize(request: AuthorizeRequest): Promise<AuthorizeResult> {
      const digits = normalizeCardNumber(request.card.number);
      const providerRef = referenceFor(request, digits);
      const declined = (declineCode: NonNullable<AuthorizeResult['declineCode']>, message: string): AuthorizeResult => ({
        outcome: 'declined', providerRef, declineCode, message,
      });
      if (!luhnValid(digits)) return declined('incorrect_number', 'The card number is incorrect.');
      if (isExpired(request.card.expMonth, request.card.expYear, now())) return declined('expired_card', 'The card has expired.');
      switch (digits) {
        case TEST_CARDS.succeeds:
          return { outcome: 'authorized', providerRef };
        case TEST_CARDS.declined:
          return declined('card_declined', 'The card was declined.');
        case TEST_CARDS.insufficientFunds:
          return declined('insufficient_funds', 'The card has insufficient funds.');
        default:
          return declined('card_declined', `The card was declined: the test provider only knows the test cards ${TEST_CARD_LIST}.`);
      }
    },
    async capture(providerRef: string, amount: number): Promise<void> {
      assertRef(providerRef);
      assertAmount(amount);
    },
    async void(providerRef: string): Promise<void> {
      assertRef(providerRef);
    },
    async refund(providerRef: string, amount: number): Promise<RefundResult> {
      assertRef(providerRef);
      assertAmount(amount);
      return { providerRefundRef: TEST_PROVIDER_REFUND_REF_PREFIX + randomBytes(12).toString('hex') };
    },
  };
}
