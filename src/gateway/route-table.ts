import { readFileSync } from 'node:fs';
import { MODULE_NAMES, type ModuleName } from '../module-names.js';

export type { ModuleName };

/**
 * The HTTP path prefixes each module owns: the one list the gateway routes by. A prefix covers
 * itself and every path below it (`/api/carts` → `/api/carts/cart_1/items`); `:name` stands for
 * one path segment. A path goes to the module of its most specific matching prefix (most
 * segments), so `/api/products/:idOrSlug/recommendations` (recommendations) wins over
 * `/api/products` (catalog). test/gateway.test.ts checks that every `/api` path a
 * `serve --modules …` process documents is owned, here, by one of its modules.
 *
 * Not routed by the gateway: the operations routes of each service (`/api/admin/events`,
 * `/asyncapi.json`, `/files/*`, `/metrics`). The storefront's server-rendered pages and the
 * product images are the catalog service's: {@link STOREFRONT_PATHS}.
 */
export const MODULE_ROUTES: Readonly<Record<ModuleName, readonly string[]>> = {
  identity: ['/api/auth', '/api/users/me', '/api/admin/users'],
  sites: ['/api/site', '/api/admin/sites'],
  catalog: ['/api/products', '/api/categories', '/api/inventory', '/api/admin/products', '/api/admin/categories', '/api/admin/inventory'],
  search: ['/api/search'],
  promotions: ['/api/promotions', '/api/admin/promotions'],
  cart: ['/api/carts', '/api/shipping-methods'],
  orders: ['/api/orders', '/api/carriers', '/api/admin/orders'],
  imports: ['/api/admin/imports'],
  notifications: ['/api/notifications', '/api/admin/mail', '/api/admin/sms'],
  payments: ['/api/payment-methods', '/api/payments', '/api/admin/payments'],
  analytics: ['/api/analytics', '/api/admin/analytics'],
  support: ['/api/support', '/api/contact', '/api/help', '/api/admin/help', '/api/admin/support'],
  recommendations: ['/api/products/:idOrSlug/recommendations', '/api/carts/:id/recommendations', '/api/users/me/recommendations', '/api/admin/recommendations'],
  newsletters: ['/api/newsletters', '/api/account/newsletter', '/api/admin/newsletters'],
};

/**
 * The storefront's server-rendered pages (flows/storefront: home, category, product, search,
 * cart, sitemap, robots.txt) and the product images (`/uploads/*`), served by the service that
 * runs the catalog module; the gateway forwards GET and HEAD for exactly these routes (Fastify
 * route syntax) and serves the web app's files for every other page.
 */
export const STOREFRONT_PATHS: readonly string[] = ['/', '/c/:slug', '/p/:slug', '/search', '/cart', '/sitemap.xml', '/robots.txt', '/uploads/*'];

/** One proxied prefix: requests under `prefix` go to `upstream` (an origin, `http://catalog:3000`) unchanged. */
export interface GatewayRoute {
  module: ModuleName;
  prefix: string;
  upstream: string;
}

/** Where each module runs: module name → upstream base URL (`{ "catalog": "http://10.0.0.5:3000" }`). */
export type UpstreamMap = Partial<Record<ModuleName, string>>;

/**
 * Reads and checks an upstream map (the JSON of `--routes <file>` or `GATEWAY_ROUTES`): an object
 * of known module names to absolute http(s) URLs. Modules left out are not routed (404).
 * @throws Error naming the first unknown module or malformed URL, or when the JSON is not an object.
 */
export function parseUpstreams(json: string): UpstreamMap {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error('The gateway routes are not valid JSON: give an object of module name → upstream URL');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('The gateway routes must be a JSON object of module name → upstream URL');
  const map: UpstreamMap = {};
  for (const [module, url] of Object.entries(value)) {
    if (!(MODULE_NAMES as readonly string[]).includes(module)) throw new Error(`Unknown module "${module}" in the gateway routes; known modules: ${MODULE_NAMES.join(', ')}`);
    let parsed: URL | undefined;
    try {
      parsed = typeof url === 'string' ? new URL(url) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) throw new Error(`The upstream of "${module}" must be an absolute http(s) URL, got ${JSON.stringify(url)}`);
    map[module as ModuleName] = parsed.origin;
  }
  if (Object.keys(map).length === 0) throw new Error('The gateway routes name no module');
  return map;
}

/** The upstream map of `--routes <file>`, else of env `GATEWAY_ROUTES` (JSON). @throws Error when neither is given or it is invalid (see {@link parseUpstreams}). */
export function loadUpstreams(file: string | undefined, env: NodeJS.ProcessEnv = process.env): UpstreamMap {
  if (file) return parseUpstreams(readFileSync(file, 'utf8'));
  if (env.GATEWAY_ROUTES) return parseUpstreams(env.GATEWAY_ROUTES);
  throw new Error('Give the gateway its routes: --routes <file.json> or GATEWAY_ROUTES, a JSON object of module name → upstream URL');
}

/** Every proxied prefix of the modules in `upstreams`, with its upstream. */
export function routeTable(upstreams: UpstreamMap): GatewayRoute[] {
  return Object.entries(upstreams).flatMap(([module, upstream]) =>
    MODULE_ROUTES[module as ModuleName].map((prefix) => ({ module: module as ModuleName, prefix, upstream: upstream as string })));
}

/**
 * The module owning `path` (a request path, or an OpenAPI path with `{param}` segments): the one
 * of the most specific {@link MODULE_ROUTES} prefix that matches, undefined when none does.
 */
export function ownerOf(path: string): ModuleName | undefined {
  const segments = path.split('?')[0]!.split('/').filter(Boolean);
  let best: { module: ModuleName; length: number } | undefined;
  for (const [module, prefixes] of Object.entries(MODULE_ROUTES)) {
    for (const prefix of prefixes) {
      const parts = prefix.split('/').filter(Boolean);
      const matches = parts.length <= segments.length && parts.every((p, i) => p.startsWith(':') || p === segments[i]);
      if (matches && (!best || parts.length > best.length)) best = { module: module as ModuleName, length: parts.length };
    }
  }
  return best?.module;
}
