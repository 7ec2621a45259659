import { describe, expect, it } from 'vitest';
import { addressLines, countryName } from '../web/src/lib/address.js';

const base = { firstName: 'Ada', lastName: 'Lovelace', line1: '12 St James Sq', line2: '', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' };

describe('web formatting of addresses', () => {
  it('writes a UK address with the town and the postcode on lines of their own, the country by name', () => {
    expect(addressLines(base, 'en')).toEqual(['Ada Lovelace', '12 St James Sq', 'London', 'SW1Y 4JH', 'United Kingdom']);
    expect(addressLines(base, 'fr').at(-1)).toBe('Royaume-Uni');
  });

  it('writes "postcode town" in France and "town postcode" in the US, keeping a second line', () => {
    expect(addressLines({ ...base, line2: 'Bât. B', city: 'Paris', postalCode: '75001', country: 'FR' }, 'fr')).toEqual(['Ada Lovelace', '12 St James Sq', 'Bât. B', '75001 Paris', 'France']);
    expect(addressLines({ ...base, city: 'Boston', postalCode: '02108', country: 'US' }, 'en').slice(2)).toEqual(['Boston 02108', 'United States']);
  });

  it('names countries in the UI language, keeping an unknown code as it is', () => {
    expect(countryName('DE', 'fr')).toBe('Allemagne');
    expect(countryName('ZZZ', 'en')).toBe('ZZZ');
  });
});
