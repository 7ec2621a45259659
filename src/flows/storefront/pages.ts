/**
 * The storefront's server-rendered pages (home, category, product, search results, and the cart's
 * shell), sitemap and robots.txt, built from the catalog's and search's public answers. Each page is the web app's index.html with its head (title,
 * description, canonical, hreflang, Open Graph, schema.org JSON-LD) and a first markup of the
 * page, shown before any script runs; the app then replaces it, starting from the same answers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CategoryNode, Money, ProductDto } from '../../modules/catalog/index.js';
import type { SearchResult } from '../../modules/search/index.js';
import { escapeHtml, type WebPage } from '../../platform/http/web-page.js';
import { projectRoot } from '../../platform/paths.js';

/** The storefront's languages. */
export const LANGS = ['en', 'fr'] as const;
/** A storefront language. */
export type Lang = (typeof LANGS)[number];

/**
 * Where a site's storefront is: its origin (`https://shop.example.org`, no trailing slash) and
 * its default language, the one its URLs carry no `?lang=` for.
 */
export interface SiteAddress {
  base: string;
  defaultLang: Lang;
}

/** The language a request asks for with `?lang=en|fr`, else the site's default `fallback`. */
export function langOf(query: unknown, fallback: Lang = 'en'): Lang {
  const lang = (query as { lang?: unknown } | undefined)?.lang;
  return lang === 'fr' || lang === 'en' ? lang : fallback;
}

type Tree = { [key: string]: string | Tree };

/** The web app's own translations (web/src/i18n), so pages say what the app says. */
const translations: Record<Lang, Tree> = Object.fromEntries(
  LANGS.map((lang) => {
    try {
      return [lang, JSON.parse(readFileSync(join(projectRoot, 'web/src/i18n', `${lang}.json`), 'utf8')) as Tree];
    } catch {
      return [lang, {}];
    }
  }),
) as Record<Lang, Tree>;

/**
 * The text of `key` (`store.home.title`) in `lang`, else in English, else the key itself, with
 * `{{name}}` replaced by `vars.name` (plain text: the caller escapes the result).
 */
export function tr(lang: Lang, key: string, vars: Record<string, string> = {}): string {
  const find = (tree: Tree) => key.split('.').reduce<string | Tree | undefined>((node, part) => (typeof node === 'object' ? node[part] : undefined), tree);
  const found = find(translations[lang]) ?? find(translations.en);
  return typeof found === 'string' ? found.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => vars[name] ?? whole) : key;
}

/** The plural form of `key` for `count` (`key_one`, `key_other`, as i18next picks it), with `vars`. */
function trCount(lang: Lang, key: string, count: number, vars: Record<string, string>): string {
  const form = `${key}_${new Intl.PluralRules(lang).select(count)}`;
  const text = tr(lang, form, vars);
  return text === form ? tr(lang, `${key}_other`, vars) : text;
}

const locale = (lang: Lang) => (lang === 'fr' ? 'fr-FR' : 'en-GB');

/** Digits after the decimal point of `currency` (2 for GBP, 0 for JPY). */
function currencyDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** Minor units as the shopper reads them ("£12.50", "12,50 £"), as the web app formats them. */
export function formatMoney(money: Money, lang: Lang): string {
  return new Intl.NumberFormat(locale(lang), { style: 'currency', currency: money.currency }).format(money.amount / 10 ** currencyDigits(money.currency));
}

/** Minor units as schema.org wants a price: major units, a dot, the currency's digits ("12.50"). */
export function schemaPrice(money: Money): string {
  const digits = currencyDigits(money.currency);
  return (money.amount / 10 ** digits).toFixed(digits);
}

/** Links of one page in one language, absolute against the shop's public URL. */
class Urls {
  constructor(readonly at: SiteAddress, readonly lang: Lang) {}

