import { describe, expect, it } from 'vitest';
import { cardBrand, cardSummary, isExpired, luhnValid, normalizeCardNumber } from './card.js';
import { authorizeInputProblems } from './input.js';
import { signatureProblem, signPayload } from '../../../platform/http/signature.js';
import { refundable, settlementFor, statusAfterRefund } from './state.js';
import { createTestProvider, TEST_CARDS } from './test-provider.js';
import type { AuthorizeRequest, PaymentProvider } from './provider.js';

const NOW = new Date('2025-06-15T12:00:00Z');
const provider: PaymentProvider = createTestProvider({ now: () => NOW });
const request = (number: string, overrides: Partial<AuthorizeRequest['card']> = {}, reference = 'ord_1'): AuthorizeRequest => ({
  amount: 1250, currency: 'GBP', reference, card: { number, expMonth: 12, expYear: 2030, cvc: '123', ...overrides },
});

describe('card arithmetic', () => {
  it('normalises spaces and checks Luhn', () => {
    expect(normalizeCardNumber(' 4242 4242\t4242 4242 ')).toBe('4242424242424242');
    expect(luhnValid('4242424242424242')).toBe(true);
    expect(luhnValid('4000000000000002')).toBe(true);
    expect(luhnValid('4000000000009995')).toBe(true);
    expect(luhnValid('5555555555554444')).toBe(true);
    expect(luhnValid('4242424242424241')).toBe(false);
    expect(luhnValid('42424242')).toBe(false);
    expect(luhnValid('4242-4242-4242-4242')).toBe(false);
    expect(luhnValid('')).toBe(false);
  });

  it('detects brands and keeps only brand + last 4', () => {
    expect(cardBrand('4242424242424242')).toBe('visa');
    expect(cardBrand('5555555555554444')).toBe('mastercard');
    expect(cardBrand('2223003122003222')).toBe('mastercard');
    expect(cardBrand('378282246310005')).toBe('amex');
    expect(cardBrand('6011111111111117')).toBe('discover');
    expect(cardBrand('9999999999999995')).toBe('unknown');
    expect(cardSummary('4242 4242 4242 4242')).toEqual({ brand: 'visa', last4: '4242' });
    expect(cardSummary('not a card')).toBeNull();
    expect(cardSummary('1234')).toBeNull();
  });

  it('expires at the end of the expiry month (UTC), two-digit years read as 20xx', () => {
    expect(isExpired(6, 2025, NOW)).toBe(false);
    expect(isExpired(5, 2025, NOW)).toBe(true);
    expect(isExpired(12, 2024, NOW)).toBe(true);
    expect(isExpired(1, 2026, NOW)).toBe(false);
    expect(isExpired(6, 25, NOW)).toBe(false);
    expect(isExpired(5, 25, NOW)).toBe(true);
  });
});

describe('the test provider', () => {
  it('authorizes 4242 4242 4242 4242 (spaces ignored) with a deterministic reference', async () => {
    const a = await provider.authorize(request('4242 4242 4242 4242'));
    const b = await provider.authorize(request('4242424242424242'));
    expect(a.outcome).toBe('authorized');
    expect(a.declineCode).toBeUndefined();
    expect(a.providerRef).toMatch(/^test_[0-9a-f]{24}$/);
    expect(b.providerRef).toBe(a.providerRef);
    const other = await provider.authorize(request('4242424242424242', {}, 'ord_2'));
    expect(other.providerRef).not.toBe(a.providerRef);
    expect(a.providerRef).not.toContain('4242424242424242');
  });

  it('declines 4000 0000 0000 0002 with card_declined and 4000 0000 0000 9995 with insufficient_funds', async () => {
    expect(await provider.authorize(request('4000 0000 0000 0002'))).toMatchObject({ outcome: 'declined', declineCode: 'card_declined', message: 'The card was declined.' });
    expect(await provider.authorize(request('4000 0000 0000 9995'))).toMatchObject({ outcome: 'declined', declineCode: 'insufficient_funds', message: 'The card has insufficient funds.' });
  });

  it('declines Luhn-invalid or malformed numbers with incorrect_number', async () => {
    for (const number of ['4242 4242 4242 4241', '1234', 'abcd efgh ijkl mnop', '', '4242-4242-4242-4242']) {
      expect(await provider.authorize(request(number)), number).toMatchObject({ outcome: 'declined', declineCode: 'incorrect_number' });
    }
  });

  it('declines a past expiry with expired_card (even for the success card), accepts the current month', async () => {
    expect(await provider.authorize(request(TEST_CARDS.succeeds, { expMonth: 5, expYear: 2025 }))).toMatchObject({ outcome: 'declined', declineCode: 'expired_card' });
    expect(await provider.authorize(request(TEST_CARDS.succeeds, { expMonth: 6, expYear: 2025 }))).toMatchObject({ outcome: 'authorized' });
  });

  it('declines other valid numbers with card_declined and a message naming the test cards', async () => {
    const res = await provider.authorize(request('5555 5555 5555 4444'));
    expect(res).toMatchObject({ outcome: 'declined', declineCode: 'card_declined' });
    expect(res.message).toContain('4242 4242 4242 4242');
    expect(res.message).toContain('4000 0000 0000 0002');
    expect(res.message).toContain('4000 0000 0000 9995');
  });

  it('captures, voids and refunds its own references (a new refund reference each time); refuses others and bad amounts', async () => {
    const { providerRef } = await provider.authorize(request(TEST_CARDS.succeeds));
    await expect(provider.capture(providerRef, 100)).resolves.toBeUndefined();
    await expect(provider.void(providerRef)).resolves.toBeUndefined();
    const first = await provider.refund(providerRef, 1);
    expect(first.providerRefundRef).toMatch(/^re_test_[0-9a-f]{24}$/);
    expect((await provider.refund(providerRef, 1)).providerRefundRef).not.toBe(first.providerRefundRef);
    await expect(provider.capture('other_123', 100)).rejects.toThrow(/Unknown/);
    await expect(provider.refund(providerRef, 0)).rejects.toThrow(/positive integer/);
    await expect(provider.capture(providerRef, 1.5)).rejects.toThrow(/positive integer/);
  });
});

