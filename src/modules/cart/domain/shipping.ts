import { EU_COUNTRIES } from './countries.js';

/**
 * Shipping methods and their prices, as configuration. Source: the shop's published delivery
 * rates (issue "Cart, shipping methods and tax": standard GB 3.95 / EU 9.95 / world 14.95 GBP,
 * express GB 7.95 / EU 19.95 GBP, free standard delivery in GB from 50.00 GBP after discounts).
 * Every amount is an integer in minor units (pence) of {@link SHIPPING_CONFIG.currency}.
 */

/** Where a destination falls for shipping prices: the home country, the EU, or the rest of the world. */
export type ShippingZone = 'GB' | 'EU' | 'WORLD';

/** Identifiers of the configured methods. */
export type ShippingMethodId = 'standard' | 'express' | 'free-standard';

/** One configured shipping method. */
export interface ShippingMethodConfig {
  id: ShippingMethodId;
  /** Name shown to customers. */
  name: string;
  /** Price per zone in minor units; a zone that is absent is not served by this method. */
  prices: Partial<Record<ShippingZone, number>>;
  /**
   * Smallest merchandise subtotal after discounts (minor units) for which the method is offered;
   * absent when there is no threshold.
   */
  minSubtotal?: number;
}

/** The shipping configuration: currency, the zone of each country, the methods. */
export interface ShippingConfig {
  /** ISO 4217 currency of every amount below. Carts in another currency get no shipping method. */
  currency: string;
  /** The home zone's country (ISO 3166-1 alpha-2). */
  homeCountry: string;
  /** Countries of the `EU` zone (ISO 3166-1 alpha-2). */
  euCountries: readonly string[];
  methods: readonly ShippingMethodConfig[];
}

/** The shop's shipping configuration (amounts in pence). */
export const SHIPPING_CONFIG: ShippingConfig = {
  currency: 'GBP',
  homeCountry: 'GB',
  euCountries: EU_COUNTRIES,
  methods: [
    { id: 'standard', name: 'Standard delivery', prices: { GB: 395, EU: 995, WORLD: 1495 } },
    { id: 'express', name: 'Express delivery', prices: { GB: 795, EU: 1995 } },
    { id: 'free-standard', name: 'Free standard delivery', prices: { GB: 0 }, minSubtotal: 5000 },
  ],
};

/**
 * The same methods priced in euros (cents), for sites that sell in EUR: the GBP rates above at
 * about 1.17 EUR per GBP, rounded up to the next .95 (standard GB 4.95 / EU 11.95 / world 17.95,
 * express GB 9.95 / EU 23.95, free standard delivery in GB from 60.00 EUR after discounts).
 */
const EUR_SHIPPING: ShippingConfig = {
  ...SHIPPING_CONFIG,
  currency: 'EUR',
  methods: [
    { id: 'standard', name: 'Standard delivery', prices: { GB: 495, EU: 1195, WORLD: 1795 } },
    { id: 'express', name: 'Express delivery', prices: { GB: 995, EU: 2395 } },
    { id: 'free-standard', name: 'Free standard delivery', prices: { GB: 0 }, minSubtotal: 6000 },
  ],
};

/** The shop's delivery rates by cart currency (ISO 4217). */
const SHIPPING_BY_CURRENCY: Readonly<Record<string, ShippingConfig>> = { [SHIPPING_CONFIG.currency]: SHIPPING_CONFIG, EUR: EUR_SHIPPING };

/**
 * The shipping configuration of carts in `currency` (ISO 4217): GBP ({@link SHIPPING_CONFIG}) or
 * EUR; undefined for a currency the shop has no delivery rates in (such carts get no shipping
 * method, so they cannot be ordered: checkout answers 409 CART.SHIPPING_UNAVAILABLE).
 */
export function shippingConfigFor(currency: string): ShippingConfig | undefined {
  return SHIPPING_BY_CURRENCY[currency];
}

/** Ids of every configured method (for request schemas). */
export const SHIPPING_METHOD_IDS: readonly ShippingMethodId[] = SHIPPING_CONFIG.methods.map((m) => m.id);

/** A method offered for a destination: its price in minor units and its subtotal condition. */
export interface OfferedShippingMethod {
  id: ShippingMethodId;
  name: string;
  /** Minor units of the config currency. */
  price: number;
  /** Minimum subtotal after discounts (minor units) for the method to apply, or null. */
  minSubtotal: number | null;
}

/** The shipping zone of an ISO 3166-1 alpha-2 country code. */
export function shippingZone(country: string, config: ShippingConfig = SHIPPING_CONFIG): ShippingZone {
  if (country === config.homeCountry) return 'GB';
  return config.euCountries.includes(country) ? 'EU' : 'WORLD';
}

/**
 * Every method that serves `country`, whatever the basket, in configuration order, with its
 * `minSubtotal` condition (e.g. `free-standard` is listed for GB with `minSubtotal: 5000`).
 */
export function shippingMethodsFor(country: string, config: ShippingConfig = SHIPPING_CONFIG): OfferedShippingMethod[] {
  const zone = shippingZone(country, config);
  return config.methods.flatMap((m) => {
    const price = m.prices[zone];
    return price === undefined ? [] : [{ id: m.id, name: m.name, price, minSubtotal: m.minSubtotal ?? null }];
  });
}

/**
 * The method `methodId` for a basket going to `country` whose merchandise subtotal after
 * discounts is `subtotalAfterDiscount` (minor units), or null when it is unknown, does not
 * serve that country, or its `minSubtotal` is not reached.
 */
export function quoteShipping(
  country: string,
  methodId: string,
  subtotalAfterDiscount: number,
  config: ShippingConfig = SHIPPING_CONFIG,
): OfferedShippingMethod | null {
  const offered = shippingMethodsFor(country, config).find((m) => m.id === methodId);
  if (!offered) return null;
  if (offered.minSubtotal !== null && subtotalAfterDiscount < offered.minSubtotal) return null;
  return offered;
}

/** What the sites module takes from this configuration: method ids, their currency, the home country. */
export const SHOP_SHIPPING = {
  methodIds: SHIPPING_CONFIG.methods.map((m) => m.id) as string[],
  currency: SHIPPING_CONFIG.currency,
  homeCountry: SHIPPING_CONFIG.homeCountry,
};
