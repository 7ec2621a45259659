import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { rows } from '../../platform/db/index.js';

let app: TestApp;
let admin: string;
let manager: string;
let customer: string;

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

async function create(body: Record<string, unknown>, token = admin) {
  return app.inject({ method: 'POST', url: '/api/admin/promotions', headers: auth(token), payload: body });
}
async function created(body: Record<string, unknown>) {
  const res = await create(body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.tokenFor(['admin']);
  manager = await app.tokenFor(['manager']);
  customer = await app.tokenFor(['customer']);
});
afterAll(() => app?.close());

describe('POST /api/admin/promotions', () => {
  it('creates a percentage code, stored upper-case, with its usage and a promotion.created event', async () => {
    const res = await create({ code: 'summer-10', type: 'percentage', value: 10, minSubtotal: 2000, usageLimit: 100, perCustomerLimit: 1, skus: ['MUG-1', 'MUG-1'], startsAt: '2025-06-01T00:00:00+02:00', endsAt: '2025-09-01T00:00:00Z' });
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json();
    expect(p).toMatchObject({
      code: 'SUMMER-10', type: 'percentage', value: 10, currency: 'GBP', minSubtotal: 2000, usageLimit: 100, perCustomerLimit: 1,
      skus: ['MUG-1'], categoryIds: [], startsAt: '2025-05-31T22:00:00.000Z', endsAt: '2025-09-01T00:00:00.000Z',
      disabled: false, disabledAt: null, timesUsed: 0, remaining: 100,
    });
    expect(p.id).toMatch(/^promo_[0-9A-Z]{26}$/);
    const events = await rows<{ type: string; aggregate_id: string; payload: { promotion: { code: string; value: number } } }>(
      app.database.db, sql`select type, aggregate_id, payload from events.outbox where aggregate_id = ${p.id}`,
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'promotion.created', aggregate_id: p.id, payload: { promotion: { code: 'SUMMER-10', value: 10 } } });
  });

  it('creates fixed-amount and free-shipping codes (free shipping value defaults to 0)', async () => {
    expect(await created({ code: 'FIVER', type: 'fixed_amount', value: 500, currency: 'EUR' })).toMatchObject({ code: 'FIVER', value: 500, currency: 'EUR', usageLimit: null, remaining: null });
    expect(await created({ code: 'shipfree', type: 'free_shipping' })).toMatchObject({ code: 'SHIPFREE', type: 'free_shipping', value: 0 });
    expect(await created({ code: 'SHIP0', type: 'free_shipping', value: 0, categoryIds: ['cat_a'] })).toMatchObject({ value: 0, categoryIds: ['cat_a'] });
  });

  it('refuses a duplicate code in any letter case with 409 PROMOTIONS.CODE_TAKEN', async () => {
    for (const code of ['SUMMER-10', 'Summer-10', 'sUmMeR-10']) {
      const res = await create({ code, type: 'fixed_amount', value: 100 });
      expect(res.statusCode, res.body).toBe(409);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ code: 'PROMOTIONS.CODE_TAKEN', promotionCode: 'SUMMER-10' });
    }
    const [n] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from promotions.promotion where code = 'SUMMER-10'`);
    expect(n?.n).toBe(1);
  });

  it('validates the value against the type and the period (400, nothing written)', async () => {
    const bad: [Record<string, unknown>, string, string][] = [
      [{ code: 'P0', type: 'percentage', value: 0 }, 'PROMOTIONS.INVALID_RULE', 'body/value'],
      [{ code: 'P101', type: 'percentage', value: 101 }, 'PROMOTIONS.INVALID_RULE', 'body/value'],
      [{ code: 'PNONE', type: 'percentage' }, 'PROMOTIONS.INVALID_RULE', 'body/value'],
      [{ code: 'F0', type: 'fixed_amount', value: 0 }, 'PROMOTIONS.INVALID_RULE', 'body/value'],
      [{ code: 'S5', type: 'free_shipping', value: 5 }, 'PROMOTIONS.INVALID_RULE', 'body/value'],
      [{ code: 'WIN', type: 'percentage', value: 5, startsAt: '2025-06-01T00:00:00Z', endsAt: '2025-06-01T00:00:00Z' }, 'PROMOTIONS.INVALID_RULE', 'body/endsAt'],
      [{ code: 'WIN2', type: 'percentage', value: 5, startsAt: '2025-06-02T00:00:00Z', endsAt: '2025-06-01T00:00:00Z' }, 'PROMOTIONS.INVALID_RULE', 'body/endsAt'],
      [{ code: 'FRAC', type: 'fixed_amount', value: 1.5 }, 'VALIDATION.FAILED', 'body/value'],
      [{ code: 'NEG', type: 'fixed_amount', value: -100 }, 'VALIDATION.FAILED', 'body/value'],
      [{ code: 'has space', type: 'fixed_amount', value: 100 }, 'VALIDATION.FAILED', 'body/code'],
      [{ code: 'X'.repeat(33), type: 'fixed_amount', value: 100 }, 'VALIDATION.FAILED', 'body/code'],
      [{ code: 'BADTYPE', type: 'bogo', value: 1 }, 'VALIDATION.FAILED', 'body/type'],
      [{ code: 'CUR', type: 'fixed_amount', value: 100, currency: 'gbp' }, 'VALIDATION.FAILED', 'body/currency'],
      [{ code: 'DATE', type: 'percentage', value: 5, endsAt: 'tomorrow' }, 'VALIDATION.FAILED', 'body/endsAt'],
      [{ code: 'LIM', type: 'percentage', value: 5, usageLimit: 0 }, 'VALIDATION.FAILED', 'body/usageLimit'],
      [{ code: 'EXTRA', type: 'percentage', value: 5, timesUsed: 3 }, 'VALIDATION.FAILED', 'body/timesUsed'],
    ];
    for (const [body, code, field] of bad) {
      const res = await create(body);
      expect(res.statusCode, `${JSON.stringify(body)}: ${res.body}`).toBe(400);
      expect(res.json().code, JSON.stringify(body)).toBe(code);
      expect(res.json().errors.map((e: { field: string }) => e.field), JSON.stringify(body)).toContain(field);
    }
    const [n] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from promotions.promotion where code in ('P0','P101','PNONE','F0','S5','WIN','WIN2')`);
    expect(n?.n).toBe(0);
  });
});

