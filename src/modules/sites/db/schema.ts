import { sql } from 'drizzle-orm';
import { check, jsonb, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';

/** PostgreSQL schema `sites`: the storefronts (sales channels) of the installation. */
export const sitesSchema = pgSchema('sites');

/** A site's branding: logo URL and colours (CSS hex `#rrggbb`). */
export type SiteTheme = { logoUrl: string | null; primaryColor: string; accentColor: string };
/** A site's legal pages: title and URL (absolute, or a path on the site) of each. */
export type SiteLegalPage = { title: string; url: string };
/**
 * A site's tax settings, over the cart module's tax rules (cart/domain/tax.ts): the home
 * country whose rate applies while a cart has no destination, and whether prices include tax
 * (the shop's rule: always true today).
 */
export type SiteTax = { homeCountry: string; pricesIncludeTax: boolean };

/**
 * A storefront. `code` is its stable key (lower-case letters, digits, `-`), carried by carts,
 * orders, promotions and prices of other modules; `hosts` the host names (lower-case, no port)
 * that select it; `currency` (ISO 4217) what its carts and prices are in; `languages` the
 * languages offered (`default_language` among them); `shipping_method_ids` the cart module's
 * configured shipping methods offered on it. The default site (`default`) is created at first
 * start and holds all data from before sites.
 */
export const site = sitesSchema.table(
  'site',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    hosts: text('hosts').array().notNull().default(sql`'{}'::text[]`),
    defaultLanguage: text('default_language', { enum: ['en', 'fr'] }).notNull().default('en'),
    languages: text('languages').array().notNull().default(sql`'{en}'::text[]`),
    currency: text('currency').notNull(),
    theme: jsonb('theme').$type<SiteTheme>().notNull(),
    contactEmail: text('contact_email').notNull(),
    legalPages: jsonb('legal_pages').$type<SiteLegalPage[]>().notNull().default([]),
    shippingMethodIds: text('shipping_method_ids').array().notNull().default(sql`'{}'::text[]`),
    tax: jsonb('tax').$type<SiteTax>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('site_code_ck', sql`${t.code} ~ '^[a-z0-9][a-z0-9-]*$'`),
    check('site_language_ck', sql`${t.defaultLanguage} in ('en', 'fr') and ${t.defaultLanguage} = any(${t.languages})`),
    check('site_currency_ck', sql`${t.currency} ~ '^[A-Z]{3}$'`),
  ],
);
