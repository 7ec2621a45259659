/**
 * Tracking pages of common carriers: a shipment's tracking number becomes a link to its
 * carrier's page when the carrier is known (matched on its name, case and accents ignored);
 * an unknown carrier gets no link (the number is shown as text).
 */

/** A carrier: the names staff may type for it and its tracking page (`{n}` = the URL-encoded number). */
interface Carrier {
  names: string[];
  url: string;
}

/** The known carriers (UK and France first). */
export const CARRIERS: readonly Carrier[] = [
  { names: ['royal mail', 'royalmail'], url: 'https://www.royalmail.com/track-your-item#/tracking-results/{n}' },
  { names: ['parcelforce', 'parcelforce worldwide'], url: 'https://www.parcelforce.com/track-trace?trackNumber={n}' },
  { names: ['evri', 'hermes'], url: 'https://www.evri.com/track/parcel/{n}' },
  { names: ['dpd'], url: 'https://tracking.dpd.de/status/en_US/parcel/{n}' },
  { names: ['dhl', 'dhl express'], url: 'https://www.dhl.com/global-en/home/tracking/tracking-express.html?submit=1&tracking-id={n}' },
  { names: ['ups'], url: 'https://www.ups.com/track?tracknum={n}' },
  { names: ['fedex'], url: 'https://www.fedex.com/fedextrack/?trknbr={n}' },
  { names: ['la poste', 'colissimo', 'la poste colissimo', 'la poste / colissimo'], url: 'https://www.laposte.fr/outils/suivre-vos-envois?code={n}' },
  { names: ['chronopost'], url: 'https://www.chronopost.fr/tracking-no-cms/suivi-page?listeNumerosLT={n}' },
  { names: ['gls'], url: 'https://gls-group.com/track/{n}' },
  { names: ['usps'], url: 'https://tools.usps.com/go/TrackConfirmAction?tLabels={n}' },
];

/** `Royal-Mail`, ` royal  mail ` → `royal mail` (lower case, accents and punctuation runs as one space). */
const normalize = (name: string) => name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9/]+/g, ' ').trim();

const byName = new Map<string, Carrier>(CARRIERS.flatMap((c) => c.names.map((n) => [normalize(n), c] as const)));

/**
 * Adds the shop's own carriers' tracking pages, or replaces built-in ones (`CARRIER_TRACKING_URLS`,
 * name → URL template with `{n}`), for every later {@link trackingUrl}. Called once when the
 * orders module is created: the pages are process-wide settings, like the built-in list.
 */
export function configureCarriers(templates: Record<string, string>): void {
  for (const [name, url] of Object.entries(templates)) byName.set(normalize(name), { names: [name], url });
}

/**
 * The tracking page of `trackingNumber` at `carrier` (an https URL), or null when the carrier is
 * neither one of {@link CARRIERS} nor configured ({@link configureCarriers}) or the number is blank.
 */
export function trackingUrl(carrier: string, trackingNumber: string): string | null {
  const known = byName.get(normalize(carrier));
  const number = trackingNumber.trim();
  if (!known || !number) return null;
  return known.url.replaceAll('{n}', encodeURIComponent(number));
}
