/** Customers and staff users: search by email or name, filter by role, sort, CSV export. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../../lib/format';
import { Badge, Button, Field, SelectField } from '../../ui';
import { PageTitle, RequirePermission } from '../../features/admin/components';
import { DataTable, type Column } from '../../features/admin/DataTable';
import { useFilteredList } from '../../features/admin/list';
import { exportUsers, fullName, listUsers, ROLES, type User, type UserListQuery } from '../../features/customers/api';

function CustomerList() {
  const { t, i18n } = useTranslation();
  const { params, query, filters, sort, applyFilters, goToPage, sorting } = useFilteredList(['admin', 'users', 'list'], ['q', 'role'], ({ filters, page, limit, sort }) =>
    listUsers({ page, limit, ...filters, ...(sort ? { sort } : {}) } as UserListQuery),
  );
  const [q, setQ] = useState(params.get('q') ?? '');
  const [role, setRole] = useState(params.get('role') ?? '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    applyFilters({ q, role });
  };
  const columns: Column<User>[] = [
    { header: t('admin.customers.email'), className: 'wrap-anywhere', cell: (u) => <Link to={`/admin/customers/${u.id}`}>{u.email ?? u.id}</Link>, sort: { asc: 'email', desc: '-email' } },
    { header: t('admin.customers.name'), cell: (u) => fullName(u) ?? '—', sort: { asc: 'name', desc: '-name' } },
    { header: t('admin.customers.roles'), cell: (u) => <span className="row" style={{ gap: 4 }}>{u.roles.map((r) => <Badge key={r}>{t(`admin.role.${r}`)}</Badge>)}</span> },
    { header: t('admin.customers.createdAt'), className: 'hide-mobile', cell: (u) => formatDateTime(u.createdAt, i18n.language), sort: { asc: 'oldest', desc: 'newest' } },
  ];
  return (
    <>
      <PageTitle>{t('admin.customers.title')}</PageTitle>
      <form className="toolbar card" role="search" aria-label={t('admin.customers.filters')} onSubmit={submit}>
        <Field label={t('admin.customers.search')} type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        <SelectField label={t('admin.customers.role')} value={role} onChange={(e) => setRole(e.target.value)}>
          <option value="">{t('admin.all')}</option>
          {ROLES.map((r) => <option key={r} value={r}>{t(`admin.role.${r}`)}</option>)}
        </SelectField>
        <Button type="submit">{t('admin.filter')}</Button>
      </form>
      <DataTable query={query} columns={columns} rowKey={(u) => u.id} empty={t('admin.customers.none')} count onPage={goToPage} sorting={sorting}
        onExport={() => exportUsers({ ...filters, ...(sort ? { sort } : {}) } as Parameters<typeof exportUsers>[0])} />
    </>
  );
}

/** The /admin/customers page. */
export default function Customers() {
  return <RequirePermission permission="users:read"><CustomerList /></RequirePermission>;
}
