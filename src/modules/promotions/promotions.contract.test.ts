import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, onPostgres, type TestApp } from '../../../test/support/app.js';
import { rows } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import type { PromotionCustomer, PromotionEvaluationInput } from './index.js';

let app: TestApp;
let admin: string;

const auth = () => ({ authorization: `Bearer ${admin}` });
const NOW = new Date('2025-06-15T12:00:00.000Z');

async function promo(body: Record<string, unknown>): Promise<{ id: string; code: string }> {
  const res = await app.inject({ method: 'POST', url: '/api/admin/promotions', headers: auth(), payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/** A cart of a £10.00 mug (kitchen, under home) and a £20.00 bag (bags), £4.95 shipping. */
const cart = (code: string, over: Partial<PromotionEvaluationInput> = {}): PromotionEvaluationInput => ({
  code,
  currency: 'GBP',
  subtotal: 3000,
  shipping: 495,
  lines: [
    { sku: 'MUG-1', categoryIds: ['cat_home', 'cat_kitchen'], lineTotal: 1000 },
    { sku: 'BAG-1', categoryIds: ['cat_bags'], lineTotal: 2000 },
  ],
  customer: null,
  now: NOW,
  ...over,
});

/** The AppError `fn` rejects with (fails the test when it resolves). */
async function rejection(fn: () => Promise<unknown>): Promise<AppError> {
  try {
    await fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected a rejection');
}

/** A customer from a shorthand key: an e-mail (a guest) when it holds `@`, else a user id (no e-mail known). */
const who = (key: string | null): PromotionCustomer | null => (key === null ? null : key.includes('@') ? { userId: null, email: key } : { userId: key, email: null });
const redeemIn = (promotionId: string, orderId: string, customer: string | PromotionCustomer | null = null) =>
  app.database.transaction((tx) => app.promotions.redeem(tx, { promotionId, orderId, customer: typeof customer === 'string' ? who(customer) : customer }));
const releaseIn = (orderId: string) => app.database.transaction((tx) => app.promotions.release(tx, orderId));
const timesUsed = async (id: string) => (await app.inject({ url: `/api/admin/promotions/${id}`, headers: auth() })).json().timesUsed as number;

/**
 * Usage of a promotion as the back office shows it: `timesUsed` (the counter the usage limit
 * guards) and `active` (its redemptions still active, counted over every page of the list).
 * @throws AppError as the API answered when it is not 200 (404 PROMOTIONS.NOT_FOUND).
 */
async function usage(id: string): Promise<{ timesUsed: number; active: number }> {
  const one = await app.inject({ url: `/api/admin/promotions/${id}`, headers: auth() });
  if (one.statusCode !== 200) throw new AppError(one.json().code, one.statusCode, one.json().detail);
  let active = 0;
  for (let page = 1; ; page += 1) {
    const res = await app.inject({ url: `/api/admin/promotions/${id}/redemptions?limit=100&page=${page}`, headers: auth() });
    expect(res.statusCode, res.body).toBe(200);
    const { data } = res.json() as { data: { status: string }[] };
    active += data.filter((r) => r.status === 'active').length;
    if (data.length < 100) break;
  }
  return { timesUsed: one.json().timesUsed as number, active };
}

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.tokenFor(['admin']);
});
afterAll(() => app?.close());

describe('evaluate: the reasons', () => {
  it('NOT_FOUND for an unknown or disabled code; codes are case-insensitive', async () => {
    const p = await promo({ code: 'Hello10', type: 'percentage', value: 10 });
    expect(await app.promotions.evaluate(cart('NOPE'))).toEqual({ valid: false, reason: 'NOT_FOUND' });
    expect(await app.promotions.evaluate(cart(''))).toEqual({ valid: false, reason: 'NOT_FOUND' });
    expect(await app.promotions.evaluate(cart(`'; drop table promotions.promotion; --`))).toEqual({ valid: false, reason: 'NOT_FOUND' });
    for (const code of ['hello10', 'HELLO10', ' HeLlO10 ']) expect(await app.promotions.evaluate(cart(code))).toMatchObject({ valid: true, code: 'HELLO10', promotionId: p.id });
    await app.inject({ method: 'POST', url: `/api/admin/promotions/${p.id}/disable`, headers: auth() });
    expect(await app.promotions.evaluate(cart('hello10'))).toEqual({ valid: false, reason: 'NOT_FOUND' });
    await app.inject({ method: 'POST', url: `/api/admin/promotions/${p.id}/enable`, headers: auth() });
    expect((await app.promotions.evaluate(cart('hello10'))).valid).toBe(true);
  });

  it('NOT_STARTED before startsAt, EXPIRED from endsAt on', async () => {
    await promo({ code: 'JUNE', type: 'percentage', value: 10, startsAt: '2025-06-01T00:00:00Z', endsAt: '2025-07-01T00:00:00Z' });
    expect(await app.promotions.evaluate(cart('june', { now: new Date('2025-05-31T23:59:59Z') }))).toEqual({ valid: false, reason: 'NOT_STARTED' });
    expect((await app.promotions.evaluate(cart('june', { now: new Date('2025-06-01T00:00:00Z') }))).valid).toBe(true);
    expect(await app.promotions.evaluate(cart('june', { now: new Date('2025-07-01T00:00:00Z') }))).toEqual({ valid: false, reason: 'EXPIRED' });
    // Without `now`, the current time: long expired.
    expect(await app.promotions.evaluate(cart('june', { now: undefined }))).toEqual({ valid: false, reason: 'EXPIRED' });
  });

  it('USAGE_LIMIT_REACHED once every use is taken', async () => {
    const p = await promo({ code: 'TWICE', type: 'fixed_amount', value: 100, usageLimit: 2 });
    await redeemIn(p.id, 'ord_twice_1');
    expect((await app.promotions.evaluate(cart('twice'))).valid).toBe(true);
    await redeemIn(p.id, 'ord_twice_2');
    expect(await app.promotions.evaluate(cart('twice'))).toEqual({ valid: false, reason: 'USAGE_LIMIT_REACHED' });
  });

  it('ALREADY_USED when this customer holds perCustomerLimit active uses (e-mail compared lower-cased)', async () => {
    const p = await promo({ code: 'ONCE', type: 'percentage', value: 10, perCustomerLimit: 1 });
    await redeemIn(p.id, 'ord_once_1', 'Ann@Example.com');
    expect(await app.promotions.evaluate(cart('once', { customer: who('ann@example.COM') }))).toEqual({ valid: false, reason: 'ALREADY_USED' });
    expect((await app.promotions.evaluate(cart('once', { customer: who('bob@example.com') }))).valid).toBe(true);
    expect((await app.promotions.evaluate(cart('once', { customer: who(null) }))).valid).toBe(true);
    await releaseIn('ord_once_1'); // a cancelled order gives the use back
    expect((await app.promotions.evaluate(cart('once', { customer: who('ann@example.com') }))).valid).toBe(true);
  });

  it('MINIMUM_NOT_MET below minSubtotal (the whole cart subtotal counts)', async () => {
    await promo({ code: 'MIN30', type: 'percentage', value: 10, minSubtotal: 3001, skus: ['MUG-1'] });
    expect(await app.promotions.evaluate(cart('min30'))).toEqual({ valid: false, reason: 'MINIMUM_NOT_MET' });
    expect(await app.promotions.evaluate(cart('min30', { subtotal: 3001, lines: [...cart('').lines, { sku: 'PEN', categoryIds: [], lineTotal: 1 }] }))).toMatchObject({ valid: true, discount: 100 });
  });

  it('NOT_APPLICABLE when no line is eligible, or for a fixed amount in another currency', async () => {
    await promo({ code: 'SHOESONLY', type: 'percentage', value: 10, skus: ['SHOE-1'], categoryIds: ['cat_shoes'] });
    expect(await app.promotions.evaluate(cart('shoesonly'))).toEqual({ valid: false, reason: 'NOT_APPLICABLE' });
    expect(await app.promotions.evaluate(cart('hello10', { lines: [], subtotal: 0 }))).toEqual({ valid: false, reason: 'NOT_APPLICABLE' });
    await promo({ code: 'EURO5', type: 'fixed_amount', value: 500, currency: 'EUR' });
    expect(await app.promotions.evaluate(cart('euro5'))).toEqual({ valid: false, reason: 'NOT_APPLICABLE' });
    expect(await app.promotions.evaluate(cart('euro5', { currency: 'EUR' }))).toMatchObject({ valid: true, discount: 500 });
  });

  it('refuses amounts that are not non-negative integers with a 400 AppError', async () => {
    for (const bad of [{ subtotal: -1 }, { subtotal: 10.5 }, { shipping: Number.NaN }, { lines: [{ sku: 'A', categoryIds: [], lineTotal: -5 }] }, { now: new Date('nope') }]) {
      const err = await rejection(() => app.promotions.evaluate(cart('hello10', bad)));
      expect(err.status).toBe(400);
      expect(err.code).toBe('VALIDATION.FAILED');
    }
  });
});

describe('evaluate: the math', () => {
  it('percentage over every line, spread in proportion', async () => {
    await promo({ code: 'TEN', type: 'percentage', value: 10 });
    expect(await app.promotions.evaluate(cart('ten'))).toMatchObject({
      valid: true, type: 'percentage', discount: 300, freeShipping: false,
      lineDiscounts: [{ sku: 'MUG-1', discount: 100 }, { sku: 'BAG-1', discount: 200 }],
    });
  });

  it('percentage restricted to a category (an ancestor matches) rounds half-up on the eligible total', async () => {
    await promo({ code: 'HOME15', type: 'percentage', value: 15, categoryIds: ['cat_home'] });
    const r = await app.promotions.evaluate(cart('home15', {
      subtotal: 2333,
      lines: [
        { sku: 'MUG-1', categoryIds: ['cat_home', 'cat_kitchen'], lineTotal: 333 },
        { sku: 'BAG-1', categoryIds: ['cat_bags'], lineTotal: 2000 },
      ],
    }));
    expect(r).toEqual({ valid: true, promotionId: expect.any(String), code: 'HOME15', type: 'percentage', discount: 50, freeShipping: false, lineDiscounts: [{ sku: 'MUG-1', discount: 50 }] });
  });

  it('spreads over eligible lines with largest-remainder rounding, summing exactly', async () => {
    await promo({ code: 'THIRD', type: 'fixed_amount', value: 100, skus: ['A', 'B', 'C'] });
    const r = await app.promotions.evaluate(cart('third', {
      subtotal: 1300,
      lines: [
        { sku: 'A', categoryIds: [], lineTotal: 100 },
        { sku: 'X', categoryIds: [], lineTotal: 1000 },
        { sku: 'B', categoryIds: [], lineTotal: 100 },
        { sku: 'C', categoryIds: [], lineTotal: 100 },
      ],
    }));
    expect(r).toMatchObject({ valid: true, discount: 100, lineDiscounts: [{ sku: 'A', discount: 34 }, { sku: 'B', discount: 33 }, { sku: 'C', discount: 33 }] });
  });

  it('a fixed amount never exceeds the eligible lines', async () => {
    await promo({ code: 'BIGMUG', type: 'fixed_amount', value: 5000, skus: ['MUG-1'] });
    expect(await app.promotions.evaluate(cart('bigmug'))).toMatchObject({ valid: true, discount: 1000, lineDiscounts: [{ sku: 'MUG-1', discount: 1000 }] });
  });

  it('free shipping: no discount on lines, freeShipping true, restrictions still apply', async () => {
    await promo({ code: 'FREESHIP', type: 'free_shipping' });
    expect(await app.promotions.evaluate(cart('freeship'))).toMatchObject({ valid: true, type: 'free_shipping', discount: 0, freeShipping: true, lineDiscounts: [] });
    await promo({ code: 'FREESHIPBAGS', type: 'free_shipping', categoryIds: ['cat_bags'] });
    expect((await app.promotions.evaluate(cart('freeshipbags'))).valid).toBe(true);
    expect(await app.promotions.evaluate(cart('freeshipbags', { lines: [cart('').lines[0]!], subtotal: 1000 }))).toEqual({ valid: false, reason: 'NOT_APPLICABLE' });
  });
});

describe('redeem and release', () => {
  it('counts a use once per order (idempotent), publishes promotion.redeemed, shows usage', async () => {
    const p = await promo({ code: 'COUNTME', type: 'percentage', value: 5, usageLimit: 10 });
    await redeemIn(p.id, 'ord_c1', 'usr_1');
    await redeemIn(p.id, 'ord_c1', 'usr_1');
    await app.database.transaction(async (tx) => {
      await app.promotions.redeem(tx, { promotionId: p.id, orderId: 'ord_c2', customer: null });
      await app.promotions.redeem(tx, { promotionId: p.id, orderId: 'ord_c2', customer: null });
    });
    expect(await usage(p.id)).toEqual({ timesUsed: 2, active: 2 });
    const one = (await app.inject({ url: `/api/admin/promotions/${p.id}`, headers: auth() })).json();
    expect(one).toMatchObject({ timesUsed: 2, remaining: 8 });
    const events = await rows<{ type: string; payload: { orderId: string; timesUsed: number } }>(app.database.db, sql`select type, payload from events.outbox where aggregate_id = ${p.id} and type = 'promotion.redeemed' order by id`);
    expect(events.map((e) => [e.payload.orderId, e.payload.timesUsed])).toEqual([['ord_c1', 1], ['ord_c2', 2]]);
    const err = await rejection(() => usage('promo_missing'));
    expect([err.status, err.code]).toEqual([404, 'PROMOTIONS.NOT_FOUND']);
  });

  it('refuses with 409 PROMOTIONS.USAGE_LIMIT_REACHED / NOT_AVAILABLE, leaving nothing behind in the caller’s transaction', async () => {
    const p = await promo({ code: 'ONLYONE', type: 'percentage', value: 5, usageLimit: 1 });
    await redeemIn(p.id, 'ord_o1');
    // The caller catches the refusal and commits the rest of its transaction: no trace of the attempt.
    let caught: AppError | undefined;
    await app.database.transaction(async (tx) => {
      try {
        await app.promotions.redeem(tx, { promotionId: p.id, orderId: 'ord_o2', customer: who('usr_x') });
      } catch (err) {
        caught = err as AppError;
      }
    });
    expect([caught?.status, caught?.code]).toEqual([409, 'PROMOTIONS.USAGE_LIMIT_REACHED']);
    const [r] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from promotions.redemption where promotion_id = ${p.id}`);
    expect(r?.n).toBe(1);
    expect(await timesUsed(p.id)).toBe(1);

    const missing = await rejection(() => redeemIn('promo_missing', 'ord_o3'));
    expect([missing.status, missing.code]).toEqual([409, 'PROMOTIONS.NOT_AVAILABLE']);
    const off = await promo({ code: 'OFFNOW', type: 'percentage', value: 5 });
    await app.inject({ method: 'POST', url: `/api/admin/promotions/${off.id}/disable`, headers: auth() });
    expect((await rejection(() => redeemIn(off.id, 'ord_o4'))).code).toBe('PROMOTIONS.NOT_AVAILABLE');
    const past = await promo({ code: 'PASTPROMO', type: 'percentage', value: 5, endsAt: '2020-01-01T00:00:00Z' });
    expect((await rejection(() => redeemIn(past.id, 'ord_o5'))).code).toBe('PROMOTIONS.NOT_AVAILABLE');
    const future = await promo({ code: 'FUTUREPROMO', type: 'percentage', value: 5, startsAt: '2999-01-01T00:00:00Z' });
    expect((await rejection(() => redeemIn(future.id, 'ord_o6'))).code).toBe('PROMOTIONS.NOT_AVAILABLE');
    const [none] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from promotions.redemption where order_id in ('ord_o3', 'ord_o4', 'ord_o5', 'ord_o6')`);
    expect(none?.n).toBe(0);
  });

  it('the order holding the last use can redeem again without error (idempotent even when exhausted)', async () => {
    const p = await promo({ code: 'LASTONE', type: 'percentage', value: 5, usageLimit: 1 });
    await redeemIn(p.id, 'ord_last');
    await redeemIn(p.id, 'ord_last');
    expect(await usage(p.id)).toEqual({ timesUsed: 1, active: 1 });
  });

  it('enforces perCustomerLimit with 409 PROMOTIONS.ALREADY_USED', async () => {
    const p = await promo({ code: 'TWOEACH', type: 'percentage', value: 5, perCustomerLimit: 2 });
    await redeemIn(p.id, 'ord_t1', 'ann@example.com');
    await redeemIn(p.id, 'ord_t2', 'ANN@example.com');
    const err = await rejection(() => redeemIn(p.id, 'ord_t3', ' Ann@Example.Com '));
    expect([err.status, err.code]).toEqual([409, 'PROMOTIONS.ALREADY_USED']);
    await redeemIn(p.id, 'ord_t4', 'bob@example.com');
    await redeemIn(p.id, 'ord_t5', null);
    expect(await usage(p.id)).toEqual({ timesUsed: 4, active: 4 });
  });

  it('release gives the use back once; releasing twice gives back only one', async () => {
    const p = await promo({ code: 'GIVEBACK', type: 'percentage', value: 5, usageLimit: 2 });
    await redeemIn(p.id, 'ord_g1');
    await redeemIn(p.id, 'ord_g2');
    expect(await app.promotions.evaluate(cart('giveback'))).toEqual({ valid: false, reason: 'USAGE_LIMIT_REACHED' });
    await releaseIn('ord_g1');
    expect(await usage(p.id)).toEqual({ timesUsed: 1, active: 1 });
    await releaseIn('ord_g1');
    await app.database.transaction(async (tx) => {
      await app.promotions.release(tx, 'ord_g1');
      await app.promotions.release(tx, 'ord_g1');
    });
    expect(await usage(p.id)).toEqual({ timesUsed: 1, active: 1 });
    await releaseIn('ord_never_redeemed');
    expect((await app.promotions.evaluate(cart('giveback'))).valid).toBe(true);
    // The freed use goes to another order; the released order redeeming again changes nothing.
    await redeemIn(p.id, 'ord_g3');
    await redeemIn(p.id, 'ord_g1');
    expect(await usage(p.id)).toEqual({ timesUsed: 2, active: 2 });
    const redemptions = (await app.inject({ url: `/api/admin/promotions/${p.id}/redemptions`, headers: auth() })).json();
    expect(redemptions.data.map((r: { orderId: string; status: string }) => `${r.orderId}:${r.status}`).sort()).toEqual(['ord_g1:released', 'ord_g2:active', 'ord_g3:active']);
    expect(redemptions.data.find((r: { orderId: string }) => r.orderId === 'ord_g1').releasedAt).toMatch(/Z$/);
    const events = await rows<{ type: string }>(app.database.db, sql`select type from events.outbox where aggregate_id = ${p.id} and type = 'promotion.released'`);
    expect(events).toHaveLength(1);
  });
});

describe(`concurrency (${onPostgres ? 'PostgreSQL: truly concurrent' : 'PGlite: serialised'})`, () => {
  it('30 concurrent checkouts for a usage limit of 5: exactly 5 succeed, times_used = 5', async () => {
    const p = await promo({ code: 'FIVEONLY', type: 'percentage', value: 10, usageLimit: 5 });
    const results = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => redeemIn(p.id, `ord_race_${i}`, `usr_${i}`)));
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toHaveLength(5);
    expect(refused).toHaveLength(25);
    for (const r of refused) expect([(r.reason as AppError).status, (r.reason as AppError).code]).toEqual([409, 'PROMOTIONS.USAGE_LIMIT_REACHED']);
    const [row] = await rows<{ times_used: number; n: number }>(
      app.database.db,
      sql`select p.times_used, (select count(*)::int from promotions.redemption r where r.promotion_id = p.id and r.status = 'active') as n from promotions.promotion p where p.id = ${p.id}`,
    );
    expect(row).toEqual({ times_used: 5, n: 5 });
    // A cancelled order gives one back: exactly one more checkout can use it.
    const winner = results.findIndex((r) => r.status === 'fulfilled');
    await releaseIn(`ord_race_${winner}`);
    await releaseIn(`ord_race_${winner}`);
    const again = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => redeemIn(p.id, `ord_again_${i}`)));
    expect(again.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await usage(p.id)).toEqual({ timesUsed: 5, active: 5 });
  });

  it('concurrent checkouts of one customer cannot exceed perCustomerLimit', async () => {
    const p = await promo({ code: 'ONEEACH', type: 'percentage', value: 10, perCustomerLimit: 1 });
    const results = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => redeemIn(p.id, `ord_same_${i}`, 'same@example.com')));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect((r.reason as AppError).code).toBe('PROMOTIONS.ALREADY_USED');
    expect(await usage(p.id)).toEqual({ timesUsed: 1, active: 1 });
  });

  it('concurrent redeems of one order count it once', async () => {
    const p = await promo({ code: 'SAMEORDER', type: 'percentage', value: 10, usageLimit: 3 });
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => redeemIn(p.id, 'ord_dup')));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(8);
    expect(await usage(p.id)).toEqual({ timesUsed: 1, active: 1 });
  });
});