  /** `path` in `lang` (default this page's), relative: `/p/mug?lang=fr` (no parameter in the site's default language). */
  path(path: string, lang: Lang = this.lang): string {
    return lang === this.at.defaultLang ? path : `${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;
  }

  /** `path` in `lang`, absolute. */
  absolute(path: string, lang: Lang = this.lang): string {
    return `${this.at.base}${this.path(path, lang)}`;
  }

  /** hreflang alternates of `path`: each language and `x-default` (the site's default language). */
  alternates(path: string): WebPage['alternates'] {
    return [...LANGS.map((lang) => ({ hreflang: lang, href: this.absolute(path, lang) })), { hreflang: 'x-default', href: this.absolute(path, this.at.defaultLang) }];
  }
}

/** Text cut to at most `max` characters at a word boundary, with an ellipsis when cut. */
function clip(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  return `${cut.slice(0, cut.lastIndexOf(' ') > max / 2 ? cut.lastIndexOf(' ') : cut.length)}…`;
}

const PLACEHOLDER_SVG = '<svg width="48" height="48" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.5" aria-hidden="true"><path d="M6 7h12l-1 13H7L6 7z"/><path d="M9 7a3 3 0 0 1 6 0"/></svg>';

/** What a product tile shows: a listed product or a search hit. */
type Card = Pick<ProductDto, 'slug' | 'title' | 'images' | 'price' | 'inStock'>;

/** The product's first image, or the app's placeholder (same markup as its ProductImage). */
function image(product: Card): string {
  const first = product.images[0];
  return first
    ? `<img src="${escapeHtml(first.url)}" alt="${escapeHtml(first.alt ?? product.title)}" />`
    : `<div class="placeholder-img" role="img" aria-label="${escapeHtml(product.title)}">${PLACEHOLDER_SVG}</div>`;
}

/** A product tile list (the app's ProductGrid). */
function grid(products: Card[], urls: Urls): string {
  const tiles = products.map((p) => {
    const stock = p.inStock ? '' : ` <span class="badge badge-danger">${escapeHtml(tr(urls.lang, 'store.product.outOfStock'))}</span>`;
    return `<li><article class="product-card">${image(p)}<h3 class="product-card-title"><a href="${escapeHtml(urls.path(`/p/${encodeURIComponent(p.slug)}`))}">${escapeHtml(p.title)}</a></h3><p class="product-card-meta"><span class="price">${escapeHtml(formatMoney(p.price, urls.lang))}</span>${stock}</p></article></li>`;
  });
  return `<ul class="grid product-grid">${tiles.join('')}</ul>`;
}

/** Breadcrumb markup: home, then `trail` (name, path), then the current page's name. */
function breadcrumb(urls: Urls, trail: { name: string; path: string }[], current: string): string {
  const items = [{ name: tr(urls.lang, 'store.common.home'), path: '/' }, ...trail]
    .map((c) => `<li><a href="${escapeHtml(urls.path(c.path))}">${escapeHtml(c.name)}</a></li>`)
    .join('');
  return `<nav aria-label="${escapeHtml(tr(urls.lang, 'store.common.breadcrumb'))}" class="breadcrumb"><ol>${items}<li aria-current="page">${escapeHtml(current)}</li></ol></nav>`;
}

/** schema.org BreadcrumbList of home, `trail` and the current page. */
function breadcrumbLd(urls: Urls, trail: { name: string; path: string }[], current: { name: string; path: string }): unknown {
  const items = [{ name: tr(urls.lang, 'store.common.home'), path: '/' }, ...trail, current];
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: items.map((c, i) => ({ '@type': 'ListItem', position: i + 1, name: c.name, item: urls.absolute(c.path) })),
  };
}

/** The app's header (logo, top categories), main element around `main`, and footer. */
function layout(urls: Urls, tree: CategoryNode[], main: string): string {
  const nav = tree.map((c) => `<li><a href="${escapeHtml(urls.path(`/c/${encodeURIComponent(c.slug)}`))}">${escapeHtml(c.name)}</a></li>`).join('');
  return [
    `<header class="store-header"><div class="container store-header-top"><a href="${escapeHtml(urls.path('/'))}" class="store-logo">${escapeHtml(tr(urls.lang, 'app.name'))}</a></div>`,
    `<nav aria-label="${escapeHtml(tr(urls.lang, 'store.header.categories'))}" class="store-nav"><ul class="container">${nav}</ul></nav></header>`,
    `<main id="main" tabindex="-1" class="container store-main">${main}</main>`,
    `<footer class="store-footer"><div class="container"><p>${escapeHtml(tr(urls.lang, 'store.footer.text'))}</p></div></footer>`,
  ].join('');
}

/** Open Graph tags every page has. */
function openGraph(urls: Urls, type: string, title: string, description: string, path: string): [string, string][] {
  const other = LANGS.filter((l) => l !== urls.lang);
  return [
    ['og:type', type],
    ['og:site_name', tr(urls.lang, 'app.name')],
    ['og:title', title],
    ['og:description', description],
    ['og:url', urls.absolute(path)],
    ['og:locale', locale(urls.lang).replace('-', '_')],
    ...other.map((l): [string, string] => ['og:locale:alternate', locale(l).replace('-', '_')]),
  ];
}

/** Where a category sits: its ancestors (root first) and the node, or null when absent. */
export function findCategory(tree: CategoryNode[], slug: string, trail: CategoryNode[] = []): { node: CategoryNode; trail: CategoryNode[] } | null {
  for (const node of tree) {
    if (node.slug === slug) return { node, trail };
    const found = findCategory(node.children, slug, [...trail, node]);
    if (found) return found;
  }
  return null;
}

/** What the home page shows: the app's two product lists and the category tree. */
export interface HomeData {
  featured: ProductDto[];
  newest: ProductDto[];
  tree: CategoryNode[];
}

/** The home page's `[queryKey, data]` pairs are built by the caller (they name the app's queries). */
export function homePage(at: SiteAddress, lang: Lang, data: HomeData, appData: WebPage['appData']): WebPage {
  const urls = new Urls(at, lang);
  const site = tr(lang, 'app.name');
  const title = `${tr(lang, 'store.home.title')} · ${site}`;
  const description = tr(lang, 'store.home.tagline');
  const main = [
    `<div class="stack"><section class="hero"><h1>${escapeHtml(tr(lang, 'store.home.title'))}</h1><p>${escapeHtml(description)}</p></section>`,
    `<div class="home-layout"><div class="stack">`,
    `<section><h2>${escapeHtml(tr(lang, 'store.home.featured'))}</h2>${grid(data.featured, urls)}</section>`,
    `<section><h2>${escapeHtml(tr(lang, 'store.home.new'))}</h2>${grid(data.newest, urls)}</section></div>`,
    `<section class="home-categories"><h2>${escapeHtml(tr(lang, 'store.home.categories'))}</h2><ul>${data.tree.map((c) => `<li><a href="${escapeHtml(urls.path(`/c/${encodeURIComponent(c.slug)}`))}">${escapeHtml(c.name)}</a></li>`).join('')}</ul></section>`,
    `</div></div>`,
  ].join('');
  return {
    lang, siteLang: at.defaultLang, title, description, canonical: urls.absolute('/'), alternates: urls.alternates('/'),
    openGraph: openGraph(urls, 'website', title, description, '/'),
    jsonLd: [{
      '@context': 'https://schema.org', '@type': 'WebSite', name: site, url: urls.absolute('/'), inLanguage: lang,
      potentialAction: { '@type': 'SearchAction', target: `${at.base}/search?q={search_term_string}`, 'query-input': 'required name=search_term_string' },
    }],
    appData,
    body: layout(urls, data.tree, main),
  };
}

/** A category page: its name, breadcrumb and the first page of its products (newest first). */
export function categoryPage(at: SiteAddress, lang: Lang, found: { node: CategoryNode; trail: CategoryNode[] }, products: ProductDto[], tree: CategoryNode[], appData: WebPage['appData']): WebPage {
  const urls = new Urls(at, lang);
  const { node, trail } = found;
  const path = `/c/${encodeURIComponent(node.slug)}`;
  const crumbs = trail.map((c) => ({ name: c.name, path: `/c/${encodeURIComponent(c.slug)}` }));
  const title = `${node.name} · ${tr(lang, 'app.name')}`;
  const description = clip([node.name, ...products.slice(0, 6).map((p) => p.title)].join(' — '));
  const list = products.length > 0 ? grid(products, urls) : `<p>${escapeHtml(tr(lang, 'store.category.empty'))}</p>`;
  const main = `<div class="stack">${breadcrumb(urls, crumbs, node.name)}<h1>${escapeHtml(node.name)}</h1><section class="stack"><h2 class="sr-only">${escapeHtml(tr(lang, 'store.category.products'))}</h2>${list}</section></div>`;
  return {
    lang, siteLang: at.defaultLang, title, description, canonical: urls.absolute(path), alternates: urls.alternates(path),
    openGraph: openGraph(urls, 'website', title, description, path),
    jsonLd: [breadcrumbLd(urls, crumbs, { name: node.name, path })],
    appData,
    body: layout(urls, tree, main),
  };
}

/** A product page: breadcrumb, image, title, price, stock and description; Product/Offer JSON-LD. */
export function productPage(at: SiteAddress, lang: Lang, product: ProductDto, tree: CategoryNode[], appData: WebPage['appData']): WebPage {
  const urls = new Urls(at, lang);
  const path = `/p/${encodeURIComponent(product.slug)}`;
  const canonical = urls.absolute(path);
  const found = findCategory(tree, product.category.slug);
  const crumbs = [...(found?.trail ?? []), product.category].map((c) => ({ name: c.name, path: `/c/${encodeURIComponent(c.slug)}` }));
  const title = `${product.title} · ${tr(lang, 'app.name')}`;
  const price = formatMoney(product.price, lang);
  const description = clip(product.description || `${product.title} — ${product.category.name}, ${price}`);
  const images = product.images.map((i) => new URL(i.url, at.base).toString());
  const offer = (v: ProductDto['variants'][number]) => ({
    '@type': 'Offer', sku: v.sku, price: schemaPrice(v.price), priceCurrency: v.price.currency,
    availability: v.available > 0 ? 'https://schema.org/InStock' : 'https://schema.org/OutOfStock',
    itemCondition: 'https://schema.org/NewCondition', url: canonical,
  });
  const amounts = product.variants.map((v) => v.price.amount);
  const offers = product.variants.length === 1
    ? offer(product.variants[0] as ProductDto['variants'][number])
    : {
      '@type': 'AggregateOffer', priceCurrency: product.price.currency, offerCount: product.variants.length,
      lowPrice: schemaPrice({ amount: Math.min(...amounts), currency: product.price.currency }),
      highPrice: schemaPrice({ amount: Math.max(...amounts), currency: product.price.currency }),
      offers: product.variants.map(offer),
    };
  const stock = product.inStock
    ? `<span class="badge badge-success">${escapeHtml(tr(lang, 'store.product.inStock'))}</span>`
    : `<span class="badge badge-danger">${escapeHtml(tr(lang, 'store.product.outOfStock'))}</span>`;
  const about = product.description
    ? `<section><h2>${escapeHtml(tr(lang, 'store.product.description'))}</h2><p>${escapeHtml(product.description)}</p></section>`
    : '';
  const main = [
    `<div class="stack">${breadcrumb(urls, crumbs, product.title)}<div class="product-layout">`,
    `<div class="product-media">${image(product)}</div>`,
    `<div class="stack"><h1>${escapeHtml(product.title)}</h1>`,
    `<p class="product-price"><span class="price">${escapeHtml(price)}</span> <span class="muted">${escapeHtml(tr(lang, 'store.product.taxIncluded'))}</span></p>`,
    `<p>${stock}</p>${about}</div></div></div>`,
  ].join('');
  return {
    lang, siteLang: at.defaultLang, title, description, canonical, alternates: urls.alternates(path),
    openGraph: [
      ...openGraph(urls, 'product', title, description, path),
      ...images.slice(0, 1).map((url): [string, string] => ['og:image', url]),
      ['product:price:amount', schemaPrice(product.price)],
      ['product:price:currency', product.price.currency],
    ],
    jsonLd: [
      {
        '@context': 'https://schema.org', '@type': 'Product', name: product.title, description: product.description || undefined,
        sku: product.variants[0]?.sku, category: product.category.name, url: canonical, ...(images.length ? { image: images } : {}), offers,
      },
      breadcrumbLd(urls, crumbs, { name: product.title, path }),
    ],
    appData,
    body: layout(urls, tree, main),
  };
}

/** Hits per page of the web app's search page (web/src/routes/store/Search.tsx). */
export const SEARCH_PAGE_SIZE = 24;
/** Longest `q` and `category` `GET /api/search` accepts (characters), and its last page. */
const SEARCH_MAX_TEXT = 200;
const SEARCH_MAX_PAGE = 10_000;
const MAX_INT32 = 2_147_483_647;

/** The search a `/search?…` address asks for, as the web app reads it from the same address. */
export interface SearchRequest {
  /** The address's parameters (facet links keep them). */
  params: URLSearchParams;
  /**
   * The app's search query (its query key): `q` (first value, '' when absent), `category`, the
   * price facet `price=min-max` as inclusive minor-unit bounds, `page`, and the page size.
   */
  query: { q: string; category?: string; minPrice?: number; maxPrice?: number; page: number; limit: number };
  /** The price facet chosen (`min-max`), or null. */
  price: string | null;
  /** False when `GET /api/search` would refuse the query (text over 200 characters, a bad page or price). */
  valid: boolean;
}

/** Reads `url` (path and query string of a `/search` request) the way Search.tsx reads its address. */
export function searchRequest(url: string): SearchRequest {
  const params = new URL(url, 'http://localhost').searchParams;
  const q = params.get('q') ?? '';
  const category = params.get('category') ?? undefined;
  const price = params.get('price');
  const page = Math.max(1, Number(params.get('page')) || 1);
  // `price` is a facet bucket `min-max` (min ≤ price < max, max empty: no bound); the API's bounds are inclusive.
  const [pmin, pmax] = price ? price.split('-').map((x) => (x === '' || !Number.isInteger(Number(x)) ? undefined : Number(x))) : [undefined, undefined];
  const maxPrice = pmax === undefined ? undefined : Math.max(pmax - 1, 0);
  const minor = (n: number | undefined) => n === undefined || (n >= 0 && n <= MAX_INT32);
  const valid = q.length <= SEARCH_MAX_TEXT && (category ?? '').length <= SEARCH_MAX_TEXT && Number.isInteger(page) && page <= SEARCH_MAX_PAGE && minor(pmin) && minor(maxPrice);
  return { params, query: { q, category, minPrice: pmin, maxPrice, page, limit: SEARCH_PAGE_SIZE }, price, valid };
}

/** The search facets (categories, price ranges) as the app's Search page lists them, as links. */
function facets(urls: Urls, request: SearchRequest, result: SearchResult): string {
  const { lang } = urls;
  const link = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(request.params);
    for (const [k, v] of Object.entries(changes)) if (v === null) next.delete(k); else next.set(k, v);
    next.delete('page');
    return escapeHtml(`/search?${next.toString()}`);
  };
  const count = (n: number) => ` <span class="muted">(${escapeHtml(new Intl.NumberFormat(locale(lang)).format(n))})</span>`;
  const current = (yes: boolean) => (yes ? ' aria-current="true"' : '');
  const category = request.query.category;
  const currency = result.data[0]?.price.currency ?? 'GBP';
  const money = (amount: number) => formatMoney({ amount, currency }, lang);
  const categories = [
    ...(category ? [`<li><a href="${link({ category: null })}">${escapeHtml(tr(lang, 'store.search.allCategories'))}</a></li>`] : []),
    ...result.facets.categories.map((c) => `<li><a href="${link({ category: c.slug })}"${current(c.slug === category)}>${escapeHtml(c.name)}</a>${count(c.count)}</li>`),
  ];
  const prices = [
    ...(request.price ? [`<li><a href="${link({ price: null })}">${escapeHtml(tr(lang, 'store.search.allPrices'))}</a></li>`] : []),
    ...result.facets.priceRanges.filter((r) => r.count > 0).map((r) => {
      const key = `${r.min}-${r.max ?? ''}`;
      const label = r.max === null ? tr(lang, 'store.search.priceFrom', { min: money(r.min) }) : tr(lang, 'store.search.priceBetween', { min: money(r.min), max: money(r.max) });
      return `<li><a href="${link({ price: key })}"${current(key === request.price)}>${escapeHtml(label)}</a>${count(r.count)}</li>`;
    }),
  ];
  return [
    `<aside class="stack filters" aria-labelledby="facets-heading"><h2 id="facets-heading">${escapeHtml(tr(lang, 'store.filters.title'))}</h2>`,
    `<section aria-labelledby="facet-categories"><h3 id="facet-categories">${escapeHtml(tr(lang, 'store.search.categories'))}</h3><ul class="facet-list">${categories.join('')}</ul></section>`,
    `<section aria-labelledby="facet-prices"><h3 id="facet-prices">${escapeHtml(tr(lang, 'store.search.prices'))}</h3><ul class="facet-list">${prices.join('')}</ul></section></aside>`,
  ].join('');
}

/**
 * A search results page: title and heading with the query, the facets, the count and the first
 * page of hits (`result`; null when the search was refused: the heading and a loading line only,
 * the app then shows why). Kept out of search engines (`noindex`, no canonical).
 */
export function searchPage(at: SiteAddress, lang: Lang, request: SearchRequest, result: SearchResult | null, tree: CategoryNode[], appData: WebPage['appData']): WebPage {
  const urls = new Urls(at, lang);
  const { q } = request.query;
  const heading = q ? tr(lang, 'store.search.titleFor', { q }) : tr(lang, 'store.search.title');
  const results = result
    ? [
      `<div class="listing-layout">${facets(urls, request, result)}<section class="stack" aria-labelledby="results-heading">`,
      `<h2 id="results-heading" class="sr-only">${escapeHtml(tr(lang, 'store.search.results'))}</h2>`,
      `<p role="status" class="muted">${escapeHtml(trCount(lang, 'store.search.count', result.total, { formatted: new Intl.NumberFormat(locale(lang)).format(result.total) }))}</p>`,
      result.data.length > 0 ? grid(result.data, urls) : `<p class="empty-state">${escapeHtml(q ? tr(lang, 'store.search.empty', { q }) : tr(lang, 'store.search.prompt'))}</p>`,
      `</section></div>`,
    ].join('')
    : `<p class="muted" role="status">${escapeHtml(tr(lang, 'common.loading'))}</p>`;
  return {
    lang, siteLang: at.defaultLang, title: `${heading} · ${tr(lang, 'app.name')}`, description: heading, robots: 'noindex', alternates: [], openGraph: [], jsonLd: [],
    appData,
    body: layout(urls, tree, `<div class="stack"><h1>${escapeHtml(heading)}</h1>${results}</div>`),
  };
}

/**
 * The cart page's shell: the header, the heading and a "loading your cart" line, painted before
 * the app (which holds the visitor's cart) replaces it. Kept out of search engines.
 */
export function cartPage(at: SiteAddress, lang: Lang, tree: CategoryNode[], appData: WebPage['appData']): WebPage {
  const urls = new Urls(at, lang);
  const heading = tr(lang, 'store.cart.title');
  return {
    lang, siteLang: at.defaultLang, title: `${heading} · ${tr(lang, 'app.name')}`, description: heading, robots: 'noindex', alternates: [], openGraph: [], jsonLd: [],
    appData,
    body: layout(urls, tree, `<div class="stack"><h1>${escapeHtml(heading)}</h1><p class="muted" role="status">${escapeHtml(tr(lang, 'store.cart.loading'))}</p></div>`),
  };
}

/** The page of an unknown product or category: "not found" in the app's words, kept out of search engines by the caller's 404. */
export function notFoundPage(at: SiteAddress, lang: Lang, path: string, key: string, tree: CategoryNode[]): WebPage {
  const urls = new Urls(at, lang);
  const heading = tr(lang, key);
  return {
    lang, siteLang: at.defaultLang, title: `${heading} · ${tr(lang, 'app.name')}`, description: heading, canonical: urls.absolute(path), alternates: [], openGraph: [], jsonLd: [],
    body: layout(urls, tree, `<div class="stack"><h1>${escapeHtml(heading)}</h1><p><a href="${escapeHtml(urls.path('/'))}">${escapeHtml(tr(lang, 'store.common.backHome'))}</a></p></div>`),
  };
}

/** Paths robots.txt keeps crawlers out of: private pages and the API. */
const PRIVATE_PATHS = ['/admin', '/api/', '/account', '/checkout', '/cart', '/order/'];

/** robots.txt: everything but {@link PRIVATE_PATHS}, and where the sitemap is. */
export function robotsTxt(at: SiteAddress): string {
  return ['User-agent: *', ...PRIVATE_PATHS.map((p) => `Disallow: ${p}`), '', `Sitemap: ${at.base}/sitemap.xml`, ''].join('\n');
}

/** The sitemaps protocol's limit of URLs per file. */
export const SITEMAP_MAX_URLS = 50_000;

/**
 * sitemap.xml: home, each category and each product (`products`: slug and last change) in every
 * language, each URL with its hreflang alternates (`xhtml:link`).
 */
export function sitemapXml(at: SiteAddress, tree: CategoryNode[], products: { slug: string; updatedAt: string }[]): string {
  const urls = new Urls(at, at.defaultLang);
  const categories: string[] = [];
  const walk = (nodes: CategoryNode[]) => nodes.forEach((n) => {
    if (n.productCount > 0) categories.push(`/c/${encodeURIComponent(n.slug)}`);
    walk(n.children);
  });
  walk(tree);
  const entries = [
    { path: '/', lastmod: undefined as string | undefined },
    ...categories.map((path) => ({ path, lastmod: undefined })),
    ...products.map((p) => ({ path: `/p/${encodeURIComponent(p.slug)}`, lastmod: p.updatedAt.slice(0, 10) })),
  ];
  const xml = entries.flatMap(({ path, lastmod }) => {
    const links = urls.alternates(path).map((a) => `<xhtml:link rel="alternate" hreflang="${a.hreflang}" href="${escapeHtml(a.href)}"/>`).join('');
    return LANGS.map((lang) => `<url><loc>${escapeHtml(urls.absolute(path, lang))}</loc>${lastmod ? `<lastmod>${lastmod}</lastmod>` : ''}${links}</url>`);
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n${xml.join('\n')}\n</urlset>\n`;
}
