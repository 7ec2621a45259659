import { Type, type Static } from '@sinclair/typebox';
import { siteCode } from '../../platform/http/site.js';

const Language = Type.Union([Type.Literal('en'), Type.Literal('fr')]);
const Host = Type.String({ minLength: 1, maxLength: 253, pattern: '^[A-Za-z0-9.-]+$', description: 'A host name without port, case-insensitive (stored lower-case)' });
const Color = Type.String({ pattern: '^#[0-9a-fA-F]{6}$', maxLength: 7, description: 'CSS hex colour #rrggbb', examples: ['#1f2937'] });
const Url = Type.String({ minLength: 1, maxLength: 2000, description: 'An https URL or a path on the site (/legal/terms)' });

/** A site's code: lower-case letters, digits and `-`. */
export const SiteCode = siteCode('Lower-case letters, digits and -');

const Theme = Type.Object({
  logoUrl: Type.Union([Url, Type.Null()]),
  primaryColor: Color,
  accentColor: Color,
}, { additionalProperties: false });
const LegalPage = Type.Object({ title: Type.String({ minLength: 1, maxLength: 200 }), url: Url }, { additionalProperties: false });
const Tax = Type.Object({
  homeCountry: Type.String({ pattern: '^[A-Z]{2}$', maxLength: 2, description: 'ISO 3166-1 alpha-2 country whose rate applies before a destination is known (cart tax rules)' }),
  pricesIncludeTax: Type.Boolean({ description: 'Prices include tax (the cart module prices tax-inclusive)' }),
}, { additionalProperties: false });

/** A site as the back office and the storefront see it (times ISO 8601 UTC). */
export const SiteSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  hosts: Type.Array(Type.String(), { description: 'Host names selecting the site (lower-case)' }),
  defaultLanguage: Language,
  languages: Type.Array(Language, { description: 'Languages offered, the default one among them' }),
  currency: Type.String({ description: 'ISO 4217 currency of the site\'s prices and carts' }),
  theme: Theme,
  contactEmail: Type.String({ description: 'Contact address, also the sender of the site\'s mail' }),
  legalPages: Type.Array(LegalPage),
  shippingMethodIds: Type.Array(Type.String(), { description: 'Shipping methods (ids of the cart module\'s configuration) offered on the site' }),
  tax: Tax,
  isDefault: Type.Boolean({ description: 'The default site: requests naming no known host get it' }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
}, { $id: 'Site' });
export type SiteDto = Static<typeof SiteSchema>;

/** What the storefront needs of the current site (`GET /api/site`): no hosts, no tax internals. */
export const PublicSiteSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  defaultLanguage: Language,
  languages: Type.Array(Language),
  currency: Type.String(),
  theme: Theme,
  contactEmail: Type.String(),
  legalPages: Type.Array(LegalPage),
});
export type PublicSiteDto = Static<typeof PublicSiteSchema>;

const settings = {
  name: Type.String({ minLength: 1, maxLength: 120 }),
  hosts: Type.Array(Host, { maxItems: 20 }),
  defaultLanguage: Language,
  languages: Type.Array(Language, { minItems: 1, maxItems: 2 }),
  currency: Type.String({ pattern: '^[A-Z]{3}$', maxLength: 3, description: 'ISO 4217' }),
  theme: Theme,
  contactEmail: Type.String({ format: 'email', maxLength: 254 }),
  legalPages: Type.Array(LegalPage, { maxItems: 20 }),
  shippingMethodIds: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 20 }),
  tax: Tax,
};

/** Body of `POST /api/admin/sites`. Omitted settings: no hosts, English only, the default site's theme, shipping and tax. */
export const SiteCreateBody = Type.Object({
  code: SiteCode,
  name: settings.name,
  currency: settings.currency,
  contactEmail: settings.contactEmail,
  hosts: Type.Optional(settings.hosts),
  defaultLanguage: Type.Optional(settings.defaultLanguage),
  languages: Type.Optional(settings.languages),
  theme: Type.Optional(settings.theme),
  legalPages: Type.Optional(settings.legalPages),
  shippingMethodIds: Type.Optional(settings.shippingMethodIds),
  tax: Type.Optional(settings.tax),
}, { additionalProperties: false });
export type SiteCreateBody = Static<typeof SiteCreateBody>;

/** Body of `PATCH /api/admin/sites/{code}`: the settings to change. */
export const SiteUpdateBody = Type.Partial(Type.Object(settings), { additionalProperties: false, minProperties: 1 });
export type SiteUpdateBody = Static<typeof SiteUpdateBody>;

/** Path parameters naming a site. */
export const SiteParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 64, description: 'Code of the site' }) });
