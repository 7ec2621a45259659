/**
 * Storefront flow: the server-rendered entry pages of the shop (home `/`, category `/c/{slug}`,
 * product `/p/{slug}`, search results `/search?q=…`, the cart's shell `/cart`, each in the
 * request's site's default language and, with `?lang=en|fr`, the other), `/sitemap.xml` and
 * `/robots.txt` of the request's site, from the catalog's and search's contracts. A site other
 * than the default one is addressed at its main host name (canonical, hreflang, sitemap URLs).
 * See pages.ts for what a page holds.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.js';
import { SERVICE_UNAVAILABLE } from '../../platform/http/internal.js';
import type { HttpServer } from '../../platform/http/server.js';
import type { WebPage, WebShell } from '../../platform/http/web-page.js';
import type { CatalogContract, ProductListQuery } from '../../modules/catalog/index.js';
import type { SearchContract } from '../../modules/search/index.js';
import { DEFAULT_SITE_CODE, siteOf } from '../../platform/http/site.js';
import { cartPage, categoryPage, findCategory, homePage, langOf, LANGS, notFoundPage, productPage, robotsTxt, searchPage, searchRequest, SITEMAP_MAX_URLS, sitemapXml, type SiteAddress } from './pages.js';

/** What the storefront pages need. */
export interface StorefrontDeps {
  catalog: CatalogContract;
  /** In services mode the client of the search service: when it answers 503 `SERVICE.UNAVAILABLE`, the search page comes without results (503, `Retry-After`). */
  search: SearchContract;
  /** The web app's index.html, filled per page. */
  shell: WebShell;
  /** Where shoppers reach the shop (`PUBLIC_URL`): canonical, hreflang, sitemap and Open Graph URLs are absolute under it. */
  publicUrl: string;
}

/** Products per page of a category, as the web app's category page asks for them. */
const CATEGORY_PAGE_SIZE = 24;
/**
 * The web app's home lists as it asks for them (web/src/routes/store/Home.tsx; its query keys),
 * so it starts from these answers.
 */
const HOME_FEATURED = { sort: '-price', inStock: true, limit: 8 } as const;
const HOME_NEWEST = { sort: 'newest', inStock: true, limit: 8 } as const;

/** Sends `page` as HTML (revalidated on each visit: it names the current build's assets and prices). */
function sendPage(reply: FastifyReply, shell: WebShell, page: WebPage, status = 200) {
  return reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(shell.render(page));
}

/** A 404 of the catalog or search (`CATALOG.PRODUCT_NOT_FOUND`, `SEARCH.UNKNOWN_CATEGORY`), as opposed to a failure to answer. */
const isNotFound = (error: unknown) => error instanceof AppError && error.status === 404;

/**
 * Registers the storefront's pages, sitemap and robots.txt (hidden from the OpenAPI document:
 * they answer HTML and text, not the API). An unknown product or category answers 404 with a
 * "not found" page the web app takes over. A search `GET /api/search` would refuse (text over 200
 * characters, a bad page or price) answers 400, one of an unknown category 404, each with the
 * search page's heading only (the app then shows why).
 */