describe('permissions', () => {
  it('needs a token (401) and promotions:read / promotions:write (403 for a customer)', async () => {
    expect((await app.inject({ url: '/api/admin/promotions' })).statusCode).toBe(401);
    const list = await app.inject({ url: '/api/admin/promotions', headers: auth(customer) });
    expect(list.statusCode).toBe(403);
    expect(list.json().code).toBe('AUTH.FORBIDDEN');
    const res = await create({ code: 'CUSTOMER', type: 'percentage', value: 50 }, customer);
    expect(res.statusCode).toBe(403);
    const [n] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from promotions.promotion where code = 'CUSTOMER'`);
    expect(n?.n).toBe(0);
  });

  it('lets a manager read and write promotions', async () => {
    const res = await create({ code: 'MANAGER5', type: 'percentage', value: 5 }, manager);
    expect(res.statusCode, res.body).toBe(201);
    const one = await app.inject({ url: `/api/admin/promotions/${res.json().id}`, headers: auth(manager) });
    expect(one.statusCode).toBe(200);
    expect(one.json().code).toBe('MANAGER5');
  });
});

describe('GET, PATCH, disable, enable', () => {
  let id: string;
  beforeAll(async () => {
    id = (await created({ code: 'PATCHME', type: 'percentage', value: 20, usageLimit: 10 })).id;
  });

  it('reads one promotion, 404 PROMOTIONS.NOT_FOUND otherwise', async () => {
    const res = await app.inject({ url: `/api/admin/promotions/${id}`, headers: auth(admin) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id, code: 'PATCHME', value: 20, timesUsed: 0, remaining: 10 });
    const missing = await app.inject({ url: '/api/admin/promotions/promo_nope', headers: auth(admin) });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('PROMOTIONS.NOT_FOUND');
  });

  it('changes any setting but the code, clears with null, publishes promotion.updated', async () => {
    const res = await app.inject({
      method: 'PATCH', url: `/api/admin/promotions/${id}`, headers: auth(admin),
      payload: { value: 25, minSubtotal: 1500, endsAt: '2030-01-01T00:00:00Z', skus: ['A', 'B'], perCustomerLimit: 2 },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ code: 'PATCHME', value: 25, minSubtotal: 1500, endsAt: '2030-01-01T00:00:00.000Z', skus: ['A', 'B'], perCustomerLimit: 2, usageLimit: 10 });
    const cleared = await app.inject({ method: 'PATCH', url: `/api/admin/promotions/${id}`, headers: auth(admin), payload: { minSubtotal: null, endsAt: null, skus: [], usageLimit: null } });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(cleared.json()).toMatchObject({ minSubtotal: null, endsAt: null, skus: [], usageLimit: null, remaining: null, value: 25 });
    const events = await rows<{ type: string }>(app.database.db, sql`select type from events.outbox where aggregate_id = ${id} order by id`);
    expect(events.map((e) => e.type)).toEqual(['promotion.created', 'promotion.updated', 'promotion.updated']);
  });

  it('refuses the code, bad values and bad periods; switching to free shipping resets the value', async () => {
    const code = await app.inject({ method: 'PATCH', url: `/api/admin/promotions/${id}`, headers: auth(admin), payload: { code: 'OTHER' } });
    expect(code.statusCode).toBe(400);
    expect(code.json().errors.map((e: { field: string }) => e.field)).toContain('body/code');
    const fixed = await app.inject({ method: 'PATCH', url: `/api/admin/promotions/${id}`, headers: auth(admin), payload: { value: 150 } });
    expect(fixed.statusCode).toBe(400);
    expect(fixed.json().code).toBe('PROMOTIONS.INVALID_RULE');
    const period = await app.inject({ method: 'PATCH', url: `/api/admin/promotions/${id}`, headers: auth(admin), payload: { startsAt: '2031-01-01T00:00:00Z', endsAt: '2030-01-01T00:00:00Z' } });
    expect(period.statusCode).toBe(400);
    expect(period.json().code).toBe('PROMOTIONS.INVALID_RULE');
    const empty = await app.inject({ method: 'PATCH', url: `/api/admin/promotions/${id}`, headers: auth(admin), payload: {} });
    expect(empty.statusCode).toBe(400);
    const missing = await app.inject({ method: 'PATCH', url: '/api/admin/promotions/promo_nope', headers: auth(admin), payload: { value: 5 } });
    expect(missing.statusCode).toBe(404);
    const unchanged = await app.inject({ url: `/api/admin/promotions/${id}`, headers: auth(admin) });
    expect(unchanged.json()).toMatchObject({ code: 'PATCHME', type: 'percentage', value: 25, startsAt: null });
    const ship = await app.inject({ method: 'PATCH', url: `/api/admin/promotions/${id}`, headers: auth(admin), payload: { type: 'free_shipping' } });
    expect(ship.statusCode, ship.body).toBe(200);
    expect(ship.json()).toMatchObject({ type: 'free_shipping', value: 0 });
    const back = await app.inject({ method: 'PATCH', url: `/api/admin/promotions/${id}`, headers: auth(admin), payload: { type: 'fixed_amount', value: 300 } });
    expect(back.json()).toMatchObject({ type: 'fixed_amount', value: 300 });
  });

  it('refuses a usage limit below the uses already counted with 409', async () => {
    const promo = await created({ code: 'USED3', type: 'percentage', value: 5 });
    await app.database.transaction(async (tx) => {
      for (const order of ['ord_a', 'ord_b', 'ord_c']) await app.promotions.redeem(tx, { promotionId: promo.id, orderId: order, customer: null });
    });
    const res = await app.inject({ method: 'PATCH', url: `/api/admin/promotions/${promo.id}`, headers: auth(admin), payload: { usageLimit: 2 } });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json()).toMatchObject({ code: 'PROMOTIONS.USAGE_LIMIT_BELOW_USED', timesUsed: 3, usageLimit: 2 });
    const ok = await app.inject({ method: 'PATCH', url: `/api/admin/promotions/${promo.id}`, headers: auth(admin), payload: { usageLimit: 3 } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ usageLimit: 3, timesUsed: 3, remaining: 0 });
    const used = await app.inject({ url: `/api/admin/promotions/${promo.id}/redemptions`, headers: auth(admin) });
    expect(used.statusCode).toBe(200);
    expect(used.json().pagination).toEqual({ total: 3, limit: 20, page: 1 });
    expect(used.json().data.map((r: { orderId: string; status: string }) => `${r.orderId}:${r.status}`).sort()).toEqual(['ord_a:active', 'ord_b:active', 'ord_c:active']);
  });

  it('disables and enables (idempotent), one event per actual change', async () => {
    const off = await app.inject({ method: 'POST', url: `/api/admin/promotions/${id}/disable`, headers: auth(admin) });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json().disabled).toBe(true);
    const disabledAt = off.json().disabledAt;
    expect(Date.parse(disabledAt)).toBeGreaterThan(0);
    const again = await app.inject({ method: 'POST', url: `/api/admin/promotions/${id}/disable`, headers: auth(admin) });
    expect(again.json()).toMatchObject({ disabled: true, disabledAt });
    const on = await app.inject({ method: 'POST', url: `/api/admin/promotions/${id}/enable`, headers: auth(admin) });
    expect(on.json()).toMatchObject({ disabled: false, disabledAt: null });
    const [n] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from events.outbox where aggregate_id = ${id} and type = 'promotion.updated'`);
    expect(n?.n).toBe(6); // 2 patches + free shipping + fixed amount + disable + enable
    const missing = await app.inject({ method: 'POST', url: '/api/admin/promotions/promo_nope/disable', headers: auth(admin) });
    expect(missing.statusCode).toBe(404);
  });
});

