import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';

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
