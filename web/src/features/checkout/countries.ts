/** Destination countries offered at checkout (ISO 3166-1 alpha-2); names come from Intl.DisplayNames. */
export const COUNTRIES = [
  'GB', 'IE', 'FR', 'BE', 'LU', 'NL', 'DE', 'AT', 'CH', 'ES', 'PT', 'IT', 'DK', 'SE', 'NO', 'FI', 'IS', 'PL', 'CZ', 'SK', 'HU', 'SI', 'HR', 'GR', 'CY', 'MT',
  'EE', 'LV', 'LT', 'RO', 'BG', 'US', 'CA', 'AU', 'NZ', 'JP', 'SG', 'HK', 'IL', 'AE', 'SA', 'BR', 'ZA', 'LB', 'BH', 'MC', 'AD', 'JE', 'GG', 'IM',
] as const;
