import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../auth.js';
import { forbidden } from '../errors.js';

/**
 * The schema of a site's code in a request (body or query): 1 to 32 lower-case letters, digits
 * and `-`, starting with a letter or digit (the rule the sites module stores codes by).
 */
export const siteCode = (description?: string) => Type.String({ minLength: 1, maxLength: 32, pattern: '^[a-z0-9][a-z0-9-]*$', ...(description ? { description } : {}) });

/** Code of the default site: the shop as it was before sites, holding all existing data. */
export const DEFAULT_SITE_CODE = 'default';

/**
 * The storefront (sales channel) a request is for, as resolved by the sites module from the
 * `X-Comptoir-Site` header or the `Host` (see `modules/sites`): its `code`, the ISO 4217
 * `currency` its carts and prices are in, its default `language` and its host names.
 */
export interface RequestSite {
  code: string;
  currency: string;
  language: 'en' | 'fr';
  /** The site's host names, its main one first (its storefront's canonical address); empty for the default site unless given some. */
  hosts: string[];
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's site; null until resolved (see {@link siteOf}). */
    site: RequestSite | null;
  }
}

/** The default site when no sites module resolved one (services mode without it): GBP, English. */
export const FALLBACK_SITE: RequestSite = { code: DEFAULT_SITE_CODE, currency: 'GBP', language: 'en', hosts: [] };

/** The site of `request`: the resolved one, else {@link FALLBACK_SITE}. */
export function siteOf(request: FastifyRequest): RequestSite {
  return request.site ?? FALLBACK_SITE;
}

/**
 * The sites a back-office request covers: undefined (every site) for staff with no site limit
 * and no `requested` filter; `[requested]` when one is asked for (`?site=`); for staff limited to
 * some sites (`user.sites`, from their access token), those sites, or `[requested]` when it is
 * one of them.
 * @throws AppError 403 `SITES.NOT_ALLOWED` when `requested` is not one of the user's sites.
 */
export function staffSites(user: AuthUser | null, requested?: string): string[] | undefined {
  if (!user?.sites) return requested === undefined ? undefined : [requested];
  if (requested === undefined) return user.sites;
  if (!user.sites.includes(requested)) throw notYourSites(user.sites);
  return [requested];
}

/** True when `user` may see something on `sites` in the back office: no site limit, or one of `sites` is theirs. */
export function staffSeesAny(user: AuthUser | null, sites: readonly string[]): boolean {
  return !user?.sites || sites.some((s) => user.sites!.includes(s));
}

/**
 * Checks that `user` may publish to or withdraw from every site of `changed` (no site limit, or
 * each is one of theirs).
 * @throws AppError 403 `SITES.NOT_ALLOWED` naming the user's sites.
 */
export function assertStaffManages(user: AuthUser | null, changed: readonly string[]): void {
  if (user?.sites && changed.some((s) => !user.sites!.includes(s))) throw notYourSites(user.sites);
}

/**
 * True when staff limited to `scope` (their sites; undefined: no limit) see something that
 * applies on `sites`, where an empty list means every site (which applies on theirs too).
 */
export function scopeSees(scope: readonly string[] | undefined, sites: readonly string[]): boolean {
  return !scope || sites.length === 0 || sites.some((s) => scope.includes(s));
}

/**
 * Checks that staff limited to `scope` (undefined: no limit) manage every site `sites` applies
 * on; an empty list means every site, which only staff with no limit manage.
 * @throws AppError 403 `SITES.NOT_ALLOWED` naming the sites of `scope`.
 */
export function assertScopeCovers(scope: readonly string[] | undefined, sites: readonly string[]): void {
  if (scope && (sites.length === 0 || sites.some((s) => !scope.includes(s)))) throw notYourSites([...scope]);
}

const notYourSites = (sites: string[]) => forbidden(`You manage the sites ${sites.join(', ')} only`, 'SITES.NOT_ALLOWED');
