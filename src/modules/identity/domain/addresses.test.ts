import { describe, expect, it } from 'vitest';
import { checkAddress, hasPostalCodes, normalizePostalCode, ONLINE_RETAIL_COUNTRIES, type PostalAddressInput } from './addresses.js';

const base = { firstName: 'Ada', lastName: 'Lovelace', line1: '12 St James Sq', city: 'London' };
const check = (country: string, postalCode: string, extra: Partial<PostalAddressInput> = {}) => checkAddress<PostalAddressInput>({ ...base, country, postalCode, ...extra }, 'body/');

/** A real postal code of each Online Retail country (ISO code → code as a customer may type it, as the post writes it). */
const GOOD: Record<string, [string, string]> = {
  AU: ['2000', '2000'], AT: ['1010', '1010'], BH: ['317', '317'], BE: ['1000', '1000'], BR: ['01310100', '01310-100'], CA: ['k1a0b1', 'K1A 0B1'],
  JE: ['je2 3ab', 'JE2 3AB'], GG: ['GY11AA', 'GY1 1AA'], CY: ['1010', '1010'], CZ: ['11000', '110 00'], DK: ['1050', '1050'], IE: ['d02x285', 'D02 X285'],
  FI: ['00100', '00100'], FR: ['75001', '75001'], DE: ['10115', '10115'], GR: ['10431', '104 31'], HK: ['', ''], IS: ['101', '101'], IL: ['6100000', '6100000'],
  IT: ['00184', '00184'], JP: ['1000001', '100-0001'], LB: ['1100 2010', '1100 2010'], LT: ['LT-01100', 'LT-01100'], MT: ['vlt 1117', 'VLT 1117'],
  NL: ['1012ab', '1012 AB'], NO: ['0150', '0150'], PL: ['00950', '00-950'], PT: ['1000001', '1000-001'], ZA: ['0001', '0001'], SA: ['11564', '11564'],
  SG: ['238859', '238859'], ES: ['28013', '28013'], SE: ['11455', '114 55'], CH: ['8001', '8001'], US: ['10001', '10001'], AE: ['', ''], GB: ['sw1a   1aa', 'SW1A 1AA'],
};
const REGION: Record<string, string> = { AU: 'NSW', BR: 'SP', CA: 'ON', US: 'NY' };

describe('addresses per country', () => {
  it('maps every Online Retail country to ISO codes this module validates', () => {
    const codes = Object.values(ONLINE_RETAIL_COUNTRIES).flat();
    expect(Object.keys(ONLINE_RETAIL_COUNTRIES)).toHaveLength(38);
    expect(new Set(codes)).toEqual(new Set(Object.keys(GOOD)));
  });

  it.each(Object.entries(GOOD))('accepts and normalises a postal code of %s', async (country, [typed, written]) => {
    const result = await check(country, typed, REGION[country] ? { region: REGION[country] } : {});
    expect(result.problems).toEqual([]);
    expect(result.address?.postalCode).toBe(written);
  });

  it.each([
    ['GB', 'SW1A 1AAA'], ['GB', '12345'], ['FR', '7500'], ['DE', '1234'], ['US', '1000'], ['NL', 'AB 1234'], ['CA', '123 456'], ['JE', 'XX'], ['IE', '12'], ['PT', '100'],
  ])('refuses %s postal code %s, naming the field', async (country, postalCode) => {
    const result = await check(country, postalCode, REGION[country] ? { region: REGION[country] } : {});
    expect(result.problems).toEqual([{ field: 'body/postalCode', message: `is not a valid postal code in ${country}` }]);
  });

  it('requires a postal code where the country has them, and empties it where it has none', async () => {
    expect((await check('FR', '  ')).problems).toEqual([{ field: 'body/postalCode', message: 'is required in FR' }]);
    expect(hasPostalCodes('HK')).toBe(false);
    expect((await check('HK', 'whatever')).address?.postalCode).toBe('');
  });

  it('requires the region in the US (two letters, upper-cased) and in Australia', async () => {
    expect((await check('US', '10001')).problems).toEqual([{ field: 'body/region', message: 'is required in US' }]);
    expect((await check('US', '10001', { region: 'New York' })).problems).toEqual([{ field: 'body/region', message: 'must be the two-letter state code' }]);
    expect((await check('US', '10001', { region: 'ny' })).address?.region).toBe('NY');
    expect((await check('AU', '2000')).problems.map((p) => p.field)).toEqual(['body/region']);
  });

  it('stores phones in E.164 and refuses numbers that do not exist in the country', async () => {
    expect((await check('GB', 'SW1A 1AA', { phone: '020 7946 0018' })).address?.phone).toBe('+442079460018');
    expect((await check('FR', '75001', { phone: '06 12 34 56 78' })).address?.phone).toBe('+33612345678');
    expect((await check('FR', '75001', { phone: '+44 20 7946 0018' })).address?.phone).toBe('+442079460018');
    expect((await check('FR', '75001', { phone: '01 23' })).problems).toEqual([{ field: 'body/phone', message: 'is not a valid phone number for FR (or in international form, +…)' }]);
  });

  it('trims fields, drops empty optional ones, refuses unknown countries and lists every problem', async () => {
    expect((await check('GB', 'SW1A 1AA', { line2: '  ', city: '  London   Town ' })).address).toEqual({ ...base, city: 'London Town', postalCode: 'SW1A 1AA', country: 'GB' });
    expect((await check('ZZ', '1')).problems).toEqual([{ field: 'body/country', message: 'must be an ISO 3166-1 alpha-2 country code' }]);
    expect((await checkAddress({ ...base, line1: ' ', country: 'DE', postalCode: '1', phone: 'x1' }, 'body/shippingAddress/')).problems.map((p) => p.field)).toEqual([
      'body/shippingAddress/line1', 'body/shippingAddress/postalCode', 'body/shippingAddress/phone',
    ]);
  });

  it('writes UK-style postcodes with one space before the inward code', () => {
    expect(normalizePostalCode('GB', 'ec1a1bb')).toBe('EC1A 1BB');
    expect(normalizePostalCode('GB', ' M1  1AE ')).toBe('M1 1AE');
    expect(normalizePostalCode('FR', ' 75 001 ')).toBe('75 001');
  });
});
