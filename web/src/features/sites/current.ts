/** The storefront's current site (`GET /api/site`: picked by the server from the page's host). */
import { useQuery } from '@tanstack/react-query';
import { api, ok } from '../../lib/api';

/** The site the shopper is on: name, languages, currency, theme (logo, colours), contact address. */
export function useCurrentSite() {
  return useQuery({ queryKey: ['site'], queryFn: () => ok(api.GET('/api/site')), staleTime: 5 * 60_000 });
}
