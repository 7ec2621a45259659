/** Back-office list pages: filters, sort and page kept in the URL, one paginated query. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import type { PageInfo, Sorting } from './DataTable';

/** What a list page's fetcher receives: the page, 20 per page, the sort when chosen and the non-blank filters of the URL. */
export interface ListParams {
  page: number;
  limit: number;
  sort?: string;
  filters: Record<string, string>;
}

/**
 * Reads `filterKeys`, `sort` and `page` from the URL and fetches them with `fetchPage` under the query
 * key `[...key, <filters, sort and page>]`. Returns `applyFilters(values)`, which writes the
 * non-blank values to the URL (back to page 1, sort kept), `goToPage(n)` and `sorting` (a new sort
 * goes back to page 1). Other URL params (e.g. a selected row) don't refetch.
 */
export function useFilteredList<T>(key: readonly string[], filterKeys: readonly string[], fetchPage: (params: ListParams) => Promise<{ data: T[]; pagination: PageInfo }>) {
  const [params, setParams] = useSearchParams();
  const page = Number(params.get('page') ?? '1') || 1;
  const sort = params.get('sort');
  const filters = filterKeys.map((k): [string, string] => [k, params.get(k) ?? '']).filter(([, v]) => v !== '');
  const query = useQuery({
    queryKey: [...key, JSON.stringify(filters), sort ?? '', page],
    queryFn: () => fetchPage({ page, limit: 20, ...(sort ? { sort } : {}), filters: Object.fromEntries(filters) }),
    placeholderData: keepPreviousData,
  });
  const applyFilters = (values: Record<string, string>) => {
    const next = new URLSearchParams();
    for (const [k, v] of Object.entries(values)) if (v.trim()) next.set(k, v.trim());
    if (sort) next.set('sort', sort);
    setParams(next);
  };
  const goToPage = (next: number) => {
    const copy = new URLSearchParams(params);
    copy.set('page', String(next));
    setParams(copy);
  };
  const sorting: Sorting = {
    value: sort,
    onSort: (value) => {
      const copy = new URLSearchParams(params);
      copy.set('sort', value);
      copy.delete('page');
      setParams(copy);
    },
  };
  return { params, setParams, page, query, applyFilters, goToPage, sorting };
}
