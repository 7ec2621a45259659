/** Category page: products of a category (with descendants) with price/stock filters, sort and pagination in the URL. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { Alert, Button, EmptyState, Field, Loading, Pagination, SelectField } from '../../ui';
import { findCategory, useCategories, useProducts, type ProductQuery } from '../../features/catalog/api';
import { CategoryTree } from '../../features/catalog/CategoryTree';
import { ProductGrid } from '../../features/catalog/ProductCard';
import { formatNumber } from '../../lib/format';
import { useProblemMessage } from '../../lib/problem';
import { useTitle } from '../../lib/useTitle';

const SORTS = ['newest', 'price', '-price', 'title'] as const;
const LIMIT = 24;

const toMinor = (v: string) => (v.trim() === '' || Number.isNaN(Number(v.replace(',', '.'))) ? undefined : Math.round(Number(v.replace(',', '.')) * 100));
const toMajor = (v: string | null) => (v ? String(Number(v) / 100) : '');

/** A category's product listing (remounted per category so filter inputs start from the URL). */
export default function CategoryPage() {
  const { slug = '' } = useParams();
  return <Category key={slug} />;
}

function Category() {
  const { slug = '' } = useParams();
  const { t, i18n } = useTranslation();
  const message = useProblemMessage();
  const [params, setParams] = useSearchParams();
  const categories = useCategories();
  const found = categories.data ? findCategory(categories.data, slug) : null;
  useTitle(found?.node.name ?? t('store.category.title'));

  const sortParam = params.get('sort');
  const sort = (SORTS as readonly string[]).includes(sortParam ?? '') ? (sortParam as ProductQuery['sort']) : 'newest';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const query: ProductQuery = {
    category: slug,
    minPrice: params.get('minPrice') ? Number(params.get('minPrice')) : undefined,
    maxPrice: params.get('maxPrice') ? Number(params.get('maxPrice')) : undefined,
    inStock: params.get('inStock') === 'true' ? true : undefined,
    sort,
    page,
    limit: LIMIT,
  };
  const products = useProducts(query);

  const [min, setMin] = useState(toMajor(params.get('minPrice')));
  const [max, setMax] = useState(toMajor(params.get('maxPrice')));
  const [inStock, setInStock] = useState(params.get('inStock') === 'true');

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) if (v === undefined || v === '') next.delete(k); else next.set(k, v);
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };
  const applyFilters = (e: FormEvent) => {
    e.preventDefault();
    update({ minPrice: toMinor(min)?.toString(), maxPrice: toMinor(max)?.toString(), inStock: inStock ? 'true' : undefined });
  };
  const clearFilters = () => {
    setMin('');
    setMax('');
    setInStock(false);
    update({ minPrice: undefined, maxPrice: undefined, inStock: undefined });
  };

  if (categories.isSuccess && !found) {
    return (
      <div className="stack">
        <h1>{t('store.category.notFound')}</h1>
        <p><Link to="/">{t('store.common.backHome')}</Link></p>
      </div>
    );
  }

  return (
    <div className="stack">
      {found ? (
        <nav aria-label={t('store.common.breadcrumb')} className="breadcrumb">
          <ol>
            <li><Link to="/">{t('store.common.home')}</Link></li>
            {found.trail.map((c) => (
              <li key={c.id}><Link to={`/c/${c.slug}`}>{c.name}</Link></li>
            ))}
            <li aria-current="page">{found.node.name}</li>
          </ol>
        </nav>
      ) : null}
      <h1>{found?.node.name ?? t('store.category.title')}</h1>
      <div className="listing-layout">
        <aside className="stack filters" aria-labelledby="filters-heading">
          <h2 id="filters-heading">{t('store.filters.title')}</h2>
          <form className="stack" onSubmit={applyFilters}>
            <fieldset className="plain-fieldset">
              <legend>{t('store.filters.price')}</legend>
              <div className="row">
                <Field label={t('store.filters.min')} inputMode="decimal" value={min} onChange={(e) => setMin(e.target.value)} size={6} />
                <Field label={t('store.filters.max')} inputMode="decimal" value={max} onChange={(e) => setMax(e.target.value)} size={6} />
              </div>
            </fieldset>
            <label className="checkbox">
              <input type="checkbox" checked={inStock} onChange={(e) => setInStock(e.target.checked)} /> {t('store.filters.inStock')}
            </label>
            <div className="row">
              <Button type="submit">{t('store.filters.apply')}</Button>
              <Button variant="secondary" onClick={clearFilters}>{t('store.filters.clear')}</Button>
            </div>
          </form>
          {found && found.node.children.length > 0 ? (
            <section aria-labelledby="subcats">
              <h2 id="subcats">{t('store.category.subcategories')}</h2>
              <CategoryTree nodes={found.node.children} current={slug} />
            </section>
          ) : null}
        </aside>
        <section className="stack" aria-labelledby="results-heading">
          <div className="row listing-toolbar">
            <h2 id="results-heading" className="sr-only">{t('store.category.products')}</h2>
            <p role="status" className="muted">
              {products.data ? t('store.category.count', { count: products.data.pagination.total, formatted: formatNumber(products.data.pagination.total, i18n.language) }) : null}
            </p>
            <SelectField label={t('store.sort.label')} value={sort} onChange={(e) => update({ sort: e.target.value === 'newest' ? undefined : e.target.value })}>
              {SORTS.map((s) => (
                <option key={s} value={s}>{t(`store.sort.${s}`)}</option>
              ))}
            </SelectField>
          </div>
          {products.isPending ? (
            <Loading />
          ) : products.isError ? (
            <Alert>{message(products.error)}</Alert>
          ) : products.data.data.length === 0 ? (
            <EmptyState>{t('store.category.empty')}</EmptyState>
          ) : (
            <>
              <ProductGrid products={products.data.data} />
              <Pagination area="store" page={page} limit={LIMIT} total={products.data.pagination.total} params={params} />
            </>
          )}
        </section>
      </div>
    </div>
  );
}
