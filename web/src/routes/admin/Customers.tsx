/** Customers and staff users: search by email or name, filter by role. */
import { useState, type FormEvent } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../lib/api';
import { formatDateTime, formatNumber } from '../../lib/format';
import { Badge, Button, EmptyState, Field, Pagination, SelectField } from '../../ui';
import { PageTitle, QueryState, RequirePermission } from '../../features/admin/components';
import { ROLES, type Paged, type User } from '../../features/admin/types';

/** "First Last", or null when the user has no name. */
export function fullName(u: Pick<User, 'firstName' | 'lastName'>): string | null {
  return [u.firstName, u.lastName].filter(Boolean).join(' ') || null;
}

function CustomerList() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState(params.get('q') ?? '');
  const [role, setRole] = useState(params.get('role') ?? '');
  const page = Number(params.get('page') ?? '1') || 1;
  const query = useQuery({
    queryKey: ['admin', 'users', 'list', params.toString()],
    queryFn: () => {
      const s = new URLSearchParams({ page: String(page), limit: '20' });
      if (params.get('q')) s.set('q', params.get('q')!);
      if (params.get('role')) s.set('role', params.get('role')!);
      return api<Paged<User>>(`/api/admin/users?${s}`);
    },
    placeholderData: keepPreviousData,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = new URLSearchParams();
    if (q.trim()) next.set('q', q.trim());
    if (role) next.set('role', role);
    setParams(next);
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
            <Pagination {...query.data.pagination} onPage={(p) => { const next = new URLSearchParams(params); next.set('page', String(p)); setParams(next); }} />
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
