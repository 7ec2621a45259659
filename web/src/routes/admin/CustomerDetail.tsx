/** One customer or user: profile, role assignment (users:write), saved addresses, staff's tags and notes, and their orders. */
import { useState, type FormEvent } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { addressLines, countryName } from '../../lib/address';
import { formatDateTime } from '../../lib/format';
import { Alert, Badge, Button } from '../../ui';
import { useCan, useClaims } from '../../features/admin/auth';
import { ErrorMessage, PageTitle, QueryState, RequirePermission } from '../../features/admin/components';
import { listOrders } from '../../features/orders/api';
import { OrdersTable } from '../../features/orders/OrdersTable';
import { addCustomerNote, fullName, ROLES, saveAccess, setCustomerTags, useCustomerAddresses, useStaffNotes, useUser, type Role, type User } from '../../features/customers/api';
import { StaffNotes } from '../../features/admin/StaffNotes';
import { useSites } from '../../features/sites/api';
import { SiteCheckboxes } from '../../features/sites/SiteSwitcher';

function RolesForm({ user }: { user: User }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const claims = useClaims();
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const [sites, setSites] = useState<string[]>(user.sites ?? []);
  const allSites = useSites();
  const save = useMutation({
    mutationFn: () => saveAccess(user.id, roles, sites.length > 0 ? sites : null),
    onSuccess: (u) => {
      qc.setQueryData(['admin', 'users', 'one', u.id], u);
      void qc.invalidateQueries({ queryKey: ['admin', 'users', 'list'] });
    },
  });
  const self = claims?.sub === user.id;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form className="card stack" onSubmit={submit}>
      <fieldset className="stack" style={{ border: 0, padding: 0, margin: 0 }} disabled={self}>
        <legend><h2>{t('admin.customers.roles')}</h2></legend>
        {self ? <p className="muted">{t('admin.customers.ownRoles')}</p> : null}
        <div className="row">
          {ROLES.map((r) => (
            <label key={r} className="row" style={{ gap: 6 }}>
              <input type="checkbox" checked={roles.includes(r)} onChange={(e) => setRoles(e.target.checked ? ROLES.filter((x) => x === r || roles.includes(x)) : roles.filter((x) => x !== r))} />
              {t(`admin.role.${r}`)}
            </label>
          ))}
        </div>
        {allSites.data && allSites.data.data.length > 1 ? (
          <SiteCheckboxes legend={t('admin.customers.sites')} hint={t('admin.customers.sitesHint')} sites={allSites.data.data} value={sites} onChange={setSites} />
        ) : null}
        <div><Button type="submit" disabled={save.isPending}>{t('admin.customers.saveRoles')}</Button></div>
      </fieldset>
      {save.isSuccess ? <Alert kind="success">{t('admin.customers.rolesSaved')}</Alert> : null}
      <ErrorMessage error={save.error} />
    </form>
  );
}

function CustomerOrders({ user }: { user: User }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const query = useQuery({
    queryKey: ['admin', 'orders', 'list', 'customer', user.id, page],
    queryFn: () => listOrders({ customer: user.id, page, limit: 10 }),
    placeholderData: keepPreviousData,
  });
  return (
    <section className="stack" aria-labelledby="customer-orders">
      <h2 id="customer-orders">{t('admin.customers.orders')}</h2>
      <OrdersTable query={query} onPage={setPage} />
    </section>
  );
}

function CustomerStaffNotes({ user }: { user: User }) {
  const { t } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const query = useStaffNotes(user.id);
  const fresh = (data: Awaited<ReturnType<typeof addCustomerNote>>) => qc.setQueryData(['admin', 'users', 'notes', user.id], data);
  return (
    <section className="stack" aria-labelledby="customer-staff-notes">
      <h2 id="customer-staff-notes">{t('admin.customers.staffTitle')}</h2>
      <QueryState query={query}>
        {query.data ? (
          <StaffNotes
            tags={query.data.tags} notes={query.data.notes} canWrite={can('users:write')}
            saveTags={(tags) => setCustomerTags(user.id, tags).then(fresh)} addNote={(body) => addCustomerNote(user.id, body).then(fresh)}
          />
        ) : null}
      </QueryState>
    </section>
  );
}

function CustomerAddresses({ user }: { user: User }) {
  const { t, i18n } = useTranslation();
  const query = useCustomerAddresses(user.id);
  return (
    <section className="stack" aria-labelledby="customer-addresses">
      <h2 id="customer-addresses">{t('admin.customers.addresses')}</h2>
      <QueryState query={query}>
        {query.data?.length === 0 ? <p className="muted">{t('admin.customers.noAddresses')}</p> : (
          <ul className="plain-list row">
            {query.data?.map((a) => (
              <li key={a.id} className="card stack">
                <h3>
                  {a.label || t('store.addresses.unnamed')} {a.defaultShipping ? <Badge tone="success">{t('store.addresses.defaultShipping')}</Badge> : null}{' '}
                  {a.defaultBilling ? <Badge tone="success">{t('store.addresses.defaultBilling')}</Badge> : null}
                </h3>
                <address>{addressLines(a, i18n.language).map((l, i) => <span key={i}>{l}<br /></span>)}{a.phone ?? null}</address>
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </section>
  );
}

function CustomerPage() {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const { id = '' } = useParams();
  const query = useUser(id);
  const u = query.data;
  return (
    <>
      <p><Link to="/admin/customers">← {t('admin.customers.back')}</Link></p>
      <QueryState query={query}>
        {u ? (
          <>
            <PageTitle>{fullName(u) || u.email || u.id}</PageTitle>
            <dl className="meta">
              <dt>{t('admin.customers.email')}</dt><dd>{u.email ?? '—'}</dd>
              <dt>{t('admin.customers.country')}</dt><dd>{u.country ? countryName(u.country, i18n.language) : '—'}</dd>
              <dt>{t('admin.customers.locale')}</dt><dd>{u.locale === 'fr' ? 'Français' : 'English'}</dd>
              <dt>{t('admin.customers.createdAt')}</dt><dd>{formatDateTime(u.createdAt, i18n.language)}</dd>
              <dt>{t('admin.customers.roles')}</dt><dd>{u.roles.map((r) => t(`admin.role.${r}`)).join(', ')}</dd>
            </dl>
            {can('users:write') ? <RolesForm key={`${u.roles.join()}|${(u.sites ?? []).join()}`} user={u} /> : null}
            <CustomerAddresses user={u} />
            <CustomerStaffNotes user={u} />
            {can('orders:read') ? <CustomerOrders user={u} /> : null}
          </>
        ) : null}
      </QueryState>
    </>
  );
}

/** The /admin/customers/:id page. */
export default function CustomerDetail() {
  return <RequirePermission permission="users:read"><CustomerPage /></RequirePermission>;
}
