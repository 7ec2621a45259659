/** Pagination as links that keep the other query parameters (shareable URLs). */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatNumber } from '../../lib/format';

/** Previous / numbered / next links for `page` of `ceil(total / limit)` pages. */
export function PageLinks({ page, limit, total, params }: { page: number; limit: number; total: number; params: URLSearchParams }) {
  const { t, i18n } = useTranslation();
  const pages = Math.max(1, Math.ceil(total / limit));
  if (pages <= 1) return null;
  const href = (p: number) => {
    const next = new URLSearchParams(params);
    if (p === 1) next.delete('page');
    else next.set('page', String(p));
    const s = next.toString();
    return s ? `?${s}` : '?';
  };
  const shown = [...new Set([1, page - 1, page, page + 1, pages])].filter((p) => p >= 1 && p <= pages).sort((a, b) => a - b);
  return (
    <nav aria-label={t('store.pagination.label')} className="page-links">
      <ul>
        {page > 1 ? (
          <li><Link to={href(page - 1)} rel="prev">{t('store.pagination.previous')}</Link></li>
        ) : null}
        {shown.map((p, i) => (
          <li key={p}>
            {i > 0 && p - (shown[i - 1] ?? p) > 1 ? <span aria-hidden="true">… </span> : null}
            {p === page ? (
              <span aria-current="page" className="current">{formatNumber(p, i18n.language)}</span>
            ) : (
              <Link to={href(p)} aria-label={t('store.pagination.page', { page: p })}>{formatNumber(p, i18n.language)}</Link>
            )}
          </li>
        ))}
        {page < pages ? (
          <li><Link to={href(page + 1)} rel="next">{t('store.pagination.next')}</Link></li>
        ) : null}
      </ul>
    </nav>
  );
}