describe('webhook signatures', () => {
  const secret = 'whsec_test';
  const body = '{"id":"evt_1","type":"payment.captured","data":{"providerRef":"test_x"}}';
  const now = 1_750_000_000;

  it('accepts a signature made with the secret within 5 minutes', () => {
    const header = signPayload(secret, body, now);
    expect(header).toMatch(/^t=1750000000,v1=[0-9a-f]{64}$/);
    expect(signatureProblem(header, body, secret, now)).toBeNull();
    expect(signatureProblem(header, Buffer.from(body), secret, now + 300)).toBeNull();
    expect(signatureProblem(`${header},v1=${'0'.repeat(64)}`, body, secret, now)).toBeNull();
  });

  it('refuses missing, malformed, stale, future and wrong signatures', () => {
    const header = signPayload(secret, body, now);
    expect(signatureProblem(undefined, body, secret, now)).toBe('missing');
    expect(signatureProblem('', body, secret, now)).toBe('missing');
    expect(signatureProblem('garbage', body, secret, now)).toBe('malformed');
    expect(signatureProblem(`t=${now}`, body, secret, now)).toBe('malformed');
    expect(signatureProblem(`t=abc,v1=${'0'.repeat(64)}`, body, secret, now)).toBe('malformed');
    expect(signatureProblem(`t=${now},v1=abc`, body, secret, now)).toBe('malformed');
    expect(signatureProblem(header, body, secret, now + 301)).toBe('stale');
    expect(signatureProblem(header, body, secret, now - 301)).toBe('stale');
    expect(signatureProblem(header, body, 'another secret', now)).toBe('mismatch');
    expect(signatureProblem(header, body.replace('evt_1', 'evt_2'), secret, now)).toBe('mismatch');
    expect(signatureProblem(header.replace(`t=${now}`, `t=${now + 1}`), body, secret, now)).toBe('mismatch');
  });
});

describe('payment state rules', () => {
  it('computes what is refundable and the status after a refund', () => {
    expect(refundable({ capturedAmount: 100, refundedAmount: 30 })).toBe(70);
    expect(refundable({ capturedAmount: 0, refundedAmount: 0 })).toBe(0);
    expect(statusAfterRefund(100, 30)).toBe('partially_refunded');
    expect(statusAfterRefund(100, 100)).toBe('refunded');
  });

  it('settles a cancellation: void authorized, refund what is left, nothing otherwise', () => {
    expect(settlementFor({ status: 'authorized', capturedAmount: 0, refundedAmount: 0 })).toEqual({ action: 'void' });
    expect(settlementFor({ status: 'captured', capturedAmount: 100, refundedAmount: 0 })).toEqual({ action: 'refund', amount: 100 });
    expect(settlementFor({ status: 'partially_refunded', capturedAmount: 100, refundedAmount: 40 })).toEqual({ action: 'refund', amount: 60 });
    for (const status of ['refunded', 'voided', 'failed'] as const) {
      expect(settlementFor({ status, capturedAmount: 100, refundedAmount: 100 })).toEqual({ action: 'none' });
    }
  });
});

describe('authorize input shape', () => {
  const valid = { orderId: 'ord_1', amount: { amount: 100, currency: 'GBP' }, provider: 'test', card: { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, cvc: '123' } };

  it('accepts a well-formed request', () => {
    expect(authorizeInputProblems(valid)).toEqual([]);
  });

  it('names every malformed field without echoing card data', () => {
    const problems = authorizeInputProblems({
      orderId: '', amount: { amount: 1.5, currency: 'gbp' }, provider: 'x'.repeat(40),
      card: { number: '4'.repeat(41), expMonth: 13, expYear: 1.5, cvc: '12a' },
    });
    expect(problems.map((p) => p.field)).toEqual(['orderId', 'amount/amount', 'amount/currency', 'provider', 'card/number', 'card/expMonth', 'card/expYear', 'card/cvc']);
    expect(JSON.stringify(problems)).not.toContain('4444');
    expect(authorizeInputProblems({ ...valid, amount: { amount: 0, currency: 'GBP' } }).map((p) => p.field)).toEqual(['amount/amount']);
    expect(authorizeInputProblems({ ...valid, amount: null, card: 'x' }).map((p) => p.field)).toEqual(['amount', 'card']);
  });
});