describe('GET /api/admin/promotions', () => {
  it('lists newest first with pagination, filters by status and code (case-insensitive)', async () => {
    const a = await created({ code: 'LISTA-ONE', type: 'percentage', value: 5 });
    const b = await created({ code: 'LISTA-TWO', type: 'percentage', value: 5 });
    await app.inject({ method: 'POST', url: `/api/admin/promotions/${a.id}/disable`, headers: auth(admin) });
    const res = await app.inject({ url: '/api/admin/promotions?q=lista&limit=1', headers: auth(admin) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().pagination).toEqual({ total: 2, limit: 1, page: 1 });
    expect(res.json().data.map((p: { code: string }) => p.code)).toEqual(['LISTA-TWO']);
    const page2 = await app.inject({ url: '/api/admin/promotions?q=lista&limit=1&page=2', headers: auth(admin) });
    expect(page2.json().data.map((p: { code: string }) => p.code)).toEqual(['LISTA-ONE']);
    const disabled = await app.inject({ url: '/api/admin/promotions?q=LISTA&status=disabled', headers: auth(admin) });
    expect(disabled.json().data.map((p: { id: string }) => p.id)).toEqual([a.id]);
    const active = await app.inject({ url: '/api/admin/promotions?q=Lista&status=active', headers: auth(admin) });
    expect(active.json().data.map((p: { id: string }) => p.id)).toEqual([b.id]);
    const literal = await app.inject({ url: `/api/admin/promotions?q=${encodeURIComponent('%')}`, headers: auth(admin) });
    expect(literal.json().pagination.total).toBe(0); // no wildcard semantics
    const all = await app.inject({ url: '/api/admin/promotions?limit=100', headers: auth(admin) });
    const [n] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from promotions.promotion`);
    expect(all.json().pagination.total).toBe(n?.n);
    expect(all.json().data.length).toBe(n?.n);
    const bad = await app.inject({ url: '/api/admin/promotions?status=expired', headers: auth(admin) });
    expect(bad.statusCode).toBe(400);
  });
});
