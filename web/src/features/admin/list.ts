/** Back-office list pages: filters, named view, sort and page kept in the URL, one paginated query; CSV downloads. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { ok } from '../../lib/api';
import type { PageInfo, Sorting, Views } from './DataTable';

/** What a list page's fetcher receives: the page, 20 per page, the sort when chosen and the non-blank filters of the URL. */
export interface ListParams {
  page: number;
  limit: number;
  sort?: string;
  filters: Record<string, string>;
}

/**
 * Reads `filterKeys`, `sort` and `page` from the URL and fetches them with `fetchPage` under the query
 * key `[...key, <filters, sort and page>]`. Returns the URL's `filters` and `sort`, `applyFilters(values)`,
 * which writes the non-blank values to the URL (back to page 1, sort and view kept), `goToPage(n)`,
 * `sorting` (a new sort goes back to page 1) and `views(label, allLabel, options)`, the named views
 * of the `view` filter (include `view` in `filterKeys`; choosing one keeps the other filters and
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
    const view = params.get('view');
    if (view && !('view' in values)) next.set('view', view);
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
  const views = (label: string, allLabel: string, options: Views['options']): Views => ({
    label, allLabel, options,
    value: params.get('view'),
    onChange: (value) => {
      const copy = new URLSearchParams(params);
      if (value) copy.set('view', value);
      else copy.delete('view');
      copy.delete('page');
      setParams(copy);
    },
  });
  return { params, setParams, page, query, filters: Object.fromEntries(filters), sort: sort ?? undefined, applyFilters, goToPage, sorting, views };
}

/**
 * Waits for a download `call` (an API call made with `parseAs: 'blob'`) and saves its body as a
 * file named by the answer's `Content-Disposition` (`filename="orders-2025-01-31.csv"`), else `fallback`.
 * @throws ApiError when the answer is not 2xx.
 */
export async function downloadFile(call: Promise<{ data?: Blob; error?: unknown; response: Response }>, fallback: string): Promise<void> {
  const answer = await call;
  const blob = await ok(Promise.resolve(answer));
  const name = /filename="([^"]+)"/.exec(answer.response.headers.get('content-disposition') ?? '')?.[1] ?? fallback;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
