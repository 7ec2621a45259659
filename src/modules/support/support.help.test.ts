import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { rows } from '../../platform/db/index.js';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('help centre', () => {
  let app: TestApp;
  let editor: string;
  let customer: string;
  let shipping: { id: string };
  let returns: { id: string };
  let delivery: { id: string; slug: string };
  let refund: { id: string; slug: string };

  const admin = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    app.inject({ method, url, headers: bearer(editor), ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    app = await createTestApp({ writeRateLimitPerMinute: 20 });
    editor = await app.tokenFor(['support']);
    customer = await app.tokenFor(['customer']);
    shipping = (await admin('POST', '/api/admin/help/categories', { nameEn: 'Shipping', nameFr: 'Livraison', position: 1 })).json();
    returns = (await admin('POST', '/api/admin/help/categories', { nameEn: 'Returns & refunds', nameFr: 'Retours et remboursements', position: 2 })).json();
    delivery = (await admin('POST', '/api/admin/help/articles', {
      categoryId: shipping.id, status: 'published', position: 1,
      titleEn: 'Delivery times', bodyEn: 'Standard delivery takes **3 business days**; express delivery arrives the next day.',
      titleFr: 'Délais de livraison', bodyFr: 'La livraison standard prend **3 jours ouvrés** ; la livraison express arrive le lendemain.',
    })).json();
    refund = (await admin('POST', '/api/admin/help/articles', {
      categoryId: returns.id, status: 'published',
      titleEn: 'How refunds work', bodyEn: 'We refund your payment within 5 days of receiving the parcel back.',
      titleFr: 'Comment fonctionnent les remboursements', bodyFr: 'Nous remboursons votre paiement sous 5 jours après réception du colis retourné.',
    })).json();
  });
  afterAll(() => app?.close());

  it('editors create categories and articles; Markdown is rendered and scripts are removed', async () => {
    expect(delivery).toMatchObject({ slug: 'delivery-times', status: 'published', outdatedEn: false, outdatedFr: false });
    expect((delivery as unknown as { htmlEn: string }).htmlEn).toContain('<strong>3 business days</strong>');

    const evil = await admin('POST', '/api/admin/help/articles', {
      categoryId: shipping.id, titleEn: 'Tracking', titleFr: 'Suivi',
      bodyEn: 'Track it <script>alert(1)</script><img src=x onerror=alert(2)> [here](javascript:alert(3))',
      bodyFr: 'Suivez-le <iframe src="https://evil.example"></iframe><a href="data:text/html,x" onclick="alert(4)">ici</a>',
    });
    expect(evil.statusCode, evil.body).toBe(201);
    const article = evil.json();
    expect(article.status).toBe('draft');
    expect(article.bodyEn).toContain('<script>'); // kept as written for the editor
    for (const html of [article.htmlEn, article.htmlFr]) expect(html).not.toMatch(/<script|onerror|onclick|javascript:|data:|<iframe/i);
    expect(article.htmlEn).toContain('Track it');

    // A draft is not public, not even by id.
    expect((await app.inject({ url: `/api/help/articles/${article.slug}` })).statusCode).toBe(404);
    expect((await app.inject({ url: `/api/help/articles/${article.id}` })).json().code).toBe('SUPPORT.HELP_ARTICLE_NOT_FOUND');
    // Once published, the public page serves the sanitized HTML.
    await admin('PATCH', `/api/admin/help/articles/${article.id}`, { status: 'published' });
    const page = await app.inject({ url: `/api/help/articles/${article.slug}?locale=fr` });
    expect(page.statusCode).toBe(200);
    expect(page.json().html).not.toMatch(/<iframe|onclick|data:/);
    await admin('DELETE', `/api/admin/help/articles/${article.id}`);
    expect((await app.inject({ url: `/api/help/articles/${article.slug}` })).statusCode).toBe(404);
  });

  it('only content:write reaches the back-office routes; slugs are unique', async () => {
    expect((await app.inject({ url: '/api/admin/help/categories' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/admin/help/categories', headers: bearer(customer) })).statusCode).toBe(403);
    const taken = await admin('POST', '/api/admin/help/categories', { slug: 'shipping', nameEn: 'Other', nameFr: 'Autre' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('SUPPORT.HELP_SLUG_TAKEN');
    const twin = await admin('POST', '/api/admin/help/articles', { categoryId: shipping.id, titleEn: 'Delivery times', titleFr: 'Délais', bodyEn: 'x', bodyFr: 'x' });
    expect(twin.json().slug).toBe('delivery-times-2');
    expect((await admin('POST', '/api/admin/help/articles', { categoryId: 'hlc_nope', titleEn: 'a', titleFr: 'a', bodyEn: 'x', bodyFr: 'x' })).statusCode).toBe(404);
    expect((await admin('DELETE', `/api/admin/help/categories/${shipping.id}`)).json().code).toBe('SUPPORT.HELP_CATEGORY_NOT_EMPTY');
    await admin('DELETE', `/api/admin/help/articles/${twin.json().id}`);
  });

  it('a change of one language marks the other outdated until it is saved or reviewed', async () => {
    const en = (await admin('PATCH', `/api/admin/help/articles/${refund.id}`, { bodyEn: 'We refund your payment within 3 days of receiving the parcel back.' })).json();
    expect(en).toMatchObject({ outdatedEn: false, outdatedFr: true });
    expect((await app.inject({ url: `/api/help/articles/${refund.slug}?locale=fr` })).json().outdated).toBe(true);
    expect((await admin('GET', '/api/admin/help/articles?outdated=true')).json().data.map((a: { id: string }) => a.id)).toEqual([refund.id]);
    const fr = (await admin('PATCH', `/api/admin/help/articles/${refund.id}`, { bodyFr: 'Nous remboursons votre paiement sous 3 jours après réception du colis retourné.' })).json();
    expect(fr).toMatchObject({ outdatedEn: false, outdatedFr: false });
    const both = (await admin('PATCH', `/api/admin/help/articles/${refund.id}`, { titleFr: 'Comment fonctionnent les remboursements ?' })).json();
    expect(both).toMatchObject({ outdatedEn: true, outdatedFr: false });
    expect((await admin('PATCH', `/api/admin/help/articles/${refund.id}`, { outdatedEn: false })).json()).toMatchObject({ outdatedEn: false, outdatedFr: false });
  });

  it('lists published categories and articles per language, in order, with related articles', async () => {
    await admin('POST', '/api/admin/help/articles', { categoryId: shipping.id, position: 0, titleEn: 'Draft shipping note', titleFr: 'Brouillon', bodyEn: 'x', bodyFr: 'x' });
    const second = (await admin('POST', '/api/admin/help/articles', {
      categoryId: shipping.id, status: 'published', position: 2, titleEn: 'Shipping abroad', titleFr: "Livraison à l'étranger", bodyEn: 'We ship to the EU.', bodyFr: "Nous livrons dans l'UE.",
    })).json();
    const fr = await app.inject({ url: '/api/help/categories?locale=fr' });
    expect(fr.statusCode).toBe(200);
    expect(fr.json().data).toEqual([
      { id: shipping.id, slug: 'shipping', name: 'Livraison', description: '', articles: [{ id: delivery.id, slug: 'delivery-times', title: 'Délais de livraison' }, { id: second.id, slug: second.slug, title: "Livraison à l'étranger" }] },
      { id: returns.id, slug: 'returns-refunds', name: 'Retours et remboursements', description: '', articles: [{ id: refund.id, slug: refund.slug, title: 'Comment fonctionnent les remboursements ?' }] },
    ]);
    expect((await app.inject({ url: '/api/help/categories/shipping' })).json().articles).toHaveLength(2);
    const article = (await app.inject({ url: `/api/help/articles/${delivery.slug}` })).json();
    expect(article).toMatchObject({ title: 'Delivery times', category: { slug: 'shipping', name: 'Shipping' }, related: [{ id: second.id }] });
  });

  it('searches in each language with stemming and typos, and records the searches that found nothing', async () => {
    const search = async (q: string, locale: 'en' | 'fr') => {
      const res = await app.inject({ url: `/api/help/search?q=${encodeURIComponent(q)}&locale=${locale}` });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { data: { id: string; title: string; excerpt: string }[]; pagination: { total: number } };
    };
    expect((await search('refunds', 'en')).data[0]).toMatchObject({ id: refund.id, title: 'How refunds work' });
    expect((await search('remboursement', 'fr')).data[0]?.id).toBe(refund.id); // French stemming: remboursements
    expect((await search('livriason', 'fr')).data.map((a) => a.id)).toContain(delivery.id); // typo
    expect((await search('delivry times', 'en')).data[0]?.id).toBe(delivery.id);
    expect((await search('livr', 'fr')).data.map((a) => a.id)).toContain(delivery.id); // prefix as typed
    const hit = (await search('express', 'en')).data[0]!;
    expect(hit.excerpt).toContain('Standard delivery takes 3 business days');

    expect((await search('gift wrapping', 'en')).pagination.total).toBe(0);
    await search('Gift  wrapping!', 'en');
    await search('emballage cadeau', 'fr');
    const suggest = await app.inject({ url: '/api/help/suggest?q=xylophone%20zebra&locale=en' });
    expect(suggest.json().data).toEqual([]);
    const misses = await admin('GET', '/api/admin/help/search-misses');
    expect(misses.statusCode).toBe(200);
    expect(misses.json().data.map((m: { locale: string; query: string; count: number }) => [m.locale, m.query, m.count])).toEqual([['en', 'gift wrapping', 2], ['fr', 'emballage cadeau', 1]]);
  });

  it('suggests articles as a ticket subject is typed', async () => {
    const res = await app.inject({ url: '/api/help/suggest?q=when%20will%20my%20refun&locale=en' });
    expect(res.statusCode).toBe(200);
    expect(res.json().data.map((a: { id: string }) => a.id)).toContain(refund.id);
  });

  it('counts one helpful vote per visitor, changeable, and none on drafts', async () => {
    const vote = (helpful: boolean, visitorId: string, headers: Record<string, string> = {}) =>
      app.inject({ method: 'POST', url: `/api/help/articles/${delivery.id}/votes`, payload: { helpful, visitorId }, headers });
    expect((await vote(true, 'visitor-aaaaaaaaaaaa')).json()).toEqual({ helpfulYes: 1, helpfulNo: 0, helpful: true });
    expect((await vote(true, 'visitor-aaaaaaaaaaaa')).json()).toEqual({ helpfulYes: 1, helpfulNo: 0, helpful: true });
    expect((await vote(false, 'visitor-aaaaaaaaaaaa')).json()).toEqual({ helpfulYes: 0, helpfulNo: 1, helpful: false });
    expect((await vote(true, 'visitor-bbbbbbbbbbbb')).json()).toEqual({ helpfulYes: 1, helpfulNo: 1, helpful: true });
    expect((await vote(true, 'visitor-cccccccccccc', bearer(customer))).json()).toEqual({ helpfulYes: 2, helpfulNo: 1, helpful: true });
    expect((await vote(true, 'visitor-dddddddddddd', bearer(customer))).json()).toEqual({ helpfulYes: 2, helpfulNo: 1, helpful: true });
    expect((await app.inject({ url: `/api/help/articles/${delivery.slug}` })).json()).toMatchObject({ helpfulYes: 2, helpfulNo: 1 });
    const [stored] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from support.help_vote where voter like 'v:%' and length(voter) = 66`);
    expect(Number(stored!.n)).toBe(2); // visitor ids are kept only as hashes
    expect((await vote(true, 'short')).statusCode).toBe(400);
    const draft = (await admin('POST', '/api/admin/help/articles', { categoryId: shipping.id, titleEn: 'Hidden', titleFr: 'Caché', bodyEn: 'x', bodyFr: 'x' })).json();
    expect((await app.inject({ method: 'POST', url: `/api/help/articles/${draft.id}/votes`, payload: { helpful: true, visitorId: 'visitor-eeeeeeeeeeee' } })).statusCode).toBe(404);
  });

  it('limits votes per IP', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      statuses.push((await app.inject({ method: 'POST', url: `/api/help/articles/${refund.id}/votes`, payload: { helpful: true, visitorId: `flood-visitor-${String(i).padStart(4, '0')}` }, remoteAddress: '203.0.113.9' })).statusCode);
    }
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(20);
  });

  it('SLA targets per priority are settings: new tickets take them', async () => {
    const agent = await app.tokenFor(['support']);
    const initial = await app.inject({ url: '/api/admin/support/sla', headers: bearer(agent) });
    expect(initial.json().data.find((x: { priority: string }) => x.priority === 'normal')).toEqual({ priority: 'normal', firstResponseMinutes: 1440, resolutionMinutes: 4320 });
    const bad = await app.inject({ method: 'PUT', url: '/api/admin/support/sla', headers: bearer(agent), payload: { targets: [{ priority: 'normal', firstResponseMinutes: 60, resolutionMinutes: 30 }] } });
    expect(bad.statusCode).toBe(400);
    expect((await app.inject({ method: 'PUT', url: '/api/admin/support/sla', headers: bearer(customer), payload: { targets: [{ priority: 'normal', firstResponseMinutes: 30, resolutionMinutes: 120 }] } })).statusCode).toBe(403);
    const saved = await app.inject({ method: 'PUT', url: '/api/admin/support/sla', headers: bearer(agent), payload: { targets: [{ priority: 'normal', firstResponseMinutes: 30, resolutionMinutes: 120 }] } });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().data).toHaveLength(4);
    const data = new FormData();
    for (const [k, v] of Object.entries({ subject: 'Late parcel', message: 'Where is it?', category: 'other', email: 'sla@example.test' })) data.append(k, v);
    const body = new Response(data);
    const opened = await app.inject({ method: 'POST', url: '/api/support/tickets', payload: Buffer.from(await body.arrayBuffer()), headers: { 'content-type': body.headers.get('content-type')! } });
    expect(opened.statusCode, opened.body).toBe(201);
    const ticket = (await app.inject({ url: `/api/admin/support/tickets/${opened.json().ticket.id}`, headers: bearer(agent) })).json();
    expect(ticket.sla.minutesLeft).toBeGreaterThanOrEqual(28);
    expect(ticket.sla.minutesLeft).toBeLessThanOrEqual(30);
  });
});
