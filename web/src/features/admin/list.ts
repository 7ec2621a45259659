/** Back-office list pages: filters and page kept in the URL, one paginated query. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { api } from '../../lib/api';
import type { Paged } from './types';

/**
 * Reads `filterKeys` and `page` from the URL, fetches `path?page=&limit=20&<filters>` under the
 * query key `[...key, <filters and page>]`, and returns `applyFilters(values)`, which writes the
 * non-blank values to the URL (back to page 1), and `goToPage(n)`. Other URL params (e.g. a selected row) don't refetch.
 */
export function useFilteredList<T>(key: readonly string[], path: string, filterKeys: readonly string[]) {
  const [params, setParams] = useSearchParams();
  const page = Number(params.get('page') ?? '1') || 1;
  const filters = filterKeys.map((k): [string, string] => [k, params.get(k) ?? '']).filter(([, v]) => v !== '');
  const query = useQuery({
    queryKey: [...key, JSON.stringify(filters), page],
    queryFn: () => api<Paged<T>>(`${path}?${new URLSearchParams([['page', String(page)], ['limit', '20'], ...filters])}`),
    placeholderData: keepPreviousData,
  });
  const applyFilters = (values: Record<string, string>) => {
    const next = new URLSearchParams();
    for (const [k, v] of Object.entries(values)) if (v.trim()) next.set(k, v.trim());
    setParams(next);
  };
  const goToPage = (next: number) => {
    const copy = new URLSearchParams(params);
    copy.set('page', String(next));
    setParams(copy);
  };
  return { params, setParams, page, query, applyFilters, goToPage };
}
