/**
 * The storefront's entry pages as a search engine or a browser without script receives them:
 * title, description, canonical, hreflang, Open Graph and schema.org JSON-LD in the head, the
 * product's heading, price and description in the body; imported text escaped; the search page
 * (results for the shopper's own text, escaped, kept out of search engines) and the cart's shell;
 * sitemap.xml and robots.txt; compressed answers as the client asks.
 */
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/app.js';

const BASE = 'https://shop.example';
let app: TestApp;
let admin: { authorization: string };

/** Every JSON-LD document of `html`, parsed. */
function jsonLd(html: string): Record<string, unknown>[] {
  return [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1] as string) as Record<string, unknown>);
}

/** The `<head>` of `html` (what crawlers read first). */
const head = (html: string) => html.slice(0, html.indexOf('</head>'));

const HOSTILE_TITLE = `Lantern </script><script>alert("x")</script> & 'quotes'`;

beforeAll(async () => {
  app = await createTestApp({ publicUrl: BASE });
  admin = { authorization: `Bearer ${await app.tokenFor()}` };
  const post = async (url: string, payload: object) => {
    const r = await app.inject({ method: 'POST', url, headers: admin, payload });
    expect(r.statusCode, r.body).toBeLessThan(300);
    return r.json() as { id: string };
  };
  const home = await post('/api/admin/categories', { name: 'Home & Garden', slug: 'home-garden' });
  const lights = await post('/api/admin/categories', { name: 'Candles', slug: 'candles', parentId: home.id });
  await post('/api/admin/products', {
    title: 'Beeswax candle', slug: 'beeswax-candle', description: 'Hand-poured beeswax, burns for 30 hours.', status: 'active', categoryId: lights.id,
    images: [{ url: '/uploads/candle.jpg', alt: 'A candle' }], variants: [{ sku: 'CANDLE', price: { amount: 1250, currency: 'GBP' } }],
  });
  await post('/api/admin/inventory/movements', { sku: 'CANDLE', quantity: 7, type: 'receipt', reason: 'delivery' });
  await post('/api/admin/products', {
    title: HOSTILE_TITLE, slug: 'hostile-lantern', description: 'Glass </script> "lantern"', status: 'active', categoryId: lights.id,
    variants: [{ sku: 'LANTERN', price: { amount: 999, currency: 'GBP' } }],
  });
  await post('/api/admin/products', {
    title: 'Draft mug', slug: 'draft-mug', status: 'draft', categoryId: lights.id, variants: [{ sku: 'MUG', price: { amount: 500, currency: 'GBP' } }],
  });
});
afterAll(() => app.close());

