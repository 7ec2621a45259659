import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { rows } from '../../platform/db/index.js';

let app: TestApp;
let admin: string;
let manager: string;
let customer: string;

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const FR = {
  code: 'fr', name: 'Comptoir France', currency: 'EUR', contactEmail: 'bonjour@comptoir.fr', hosts: ['Boutique.Comptoir.FR'],
  defaultLanguage: 'fr', languages: ['fr', 'en'], theme: { logoUrl: 'https://cdn.comptoir.fr/logo.svg', primaryColor: '#002395', accentColor: '#ed2939' },
  legalPages: [{ title: 'Mentions légales', url: '/legal/mentions' }], shippingMethodIds: ['standard'], tax: { homeCountry: 'FR', pricesIncludeTax: true },
};

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.tokenFor(['admin']);
  manager = await app.tokenFor(['manager']);
  customer = await app.tokenFor(['customer']);
});
afterAll(() => app?.close());

describe('sites', () => {
  it('has a default site created at first start, which the storefront gets without host or header', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/site' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ code: 'default', currency: 'GBP', defaultLanguage: 'en', languages: ['en', 'fr'] });
    const list = await app.inject({ method: 'GET', url: '/api/admin/sites', headers: auth(manager) });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().data).toMatchObject([{ code: 'default', isDefault: true, shippingMethodIds: ['standard', 'express', 'free-standard'], tax: { homeCountry: 'GB' } }]);
    const events = await rows<{ type: string }>(app.database.db, sql`select type from events.outbox where aggregate_id = 'default'`);
    expect(events.map((e) => e.type)).toEqual(['site.created']);
  });

  it('creates a site (admin), hosts stored lower-case, with a site.created event', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/admin/sites', headers: auth(admin), payload: FR });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ code: 'fr', hosts: ['boutique.comptoir.fr'], currency: 'EUR', isDefault: false });
    const events = await rows<{ type: string }>(app.database.db, sql`select type from events.outbox where aggregate_id = 'fr'`);
    expect(events.map((e) => e.type)).toEqual(['site.created']);
  });

  it('picks the site by Host, or by X-Comptoir-Site, else the default; an unknown header is 404 problem+json', async () => {
    const byHost = await app.inject({ method: 'GET', url: '/api/site', headers: { host: 'boutique.comptoir.fr:8080' } });
    expect(byHost.json()).toMatchObject({ code: 'fr', currency: 'EUR', defaultLanguage: 'fr', theme: { primaryColor: '#002395' }, contactEmail: 'bonjour@comptoir.fr' });
    expect(byHost.json()).not.toHaveProperty('hosts');
    const byHeader = await app.inject({ method: 'GET', url: '/api/site', headers: { 'x-comptoir-site': 'fr' } });
    expect(byHeader.json()).toMatchObject({ code: 'fr' });
    const other = await app.inject({ method: 'GET', url: '/api/site', headers: { host: 'elsewhere.example' } });
    expect(other.json()).toMatchObject({ code: 'default' });
    const unknown = await app.inject({ method: 'GET', url: '/api/products', headers: { 'x-comptoir-site': 'nope' } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(unknown.json()).toMatchObject({ code: 'SITES.SITE_NOT_FOUND' });
  });

  it('refuses a taken code or host (409), a default language not offered and an unknown shipping method (400)', async () => {
    const taken = await app.inject({ method: 'POST', url: '/api/admin/sites', headers: auth(admin), payload: { ...FR, hosts: [] } });
    expect(taken.json()).toMatchObject({ status: 409, code: 'SITES.CODE_TAKEN' });
    const host = await app.inject({ method: 'POST', url: '/api/admin/sites', headers: auth(admin), payload: { ...FR, code: 'fr2', hosts: ['boutique.comptoir.fr'] } });
    expect(host.json()).toMatchObject({ status: 409, code: 'SITES.HOST_TAKEN', site: 'fr' });
    const lang = await app.inject({ method: 'POST', url: '/api/admin/sites', headers: auth(admin), payload: { ...FR, code: 'fr3', hosts: [], languages: ['en'] } });
    expect(lang.json()).toMatchObject({ status: 400, code: 'SITES.INVALID' });
    const ship = await app.inject({ method: 'POST', url: '/api/admin/sites', headers: auth(admin), payload: { ...FR, code: 'fr4', hosts: [], shippingMethodIds: ['drone'] } });
    expect(ship.json()).toMatchObject({ status: 400, code: 'SITES.INVALID' });
  });

  it('updates and deletes a site; the default site cannot be deleted; managers read, only admins write', async () => {
    const patched = await app.inject({ method: 'PATCH', url: '/api/admin/sites/fr', headers: auth(admin), payload: { name: 'Comptoir FR', hosts: ['fr.comptoir.test'] } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/site', headers: { host: 'fr.comptoir.test' } })).json()).toMatchObject({ code: 'fr', name: 'Comptoir FR' });
    expect((await app.inject({ method: 'GET', url: '/api/site', headers: { host: 'boutique.comptoir.fr' } })).json()).toMatchObject({ code: 'default' });
    expect((await app.inject({ method: 'PATCH', url: '/api/admin/sites/fr', headers: auth(manager), payload: { name: 'x' } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/admin/sites', headers: auth(customer) })).statusCode).toBe(403);
    const def = await app.inject({ method: 'DELETE', url: '/api/admin/sites/default', headers: auth(admin) });
    expect(def.json()).toMatchObject({ status: 409, code: 'SITES.DEFAULT_SITE' });
    await app.inject({ method: 'POST', url: '/api/admin/sites', headers: auth(admin), payload: { code: 'tmp', name: 'Tmp', currency: 'USD', contactEmail: 'a@b.test' } });
    expect((await app.inject({ method: 'DELETE', url: '/api/admin/sites/tmp', headers: auth(admin) })).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/admin/sites/tmp', headers: auth(admin) })).json()).toMatchObject({ status: 404, code: 'SITES.SITE_NOT_FOUND' });
  });
});
