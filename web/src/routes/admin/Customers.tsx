/** Customers and staff users: search by email or name, filter by role. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime, formatNumber } from '../../lib/format';
import { Badge, Button, EmptyState, Field, Pagination, SelectField } from '../../ui';
import { PageTitle, QueryState, RequirePermission } from '../../features/admin/components';
import { useFilteredList } from '../../features/admin/list';
import { ROLES, type User } from '../../features/admin/types';

/** "First Last", or null when the user has no name. */
export function fullName(u: Pick<User, 'firstName' | 'lastName'>): string | null {
  return [u.firstName, u.lastName].filter(Boolean).join(' ') || null;
}

function CustomerList() {
  const { t, i18n } = useTranslation();
  const { params, query, applyFilters, goToPage } = useFilteredList<User>(['admin', 'users', 'list'], '/api/admin/users', ['q', 'role']);
  const [q, setQ] = useState(params.get('q') ?? '');
  const [role, setRole] = useState(params.get('role') ?? '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    applyFilters({ q, role });
  };
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
      <QueryState query={query}>
        {query.data ? (
          <>
            <p className="muted" role="status">{t('admin.resultCount', { count: query.data.pagination.total, formatted: formatNumber(query.data.pagination.total, i18n.language) })}</p>
            {query.data.data.length === 0 ? <EmptyState>{t('admin.customers.none')}</EmptyState> : (
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('admin.customers.email')}</th>
                    <th scope="col">{t('admin.customers.name')}</th>
                    <th scope="col">{t('admin.customers.roles')}</th>
                    <th scope="col" className="hide-mobile">{t('admin.customers.createdAt')}</th>
                  </tr>
                </thead>
                <tbody>
                  {query.data.data.map((u) => (
                    <tr key={u.id}>
                      <td><Link to={`/admin/customers/${u.id}`}>{u.email ?? u.id}</Link></td>
                      <td>{fullName(u) ?? '—'}</td>
                      <td><span className="row" style={{ gap: 4 }}>{u.roles.map((r) => <Badge key={r}>{t(`admin.role.${r}`)}</Badge>)}</span></td>
                      <td className="hide-mobile">{formatDateTime(u.createdAt, i18n.language)}</td>
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

/** The /admin/customers page. */
export default function Customers() {
  return <RequirePermission permission="users:read"><CustomerList /></RequirePermission>;
}
