/**
 * Postal addresses checked and normalised per country: the postal-code formats of the
 * `postcode-validator` package (a maintained list of per-country patterns), phone numbers parsed
 * and validated with libphonenumber-js (Google's libphonenumber metadata, "max" set: exact number
 * ranges) and stored in E.164, and the fields each country requires. Pure functions.
 */
import { postcodeValidator, postcodeValidatorExistsForCountry } from 'postcode-validator';
import type * as PhoneLibrary from 'libphonenumber-js/max';
import type { CountryCode } from 'libphonenumber-js/max';

/** libphonenumber-js with its "max" metadata (a quarter of a megabyte of code), loaded at the first address check rather than at start. */
let phoneLibrary: Promise<typeof PhoneLibrary> | undefined;
const phones = () => (phoneLibrary ??= import('libphonenumber-js/max'));

/** A postal address as typed (country: ISO 3166-1 alpha-2). `region`: state, province or county. */
export interface PostalAddressInput {
  firstName: string;
  lastName: string;
  line1: string;
  line2?: string;
  city: string;
  region?: string;
  postalCode: string;
  country: string;
  phone?: string;
}

/** One problem of an address: the field (prefixed as the caller asked, e.g. `body/postalCode`) and what is wrong. */
export interface AddressProblem {
  field: string;
  message: string;
}

/**
 * Countries of the UCI Online Retail data set (`Country` column, all 38 values) → ISO 3166-1
 * alpha-2; `Channel Islands` is Jersey and Guernsey (their postcodes are JE… and GY…), and the
 * two values that are not countries (`European Community`, `Unspecified`) map to no code.
 */
export const ONLINE_RETAIL_COUNTRIES: Readonly<Record<string, readonly string[]>> = {
  Australia: ['AU'], Austria: ['AT'], Bahrain: ['BH'], Belgium: ['BE'], Brazil: ['BR'], Canada: ['CA'], 'Channel Islands': ['JE', 'GG'],
  Cyprus: ['CY'], 'Czech Republic': ['CZ'], Denmark: ['DK'], EIRE: ['IE'], 'European Community': [], Finland: ['FI'], France: ['FR'],
  Germany: ['DE'], Greece: ['GR'], 'Hong Kong': ['HK'], Iceland: ['IS'], Israel: ['IL'], Italy: ['IT'], Japan: ['JP'], Lebanon: ['LB'],
  Lithuania: ['LT'], Malta: ['MT'], Netherlands: ['NL'], Norway: ['NO'], Poland: ['PL'], Portugal: ['PT'], RSA: ['ZA'], 'Saudi Arabia': ['SA'],
  Singapore: ['SG'], Spain: ['ES'], Sweden: ['SE'], Switzerland: ['CH'], USA: ['US'], 'United Arab Emirates': ['AE'], 'United Kingdom': ['GB'],
  Unspecified: [],
};

/** Countries whose addresses need a region (state, province): the carriers' and postal services' rule. */
const REGION_REQUIRED = new Set(['US', 'CA', 'AU', 'BR', 'MX', 'IN']);
/** Countries whose region is a two-letter postal abbreviation (USPS, Canada Post). */
const REGION_TWO_LETTERS = new Set(['US', 'CA']);

/** UK-style postcodes (Royal Mail): the inward code is the last 3 characters, after one space. */
const INWARD_LAST_THREE = new Set(['GB', 'JE', 'GG', 'IM', 'CA']);
/** Digit-only postcodes written with a separator after `at` digits when typed without it. */
const SEPARATED: Record<string, { digits: number; at: number; separator: string }> = {
  PL: { digits: 5, at: 2, separator: '-' },
  PT: { digits: 7, at: 4, separator: '-' },
  JP: { digits: 7, at: 3, separator: '-' },
  BR: { digits: 8, at: 5, separator: '-' },
  CZ: { digits: 5, at: 3, separator: ' ' },
  SK: { digits: 5, at: 3, separator: ' ' },
  SE: { digits: 5, at: 3, separator: ' ' },
  GR: { digits: 5, at: 3, separator: ' ' },
};

/**
 * The postal code written the way the country's post writes it: upper case, spaces collapsed to
 * one; GB and the Crown dependencies (and Canada) with one space before the last 3 characters
 * (`sw1a1aa` → `SW1A 1AA`), the Netherlands `1234 AB`, Ireland's Eircode `D02 X285`, and the
 * separators of PL, PT, JP, BR, CZ, SK, SE, GR added to bare digits (`00950` → `00-950`).
 */
