/** Order list with filters (status, date range, customer, total range), kept in the URL. */
import { useState, type FormEvent } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../../lib/api';
import { formatNumber } from '../../lib/format';
import { Button, EmptyState, Field, Pagination, SelectField } from '../../ui';
import { PageTitle, QueryState, RequirePermission } from '../../features/admin/components';
import { dayToIso, toMinor } from '../../features/admin/format';
import { OrdersTable } from '../../features/admin/OrdersTable';
import { ORDER_STATUSES, type Order, type Paged } from '../../features/admin/types';

const FILTERS = ['status', 'from', 'to', 'customer', 'minTotal', 'maxTotal'] as const;
const CURRENCY = 'GBP';

function OrderList() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [form, setForm] = useState(() => Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? ''])) as Record<(typeof FILTERS)[number], string>);
  const page = Number(params.get('page') ?? '1') || 1;

  const query = useQuery({
    queryKey: ['admin', 'orders', 'list', params.toString()],
    queryFn: () => {
      const q = new URLSearchParams({ page: String(page), limit: '20' });
      if (params.get('status')) q.set('status', params.get('status')!);
      const from = dayToIso(params.get('from') ?? '');
      const to = dayToIso(params.get('to') ?? '', true);
      if (from) q.set('from', from);
      if (to) q.set('to', to);
      if (params.get('customer')) q.set('customer', params.get('customer')!);
      const min = toMinor(params.get('minTotal') ?? '', CURRENCY);
      const max = toMinor(params.get('maxTotal') ?? '', CURRENCY);
      if (min !== null) q.set('minTotal', String(min));
      if (max !== null) q.set('maxTotal', String(max));
      return api<Paged<Order>>(`/api/admin/orders?${q}`);
    },
    placeholderData: keepPreviousData,
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const f of FILTERS) if (form[f].trim()) next.set(f, form[f].trim());
    setParams(next);
  };
  const set = (f: (typeof FILTERS)[number]) => (e: { target: { value: string } }) => setForm({ ...form, [f]: e.target.value });

  return (
    <>
      <PageTitle>{t('admin.orders.title')}</PageTitle>
      <form className="toolbar card" onSubmit={submit} role="search" aria-label={t('admin.orders.filters')}>
        <SelectField label={t('admin.orders.status')} value={form.status} onChange={set('status')}>
          <option value="">{t('admin.all')}</option>
          {ORDER_STATUSES.map((s) => <option key={s} value={s}>{t(`admin.orderStatus.${s}`)}</option>)}
        </SelectField>
        <Field label={t('admin.orders.from')} type="date" value={form.from} onChange={set('from')} />
        <Field label={t('admin.orders.to')} type="date" value={form.to} onChange={set('to')} />
        <Field label={t('admin.orders.customerFilter')} type="search" value={form.customer} onChange={set('customer')} />
        <Field label={t('admin.orders.minTotal', { currency: CURRENCY })} inputMode="decimal" value={form.minTotal} onChange={set('minTotal')} />
        <Field label={t('admin.orders.maxTotal', { currency: CURRENCY })} inputMode="decimal" value={form.maxTotal} onChange={set('maxTotal')} />
        <Button type="submit">{t('admin.filter')}</Button>
      </form>
      <QueryState query={query}>
        {query.data ? (
          <>
            <p className="muted" role="status">{t('admin.resultCount', { count: query.data.pagination.total, formatted: formatNumber(query.data.pagination.total, i18n.language) })}</p>
            {query.data.data.length === 0 ? <EmptyState>{t('admin.orders.none')}</EmptyState> : <OrdersTable orders={query.data.data} />}
            <Pagination {...query.data.pagination} onPage={(p) => { const next = new URLSearchParams(params); next.set('page', String(p)); setParams(next); }} />
          </>
        ) : null}
      </QueryState>
    </>
  );
}

/** The /admin/orders page. */
export default function Orders() {
  return <RequirePermission permission="orders:read"><OrderList /></RequirePermission>;
}
