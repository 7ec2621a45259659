/** Product list with search (title or SKU), status and category filters and sortable columns (kept in the URL); CSV export. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatNumber } from '../../lib/format';
import { Button, Field, Price, SelectField } from '../../ui';
import { useCan } from '../../features/admin/auth';
import { flatten } from '../../features/products/categories';
import { PageTitle, ProductStatusBadge, RequirePermission } from '../../features/admin/components';
import { DataTable, type Column } from '../../features/admin/DataTable';
import { useFilteredList } from '../../features/admin/list';
import { SiteScopeNote } from '../../features/sites/SiteSwitcher';
import { useAdminSite } from '../../features/sites/api';
import { exportProducts, listProducts, PRODUCT_STATUSES, useCategoryTree, type AdminProduct, type ProductListQuery } from '../../features/products/api';

function ProductList() {
  const { t, i18n } = useTranslation();
  const can = useCan();
  // The back office's site switcher: only the products published on the chosen site.
  const site = useAdminSite();
  const { params, query, filters, applyFilters, goToPage, sorting } = useFilteredList(['admin', 'products', 'list', site], ['q', 'status', 'category'], ({ filters, ...rest }) =>
    listProducts({ ...rest, ...filters, ...(site ? { site } : {}) } as ProductListQuery),
  );
  const [q, setQ] = useState(params.get('q') ?? '');
  const [status, setStatus] = useState(params.get('status') ?? '');
  const [category, setCategory] = useState(params.get('category') ?? '');
  const categories = useCategoryTree();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    applyFilters({ q, status, category });
  };
  const columns: Column<AdminProduct>[] = [
    { header: t('admin.products.product'), cell: (p) => <Link to={`/admin/products/${p.id}`}>{p.title}</Link>, sort: { asc: 'title' } },
    { header: t('admin.products.sku'), className: 'hide-mobile', cell: (p) => p.variants.map((v) => v.sku).join(', ') },
    { header: t('admin.products.category'), className: 'hide-mobile', cell: (p) => p.category.name },
    { header: t('admin.products.status'), cell: (p) => <ProductStatusBadge status={p.status} /> },
    { header: t('admin.products.price'), className: 'num', cell: (p) => <Price money={p.price} />, sort: { asc: 'price', desc: '-price' } },
    { header: t('admin.products.onHand'), className: 'num', cell: (p) => formatNumber(p.variants.reduce((n, v) => n + v.onHand, 0), i18n.language) },
  ];

  return (
    <>
      <PageTitle actions={can('catalog:write') ? <Link className="btn" to="/admin/products/new">{t('admin.products.new')}</Link> : null}>{t('admin.products.title')}</PageTitle>
      <SiteScopeNote />
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
      <DataTable query={query} columns={columns} rowKey={(p) => p.id} empty={t('admin.products.none')} count onPage={goToPage} sorting={sorting}
        onExport={() => exportProducts({ ...filters, ...(site ? { site } : {}) } as Parameters<typeof exportProducts>[0])} />
    </>
  );
}

/** The /admin/products page. */
export default function Products() {
  return <RequirePermission permission="catalog:read"><ProductList /></RequirePermission>;
}
