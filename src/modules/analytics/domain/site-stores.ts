/**
 * The online stores of the installation's sites: the web shop `WEB` records the default site's
 * web orders, `WEB-<SITE>` (upper case) another site's (analytics.organisation.ts `siteStore`).
 */

/** Code of the web shop, the store of kind `online` created at first start. */
export const WEB_STORE_CODE = 'WEB';

/** Code of the online store of site `site`: `WEB` for the default site (or none), `WEB-<SITE>` (upper case) for another. */
export function siteStoreCode(site: string | undefined): string {
  return !site || site === 'default' ? WEB_STORE_CODE : `${WEB_STORE_CODE}-${site.toUpperCase()}`;
}

/**
 * The site whose web orders `store` records ({@link siteStoreCode} read backwards): `default` for
 * the online store `WEB`, the site code for an online `WEB-<SITE>`, null for any other store (a
 * till, or an online store not fed by a site of this installation).
 */
export function siteOfStore(store: { kind: 'physical' | 'online'; code: string }): string | null {
  if (store.kind !== 'online') return null;
  if (store.code === WEB_STORE_CODE) return 'default';
  return store.code.startsWith(`${WEB_STORE_CODE}-`) ? store.code.slice(WEB_STORE_CODE.length + 1).toLowerCase() : null;
}