export async function storefrontRoutes(root: HttpServer, deps: StorefrontDeps): Promise<void> {
  const { catalog, search, shell } = deps;
  const publicUrl = new URL(deps.publicUrl);
  const base = deps.publicUrl.replace(/\/$/, '');
  /**
   * Where the request's site is: the default site (or one without host names) at `PUBLIC_URL`,
   * another at its main host name with `PUBLIC_URL`'s scheme and port; its default language.
   */
  const addressOf = (request: FastifyRequest): SiteAddress => {
    const site = siteOf(request);
    const host = site.code === DEFAULT_SITE_CODE ? undefined : site.hosts[0];
    return { base: host ? `${publicUrl.protocol}//${host}${publicUrl.port ? `:${publicUrl.port}` : ''}` : base, defaultLang: site.language };
  };
  const hidden = { schema: { hide: true } };

  await root.register(async (server) => {
    server.get('/', hidden, async (request, reply) => {
      const at = addressOf(request);
      const lang = langOf(request.query, at.defaultLang);
      const site = siteOf(request).code;
      const [featured, newest, tree] = await Promise.all([catalog.listProducts({ ...HOME_FEATURED, page: 1 }, site), catalog.listProducts({ ...HOME_NEWEST, page: 1 }, site), catalog.categoryTree(site)]);
      const appData: WebPage['appData'] = [[['products', HOME_FEATURED], featured], [['products', HOME_NEWEST], newest], [['categories'], tree]];
      return sendPage(reply, shell, homePage(at, lang, { featured: featured.data, newest: newest.data, tree }, appData));
    });

    server.get<{ Params: { slug: string } }>('/c/:slug', hidden, async (request, reply) => {
      const at = addressOf(request);
      const lang = langOf(request.query, at.defaultLang);
      const tree = await catalog.categoryTree(siteOf(request).code);
      const found = findCategory(tree, request.params.slug);
      if (!found) return sendPage(reply, shell, notFoundPage(at, lang, request.url, 'store.category.notFound', tree), 404);
      // The web app's category query with no filter, sort or page in the URL (Category.tsx).
      const query: ProductListQuery = { category: request.params.slug, sort: 'newest', page: 1, limit: CATEGORY_PAGE_SIZE };
      const products = await catalog.listProducts(query, siteOf(request).code);
      return sendPage(reply, shell, categoryPage(at, lang, found, products.data, tree, [[['products', query], products], [['categories'], tree]]));
    });

    server.get<{ Params: { slug: string } }>('/p/:slug', hidden, async (request, reply) => {
      const at = addressOf(request);
      const lang = langOf(request.query, at.defaultLang);
      const tree = await catalog.categoryTree(siteOf(request).code);
      try {
        const product = await catalog.product(request.params.slug, siteOf(request).code);
        return sendPage(reply, shell, productPage(at, lang, product, tree, [[['product', request.params.slug], product], [['categories'], tree]]));
      } catch (error) {
        if (!isNotFound(error)) throw error;
        return sendPage(reply, shell, notFoundPage(at, lang, request.url, 'store.product.notFound', tree), 404);
      }
    });

    server.get('/search', hidden, async (request, reply) => {
      const at = addressOf(request);
      const lang = langOf(request.query, at.defaultLang);
      const asked = searchRequest(request.url);
      const tree = await catalog.categoryTree(siteOf(request).code);
      const appData: WebPage['appData'] = [[['categories'], tree]];
      if (!asked.valid) return sendPage(reply, shell, searchPage(at, lang, asked, null, tree, appData), 400);
      try {
        const result = await search.search(asked.query, siteOf(request).code);
        // The app's query key: its useSearch parameters (undefined ones are left out of a key).
        return sendPage(reply, shell, searchPage(at, lang, asked, result, tree, [[['search', asked.query], result], ...appData]));
      } catch (error) {
        // Services mode, search down: the page without results (the app then says why), not an error page.
        if (error instanceof AppError && error.code === SERVICE_UNAVAILABLE) {
          reply.header('retry-after', String(error.extensions?.retryAfter ?? 1));
          return sendPage(reply, shell, searchPage(at, lang, asked, null, tree, appData), 503);
        }
        if (!isNotFound(error)) throw error;
        return sendPage(reply, shell, searchPage(at, lang, asked, null, tree, appData), 404);
      }
    });

    server.get('/cart', hidden, async (request, reply) => {
      const at = addressOf(request);
      const tree = await catalog.categoryTree(siteOf(request).code);
      return sendPage(reply, shell, cartPage(at, langOf(request.query, at.defaultLang), tree, [[['categories'], tree]]));
    });

    server.get('/sitemap.xml', hidden, async (request, reply) => {
      const tree = await catalog.categoryTree(siteOf(request).code);
      let categories = 0;
      const count = (nodes: typeof tree): void => nodes.forEach((n) => { categories += 1; count(n.children); });
      count(tree);
      // Every page is listed once per language; products fill what the protocol's limit leaves.
      const room = Math.max(0, Math.floor(SITEMAP_MAX_URLS / LANGS.length) - 1 - categories);
      const products = await catalog.productLocations(room, siteOf(request).code);
      return reply.type('application/xml; charset=utf-8').header('cache-control', 'public, max-age=3600').send(sitemapXml(addressOf(request), tree, products));
    });

    server.get('/robots.txt', hidden, async (request, reply) =>
      reply.type('text/plain; charset=utf-8').header('cache-control', 'public, max-age=3600').send(robotsTxt(addressOf(request))));
  });
}
