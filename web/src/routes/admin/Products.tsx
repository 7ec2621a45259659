/** Product list with search, status and category filters (kept in the URL). */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatNumber } from '../../lib/format';
import { Button, EmptyState, Field, Pagination, Price, SelectField } from '../../ui';
import { useCan } from '../../features/admin/auth';
import { flatten, useCategories } from '../../features/admin/categories';
import { PageTitle, ProductStatusBadge, QueryState, RequirePermission } from '../../features/admin/components';
import { useFilteredList } from '../../features/admin/list';
import { PRODUCT_STATUSES, type AdminProduct } from '../../features/admin/types';

function ProductList() {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const { params, query, applyFilters, goToPage } = useFilteredList<AdminProduct>(['admin', 'products', 'list'], '/api/admin/products', ['q', 'status', 'category']);
  const [q, setQ] = useState(params.get('q') ?? '');
  const [status, setStatus] = useState(params.get('status') ?? '');
  const [category, setCategory] = useState(params.get('category') ?? '');
  const categories = useCategories();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    applyFilters({ q, status, category });
  };

  return (
    <>
      <PageTitle actions={can('catalog:write') ? <Link className="btn" to="/admin/products/new">{t('admin.products.new')}</Link> : null}>{t('admin.products.title')}</PageTitle>
      <form className="toolbar card" role="search" aria-label={t('admin.products.filters')} onSubmit={submit}>
        <Field label={t('admin.products.search')} type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        <SelectField label={t('admin.products.status')} value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">{t('admin.all')}</option>
          {PRODUCT_STATUSES.map((s) => <option key={s} value={s}>{t(`admin.productStatus.${s}`)}</option>)}
        </SelectField>
        <SelectField label={t('admin.products.category')} value={category} onChange={(e) => setCategory(e.target.value)}>
          <option value="">{t('admin.all')}</option>
          {flatten(categories.data?.data ?? []).map((c) => <option key={c.node.id} value={c.node.id}>{c.path}</option>)}
        </SelectField>
        <Button type="submit">{t('admin.filter')}</Button>
      </form>
      <QueryState query={query}>
        {query.data ? (
          <>
            <p className="muted" role="status">{t('admin.resultCount', { count: query.data.pagination.total, formatted: formatNumber(query.data.pagination.total, i18n.language) })}</p>
            {query.data.data.length === 0 ? <EmptyState>{t('admin.products.none')}</EmptyState> : (
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('admin.products.product')}</th>
                    <th scope="col" className="hide-mobile">{t('admin.products.sku')}</th>
                    <th scope="col" className="hide-mobile">{t('admin.products.category')}</th>
                    <th scope="col">{t('admin.products.status')}</th>
                    <th scope="col" className="num">{t('admin.products.price')}</th>
                    <th scope="col" className="num">{t('admin.products.onHand')}</th>
                  </tr>
                </thead>
                <tbody>
                  {query.data.data.map((p) => (
                    <tr key={p.id}>
                      <td><Link to={`/admin/products/${p.id}`}>{p.title}</Link></td>
                      <td className="hide-mobile">{p.variants.map((v) => v.sku).join(', ')}</td>
                      <td className="hide-mobile">{p.category.name}</td>
                      <td><ProductStatusBadge status={p.status} /></td>
                      <td className="num"><Price money={p.price} /></td>
                      <td className="num">{formatNumber(p.variants.reduce((n, v) => n + v.onHand, 0), i18n.language)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <Pagination {...query.data.pagination} onPage={goToPage} />
          </>
        ) : null}
      </QueryState>
    </>
  );
}

/** The /admin/products page. */
export default function Products() {
  return <RequirePermission permission="catalog:read"><ProductList /></RequirePermission>;
}
