/** Search results with category and price facets; typos are tolerated by the API. Query, category, price and page live in the URL. */
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Alert, EmptyState, Loading, Pagination } from '../../ui';
import { useSearch, type SearchResult } from '../../features/catalog/api';
import { ProductGrid } from '../../features/catalog/ProductCard';
import { formatMoney, formatNumber } from '../../lib/format';
import { useProblemMessage } from '../../lib/problem';
import { useTitle } from '../../lib/useTitle';

const LIMIT = 24;

/** Search results page. */
export default function Search() {
  const { t, i18n } = useTranslation();
  const message = useProblemMessage();
  const [params] = useSearchParams();
  const q = params.get('q') ?? '';
  const category = params.get('category') ?? undefined;
  const price = params.get('price');
  const page = Math.max(1, Number(params.get('page')) || 1);
  useTitle(q ? t('store.search.titleFor', { q }) : t('store.search.title'));
  // `price` is a facet bucket `min-max` (min ≤ price < max, max empty: no bound); the API's bounds are inclusive.
  const [pmin, pmax] = price ? price.split('-').map((x) => (x === '' || !Number.isInteger(Number(x)) ? undefined : Number(x))) : [undefined, undefined];
  const result = useSearch({ q, category, page, limit: LIMIT, minPrice: pmin, maxPrice: pmax === undefined ? undefined : Math.max(pmax - 1, 0) });

  const link = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) if (v === null) next.delete(k); else next.set(k, v);
    next.delete('page');
    return `/search?${next.toString()}`;
  };
  const money = (amount: number, currency: string) => formatMoney({ amount, currency }, i18n.language);
  const currency = result.data?.data[0]?.price.currency ?? 'GBP';
  const rangeLabel = (r: SearchResult['facets']['priceRanges'][number]) =>
    r.max === null ? t('store.search.priceFrom', { min: money(r.min, currency) }) : t('store.search.priceBetween', { min: money(r.min, currency), max: money(r.max, currency) });
  const hits = result.data?.data ?? [];

  return (
    <div className="stack">
      <h1>{q ? t('store.search.titleFor', { q }) : t('store.search.title')}</h1>
      {result.isPending ? (
        <Loading />
      ) : result.isError ? (
        <Alert>{message(result.error)}</Alert>
      ) : (
        <div className="listing-layout">
          <aside className="stack filters" aria-labelledby="facets-heading">
            <h2 id="facets-heading">{t('store.filters.title')}</h2>
            <section aria-labelledby="facet-categories">
              <h3 id="facet-categories">{t('store.search.categories')}</h3>
              <ul className="facet-list">
                {category ? (
                  <li><Link to={link({ category: null })}>{t('store.search.allCategories')}</Link></li>
                ) : null}
                {result.data.facets.categories.map((c) => (
                  <li key={c.id}>
                    <Link to={link({ category: c.slug })} aria-current={c.slug === category ? 'true' : undefined}>{c.name}</Link>{' '}
                    <span className="muted">({formatNumber(c.count, i18n.language)})</span>
                  </li>
                ))}
              </ul>
            </section>
            <section aria-labelledby="facet-prices">
              <h3 id="facet-prices">{t('store.search.prices')}</h3>
              <ul className="facet-list">
                {price ? (
                  <li><Link to={link({ price: null })}>{t('store.search.allPrices')}</Link></li>
                ) : null}
                {result.data.facets.priceRanges.filter((r) => r.count > 0).map((r) => {
                  const key = `${r.min}-${r.max ?? ''}`;
                  return (
                    <li key={key}>
                      <Link to={link({ price: key })} aria-current={key === price ? 'true' : undefined}>{rangeLabel(r)}</Link>{' '}
                      <span className="muted">({formatNumber(r.count, i18n.language)})</span>
                    </li>
                  );
                })}
              </ul>
            </section>
          </aside>
          <section className="stack" aria-labelledby="results-heading">
            <h2 id="results-heading" className="sr-only">{t('store.search.results')}</h2>
            <p role="status" className="muted">{t('store.search.count', { count: result.data.total, formatted: formatNumber(result.data.total, i18n.language) })}</p>
            {hits.length === 0 ? (
              <EmptyState>{q ? t('store.search.empty', { q }) : t('store.search.prompt')}</EmptyState>
            ) : (
              <ProductGrid products={hits} />
            )}
            <Pagination area="store" page={page} limit={LIMIT} total={result.data.total} params={params} />
          </section>
        </div>
      )}
    </div>
  );
}
