/**
 * The one pagination of the web app, for a `{ total, limit, page }` API answer; nothing when there
 * is one page. With `onPage` (the page lives in component state): previous / "page x of y" / next
 * buttons. With `params` (the page lives in the URL): previous / numbered / next links that keep
 * the other query parameters (shareable URLs). `area` picks the wording (`store`: "Previous
 * page", numbers in the locale; `admin`: "Previous"); `label` names the navigation landmark.
 */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatNumber } from '../lib/format';

const KEYS = {
  store: { label: 'store.pagination.label', previous: 'store.pagination.previous', next: 'store.pagination.next', pageOf: 'store.pagination.pageOf' },
  admin: { label: 'common.pagination', previous: 'common.previous', next: 'common.next', pageOf: 'common.pageOf' },
} as const;

/** Props of {@link Pagination}: the answer's page info, where pages go, the wording and the landmark name. */
export type PaginationProps = { page: number; limit: number; total: number; area?: keyof typeof KEYS; label?: string } & (
  | { onPage: (page: number) => void; params?: never }
  | { params: URLSearchParams; onPage?: never }
);

/** `?<params with page=p>` (page 1: without `page`). */
function pageHref(params: URLSearchParams, p: number): string {
  const next = new URLSearchParams(params);
  if (p === 1) next.delete('page');
  else next.set('page', String(p));
  const s = next.toString();
  return s ? `?${s}` : '?';
}

/** Pagination buttons or links (see the module docstring). */
export function Pagination({ page, limit, total, area = 'admin', label, ...to }: PaginationProps) {
  const { t, i18n } = useTranslation();
  const keys = KEYS[area];
  const pages = Math.max(1, Math.ceil(total / limit));
  if (pages <= 1) return null;
  if (to.params) {
    const params = to.params;
    const shown = [...new Set([1, page - 1, page, page + 1, pages])].filter((p) => p >= 1 && p <= pages).sort((a, b) => a - b);
    return (
      <nav aria-label={label ?? t(keys.label)} className="page-links">
        <ul>
          {page > 1 ? (
            <li><Link to={pageHref(params, page - 1)} rel="prev">{t(keys.previous)}</Link></li>
          ) : null}
          {shown.map((p, i) => (
            <li key={p}>
              {i > 0 && p - (shown[i - 1] ?? p) > 1 ? <span aria-hidden="true">… </span> : null}
              {p === page ? (
                <span aria-current="page" className="current">{formatNumber(p, i18n.language)}</span>
              ) : (
                <Link to={pageHref(params, p)} aria-label={t('store.pagination.page', { page: p })}>{formatNumber(p, i18n.language)}</Link>
              )}
            </li>
          ))}
          {page < pages ? (
            <li><Link to={pageHref(params, page + 1)} rel="next">{t(keys.next)}</Link></li>
          ) : null}
        </ul>
      </nav>
    );
  }
  const onPage = to.onPage;
  return (
    <nav className={area === 'store' ? 'row' : 'pagination'} aria-label={label ?? t(keys.label)}>
      <button type="button" className="btn btn-secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>{t(keys.previous)}</button>
      <span>{t(keys.pageOf, { page, pages })}</span>
      <button type="button" className="btn btn-secondary" disabled={page >= pages} onClick={() => onPage(page + 1)}>{t(keys.next)}</button>
    </nav>
  );
}
