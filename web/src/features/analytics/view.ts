/**
 * The dashboard's view in the URL query string (shareable; a reload restores it; back/forward
 * walk through changes): `node` (company, reg_…, sto_…), `period`, `date` (or `from`/`to` for
 * custom), `compare` (previous | lastYear) and, for the analyses, `category`.
 */
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useSearchParams } from 'react-router';
import { todayUtc } from './format';
import type { Comparison, Grain, PeriodQuery } from './types';

/** Grains offered by the period picker. */
export const GRAINS: Grain[] = ['day', 'week', 'month', 'quarter', 'year', 'custom'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The view of the URL, with defaults: company, this month (today in UTC), compared with last year. */
export interface View extends PeriodQuery {
  compare: Comparison;
  /** The analyses' category filter (a category at the time of sale); absent = all categories. */
  category?: string;
}

/** Reads the view from `params`, ignoring malformed values. */
export function readView(params: URLSearchParams): View {
  const period = params.get('period') as Grain | null;
  const date = params.get('date');
  const from = params.get('from');
  const to = params.get('to');
  const today = todayUtc();
  const view: View = {
    node: params.get('node') || 'company',
    period: period && GRAINS.includes(period) ? period : 'month',
    date: date && DATE.test(date) ? date : today,
    compare: params.get('compare') === 'previous' ? 'previous' : 'lastYear',
  };
  const category = params.get('category');
  if (category) view.category = category;
  if (view.period === 'custom') {
    view.from = from && DATE.test(from) ? from : view.date;
    view.to = to && DATE.test(to) ? to : view.date;
    if (view.to < view.from) view.to = view.from;
  }
  return view;
}

/** The view as query-string entries (defaults included, so a shared link is explicit). */
export function viewParams(view: View): Record<string, string> {
  const out: Record<string, string> = { node: view.node, period: view.period, compare: view.compare };
  if (view.period === 'custom') {
    out.from = view.from ?? view.date;
    out.to = view.to ?? view.date;
  } else out.date = view.date;
  if (view.category) out.category = view.category;
  return out;
}

/**
 * The view of the current URL and a setter that pushes a history entry with the change merged in
 * (`replace`: replaces the current one). Changes made before the URL has caught up with the
 * previous one (two pickers changed in quick succession; navigation is asynchronous) build on the
 * last view asked for, not on the URL's, so none is lost.
 */
export function useView(): [View, (change: Partial<View>, replace?: boolean) => void] {
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => readView(params), [params]);
  const asked = useRef<View | null>(null);
  useEffect(() => {
    asked.current = null;
  }, [params]);
  const set = useCallback(
    (change: Partial<View>, replace = false) => {
      const next = { ...(asked.current ?? view), ...change };
      if (next.period === 'custom') {
        next.from ??= next.date;
        next.to ??= next.date;
      }
      asked.current = next;
      setParams(viewParams(next), { replace });
    },
    [view, setParams],
  );
  return [view, set];
}

/** The query string of a view, to link another analytics page with the same view (`?node=…`). */
export function viewSearch(view: View): string {
  return '?' + new URLSearchParams(viewParams(view)).toString();
}