describe('product page HTML', () => {
  it('has the title, description, canonical, hreflang, Open Graph and Product/Offer JSON-LD in the head, and the product in the body', async () => {
    const res = await app.inject({ url: '/p/beeswax-candle' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = res.body;
    const top = head(html);
    expect(html).toMatch(/<html[^>]* lang="en"/);
    expect(top).toContain('<title>Beeswax candle · Comptoir</title>');
    expect(top.match(/<title>/g)).toHaveLength(1);
    expect(top).toContain('<meta name="description" content="Hand-poured beeswax, burns for 30 hours." />');
    expect(top).toContain(`<link rel="canonical" href="${BASE}/p/beeswax-candle" />`);
    expect(top).toContain(`<link rel="alternate" hreflang="en" href="${BASE}/p/beeswax-candle" />`);
    expect(top).toContain(`<link rel="alternate" hreflang="fr" href="${BASE}/p/beeswax-candle?lang=fr" />`);
    expect(top).toContain(`<link rel="alternate" hreflang="x-default" href="${BASE}/p/beeswax-candle" />`);
    expect(top).toContain('<meta property="og:type" content="product" />');
    expect(top).toContain('<meta property="og:title" content="Beeswax candle · Comptoir" />');
    expect(top).toContain(`<meta property="og:image" content="${BASE}/uploads/candle.jpg" />`);
    const product = jsonLd(top).find((d) => d['@type'] === 'Product');
    expect(product).toMatchObject({
      '@context': 'https://schema.org', name: 'Beeswax candle', sku: 'CANDLE', url: `${BASE}/p/beeswax-candle`, image: [`${BASE}/uploads/candle.jpg`],
      offers: { '@type': 'Offer', price: '12.50', priceCurrency: 'GBP', availability: 'https://schema.org/InStock' },
    });
    expect(jsonLd(top).find((d) => d['@type'] === 'BreadcrumbList')).toMatchObject({
      itemListElement: [{ name: 'Home' }, { name: 'Home & Garden', item: `${BASE}/c/home-garden` }, { name: 'Candles' }, { name: 'Beeswax candle' }],
    });
    const body = html.slice(html.indexOf('<div id="root">'));
    expect(body).toContain('<h1>Beeswax candle</h1>');
    expect(body).toContain('£12.50');
    expect(body).toContain('Hand-poured beeswax, burns for 30 hours.');
    expect(body).toContain('In stock');
  });

  it('is French with ?lang=fr: French words and price, French canonical, same alternates', async () => {
    const html = (await app.inject({ url: '/p/beeswax-candle?lang=fr' })).body;
    expect(html).toMatch(/<html[^>]* lang="fr"/);
    expect(html).toContain(`<link rel="canonical" href="${BASE}/p/beeswax-candle?lang=fr" />`);
    expect(html).toContain(`<link rel="alternate" hreflang="en" href="${BASE}/p/beeswax-candle" />`);
    expect(html).toContain('12,50\u00a0£');
    expect(html).toContain('En stock');
    expect(html).toContain('<meta property="og:locale" content="fr_FR" />');
  });

  it('escapes imported text: a title with </script> and quotes neither closes the JSON-LD nor breaks an attribute', async () => {
    const html = (await app.inject({ url: '/p/hostile-lantern' })).body;
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('</script><script>');
    // One JSON-LD script per document; each parses back to the very title.
    const product = jsonLd(html).find((d) => d['@type'] === 'Product');
    expect(product?.name).toBe(HOSTILE_TITLE);
    expect(product?.description).toBe('Glass </script> "lantern"');
    expect(html).toContain('<title>Lantern &#60;/script&#62;&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; &#39;quotes&#39; · Comptoir</title>');
    expect(html).toContain('<meta property="og:title" content="Lantern &#60;/script&#62;');
    expect(html).toContain('<h1>Lantern &#60;/script&#62;');
    // The out-of-stock product says so to search engines.
    expect(product?.offers).toMatchObject({ price: '9.99', availability: 'https://schema.org/OutOfStock' });
  });

  it('answers 404 with a "not found" page for an unknown or draft product', async () => {
    for (const url of ['/p/no-such-thing', '/p/draft-mug']) {
      const res = await app.inject({ url });
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.body).toContain('<h1>Product not found</h1>');
      expect(res.body).not.toContain('application/ld+json');
    }
  });
});

describe('category and home pages', () => {
  it('a category page has its name, breadcrumb, canonical and its products', async () => {
    const res = await app.inject({ url: '/c/candles' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<title>Candles · Comptoir</title>');
    expect(res.body).toContain(`<link rel="canonical" href="${BASE}/c/candles" />`);
    expect(res.body).toContain('<h1>Candles</h1>');
    expect(res.body).toContain('href="/p/beeswax-candle"');
    expect(res.body).not.toContain('Draft mug');
    expect((await app.inject({ url: '/c/nothing' })).statusCode).toBe(404);
  });

  it('the home page has the shop title, hreflang and WebSite JSON-LD, and lists products and categories', async () => {
    const res = await app.inject({ url: '/?lang=fr' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<title>Cadeaux et maison, choisis avec soin · Comptoir</title>');
    expect(res.body).toContain(`<link rel="alternate" hreflang="fr" href="${BASE}/?lang=fr" />`);
    expect(jsonLd(res.body)[0]).toMatchObject({ '@type': 'WebSite', url: `${BASE}/?lang=fr` });
    expect(res.body).toContain('href="/p/beeswax-candle?lang=fr"');
    expect(res.body).toContain('href="/c/home-garden?lang=fr"');
  });
});

/** The `[queryKey, data]` pairs a page embeds for the web app (`#app-data`), parsed. */
function appData(html: string): [unknown[], unknown][] {
  const m = /<script type="application\/json" id="app-data">([\s\S]*?)<\/script>/.exec(html);
  return m ? (JSON.parse(m[1] as string) as [unknown[], unknown][]) : [];
}

describe('search and cart pages', () => {
  beforeAll(async () => {
    // Search reads a projection the relay fills from catalog events.
    await app.relay.drain();
    for (let i = 0; i < 250; i++) {
      if ((await app.inject({ url: '/api/search?q=beeswax' })).json().total > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });

  it('a search page has the query in its title and heading, the hits, the count and the facets, and is noindex', async () => {
    const res = await app.inject({ url: '/search?q=beeswax' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const top = head(res.body);
    expect(top).toContain('<title>Results for “beeswax” · Comptoir</title>');
    expect(top).toContain('<meta name="robots" content="noindex" />');
    expect(top).not.toContain('rel="canonical"');
    expect(top).not.toContain('application/ld+json');
    const body = res.body.slice(res.body.indexOf('<div id="root">'));
    expect(body).toContain('<h1>Results for “beeswax”</h1>');
    expect(body).toContain('1 product found');
    expect(body).toContain('href="/p/beeswax-candle"');
    expect(body).toContain('£12.50');
    expect(body).toContain('href="/search?q=beeswax&#38;category=candles"');
    // The app starts from this answer: the key is its own search query (Search.tsx).
    const search = appData(res.body).find(([key]) => key[0] === 'search');
    expect(search?.[0]).toEqual(['search', { q: 'beeswax', page: 1, limit: 24 }]);
    expect((search?.[1] as { total: number }).total).toBe(1);
  });

  it('is French with ?lang=fr and says when nothing matches', async () => {
    const fr = (await app.inject({ url: '/search?q=beeswax&lang=fr' })).body;
    expect(fr).toMatch(/<html[^>]* lang="fr"/);
    expect(fr).toContain('<h1>Résultats pour « beeswax »</h1>');
    expect(fr).toContain('1 produit trouvé');
    const none = await app.inject({ url: '/search?q=zzqqxx' });
    expect(none.statusCode).toBe(200);
    expect(none.body).toContain('0 products found');
    expect(none.body).toContain('No products match “zzqqxx”.');
  });

  it('escapes a hostile query everywhere: title, heading, links and the embedded JSON', async () => {
    const q = `"><script>alert(1)</script></script><!-- '&`;
    const res = await app.inject({ url: `/search?q=${encodeURIComponent(q)}` });
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('"><script');
    expect(html).not.toContain('<!--');
    expect(html).toContain('<title>Results for “&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;&#60;/script&#62;&#60;!-- &#39;&#38;” · Comptoir</title>');
    expect(html).toContain('<h1>Results for “&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;');
    // The embedded answers hold no markup, and parse back to the very query.
    const raw = /<script type="application\/json" id="app-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    expect(raw).not.toMatch(/[<>]/);
    expect(appData(html).find(([key]) => key[0] === 'search')?.[0]).toEqual(['search', { q, page: 1, limit: 24 }]);
  });

  it('answers 400 to a search the API would refuse and 404 to an unknown category, with the heading and no results', async () => {
    const long = await app.inject({ url: `/search?q=${'a'.repeat(201)}` });
    expect(long.statusCode).toBe(400);
    expect(long.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(head(long.body)).toContain('<meta name="robots" content="noindex" />');
    expect(long.body).toContain('<h1>Results for “aaaa');
    expect(appData(long.body).some(([key]) => key[0] === 'search')).toBe(false);
    expect((await app.inject({ url: '/search?q=candle&page=2.5' })).statusCode).toBe(400);
    expect((await app.inject({ url: '/search?q=candle&price=-5-10' })).statusCode).toBe(200);
    const unknown = await app.inject({ url: '/search?q=candle&category=nope' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('<h1>Results for “candle”</h1>');
    expect(unknown.body).not.toContain('href="/p/');
    // Without text: the prompt, as the app says it.
    const empty = await app.inject({ url: '/search' });
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('<title>Search · Comptoir</title>');
  });

  it('the cart page paints its header, heading and a loading line before the app, and is noindex', async () => {
    const res = await app.inject({ url: '/cart' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(head(res.body)).toContain('<title>Your cart · Comptoir</title>');
    expect(head(res.body)).toContain('<meta name="robots" content="noindex" />');
    expect(head(res.body)).not.toContain('rel="canonical"');
    expect(res.body).toContain('<h1>Your cart</h1>');
    expect(res.body).toContain('Loading your cart…');
    expect(res.body).toContain('href="/c/home-garden"');
    const fr = (await app.inject({ url: '/cart?lang=fr' })).body;
    expect(fr).toContain('<h1>Votre panier</h1>');
    expect(fr).toContain('Chargement de votre panier…');
  });
});

describe('sitemap.xml and robots.txt', () => {
  it('sitemap.xml lists home, categories and active products in both languages with absolute URLs and alternates', async () => {
    const res = await app.inject({ url: '/sitemap.xml' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/xml');
    const locs = [...res.body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    expect(locs).toEqual(expect.arrayContaining([
      `${BASE}/`, `${BASE}/?lang=fr`, `${BASE}/c/home-garden`, `${BASE}/c/candles?lang=fr`,
      `${BASE}/p/beeswax-candle`, `${BASE}/p/beeswax-candle?lang=fr`, `${BASE}/p/hostile-lantern`,
    ]));
    expect(locs.some((l) => l?.includes('draft-mug'))).toBe(false);
    expect(res.body).toContain(`<xhtml:link rel="alternate" hreflang="fr" href="${BASE}/p/beeswax-candle?lang=fr"/>`);
    expect(res.body).toMatch(/<loc>https:\/\/shop\.example\/p\/beeswax-candle<\/loc><lastmod>\d{4}-\d\d-\d\d<\/lastmod>/);
  });

  it('robots.txt keeps crawlers out of the back office, API, account and checkout and points at the sitemap', async () => {
    const res = await app.inject({ url: '/robots.txt' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const lines = res.body.split('\n');
    for (const path of ['/admin', '/api/', '/account', '/checkout']) expect(lines).toContain(`Disallow: ${path}`);
    expect(lines).toContain(`Sitemap: ${BASE}/sitemap.xml`);
  });
});

describe('compression', () => {
  it('compresses pages and API answers with brotli or gzip as asked, and leaves tiny answers alone', async () => {
    const br = await app.inject({ url: '/p/beeswax-candle', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.rawPayload).toString()).toContain('<h1>Beeswax candle</h1>');
    const gz = await app.inject({ url: '/api/products', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers.vary).toContain('accept-encoding');
    expect(JSON.parse(gunzipSync(gz.rawPayload).toString()).pagination.total).toBe(2);
    const plain = await app.inject({ url: '/api/products' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.json().pagination.total).toBe(2);
    // Under 1 KiB: not worth it.
    const tiny = await app.inject({ url: '/api/categories', headers: { 'accept-encoding': 'br, gzip' } });
    expect(tiny.headers['content-encoding']).toBeUndefined();
    expect(tiny.json().data[0].name).toBe('Home & Garden');
  });
});