export function normalizePostalCode(country: string, raw: string): string {
  const code = raw.trim().toUpperCase().replace(/\s+/g, ' ');
  const compact = code.replace(/ /g, '');
  if (INWARD_LAST_THREE.has(country) && compact.length > 3) return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
  if (country === 'NL' && /^\d{4}[A-Z]{2}$/.test(compact)) return `${compact.slice(0, 4)} ${compact.slice(4)}`;
  if (country === 'IE' && compact.length === 7) return `${compact.slice(0, 3)} ${compact.slice(3)}`;
  const rule = SEPARATED[country];
  if (rule && new RegExp(`^\\d{${rule.digits}}$`).test(compact)) return `${compact.slice(0, rule.at)}${rule.separator}${compact.slice(rule.at)}`;
  return code;
}

/** Whether `country` (ISO 3166-1 alpha-2) has postal codes the validator knows (false for e.g. Hong Kong and the UAE, which have none, and for unknown codes). */
export const hasPostalCodes = (country: string): boolean => postcodeValidatorExistsForCountry(country);

/**
 * Checks and normalises `input` for its country. Text fields are trimmed with inner whitespace
 * collapsed; `line2`, `region` and `phone` are dropped when empty. The country must be an ISO
 * 3166-1 alpha-2 code libphonenumber knows; the postal code is required and must match the
 * country's format where the country has postal codes (it is emptied where it has none); the
 * region is required in US, CA, AU, BR, MX and IN (two upper-case letters in US and CA); the
 * phone, when given, must be a valid number of the country (or any country in international
 * form) and is returned in E.164 (`+442079460018`).
 * @param fieldPrefix prepended to each field name in the problems (`body/` → `body/postalCode`).
 * @returns the normalised address, or the list of problems (one per field at most).
 */
export async function checkAddress<T extends PostalAddressInput>(input: T, fieldPrefix: string): Promise<{ address: T; problems: [] } | { address: null; problems: AddressProblem[] }> {
  const { isSupportedCountry, parsePhoneNumberFromString } = await phones();
  const problems: AddressProblem[] = [];
  const problem = (field: keyof PostalAddressInput, message: string) => problems.push({ field: `${fieldPrefix}${field}`, message });
  const tidy = (value: string | undefined) => (value ?? '').trim().replace(/\s+/g, ' ');
  const country = tidy(input.country).toUpperCase();
  const address = { ...input, firstName: tidy(input.firstName), lastName: tidy(input.lastName), line1: tidy(input.line1), city: tidy(input.city), country } as T;
  for (const key of ['line2', 'region', 'phone'] as const) {
    const value = tidy(input[key]);
    if (value) address[key] = value;
    else delete address[key];
  }
  for (const key of ['firstName', 'lastName', 'line1', 'city'] as const) if (!address[key]) problem(key, 'is required');
  if (!/^[A-Z]{2}$/.test(country) || !isSupportedCountry(country)) {
    problem('country', 'must be an ISO 3166-1 alpha-2 country code');
    return { address: null, problems };
  }
  if (hasPostalCodes(country)) {
    address.postalCode = normalizePostalCode(country, input.postalCode ?? '');
    if (!address.postalCode) problem('postalCode', `is required in ${country}`);
    else if (!postcodeValidator(address.postalCode, country)) problem('postalCode', `is not a valid postal code in ${country}`);
  } else {
    address.postalCode = '';
  }
  if (address.region) {
    address.region = REGION_TWO_LETTERS.has(country) ? address.region.toUpperCase() : address.region;
    if (REGION_TWO_LETTERS.has(country) && !/^[A-Z]{2}$/.test(address.region)) problem('region', `must be the two-letter ${country === 'US' ? 'state' : 'province'} code`);
  } else if (REGION_REQUIRED.has(country)) {
    problem('region', `is required in ${country}`);
  }
  if (address.phone) {
    const phone = parsePhoneNumberFromString(address.phone, { defaultCountry: country as CountryCode });
    if (!phone?.isValid()) problem('phone', `is not a valid phone number for ${country} (or in international form, +…)`);
    else address.phone = phone.number;
  }
  return problems.length ? { address: null, problems } : { address, problems: [] };
}
