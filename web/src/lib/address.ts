/** Postal addresses and country names for display, per the address's country and the UI language. */
/** An ISO 3166-1 alpha-2 country code as its name in the UI language (`GB` → "United Kingdom" / "Royaume-Uni"); the code when unknown. */
export function countryName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale === 'fr' ? 'fr-FR' : 'en-GB'], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** A postal address as orders carry it (country: ISO 3166-1 alpha-2). */
export interface PostalAddress {
  firstName: string;
  lastName: string;
  line1: string;
  line2?: string | null;
  city: string;
  postalCode: string;
  country: string;
}

/**
 * The lines of `address` in its country's postal order, country by name last:
 * GB, IE and the Crown dependencies put the town and the postcode on lines of their own (Royal
 * Mail's addressing guidance); the US, Canada and Australia write "town postcode"; elsewhere
 * (most of Europe) "postcode town".
 */
export function addressLines(address: PostalAddress, locale: string): string[] {
  const own = ['GB', 'IE', 'IM', 'JE', 'GG'].includes(address.country);
  const cityLine = own ? [address.city, address.postalCode] : ['US', 'CA', 'AU'].includes(address.country) ? [`${address.city} ${address.postalCode}`] : [`${address.postalCode} ${address.city}`];
  return [`${address.firstName} ${address.lastName}`, address.line1, ...(address.line2 ? [address.line2] : []), ...cityLine, countryName(address.country, locale)]
    .map((l) => l.trim())
    .filter((l) => l !== '');
}
