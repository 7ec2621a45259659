/** Order list with filters (status, date range, customer, total range) and sortable columns, kept in the URL. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Field, SelectField } from '../../ui';
import { PageTitle, RequirePermission } from '../../features/admin/components';
import { dayToIso, toMinor } from '../../features/admin/format';
import { useFilteredList, type ListParams } from '../../features/admin/list';
import { listOrders, ORDER_STATUSES, type OrderListQuery } from '../../features/orders/api';
import { OrdersTable } from '../../features/orders/OrdersTable';

const FILTERS = ['status', 'from', 'to', 'customer', 'minTotal', 'maxTotal'] as const;
const CURRENCY = 'GBP';
const PAYMENT_ATTEMPTS = 'payment_attempts';

/** The URL's filters as the API takes them: days → ISO instants (the `to` day included), totals → minor units. */
function fetchOrders({ filters, ...rest }: ListParams) {
  const min = toMinor(filters.minTotal ?? '', CURRENCY);
  const max = toMinor(filters.maxTotal ?? '', CURRENCY);
  return listOrders({
    ...rest,
    // "Failed payment attempts" is offered with the statuses; the API lists them apart.
    status: filters.status === PAYMENT_ATTEMPTS ? undefined : filters.status,
    paymentAttempts: filters.status === PAYMENT_ATTEMPTS ? 'only' : undefined,
    from: dayToIso(filters.from ?? ''),
    to: dayToIso(filters.to ?? '', true),
    customer: filters.customer,
    minTotal: min ?? undefined,
    maxTotal: max ?? undefined,
  } as OrderListQuery);
}

function OrderList() {
  const { t } = useTranslation();
  const { params, query, applyFilters, goToPage, sorting } = useFilteredList(['admin', 'orders', 'list'], FILTERS, fetchOrders);
  const [form, setForm] = useState(() => Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? ''])) as Record<(typeof FILTERS)[number], string>);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    applyFilters(form);
  };
  const set = (f: (typeof FILTERS)[number]) => (e: { target: { value: string } }) => setForm({ ...form, [f]: e.target.value });

  return (
    <>
      <PageTitle>{t('admin.orders.title')}</PageTitle>
      <form className="toolbar card" onSubmit={submit} role="search" aria-label={t('admin.orders.filters')}>
        <SelectField label={t('admin.orders.status')} value={form.status} onChange={set('status')}>
          <option value="">{t('admin.all')}</option>
          {ORDER_STATUSES.map((s) => <option key={s} value={s}>{t(`admin.orderStatus.${s}`)}</option>)}
          <option value={PAYMENT_ATTEMPTS}>{t('admin.orders.paymentAttempts')}</option>
        </SelectField>
        <Field label={t('admin.orders.from')} type="date" value={form.from} onChange={set('from')} />
        <Field label={t('admin.orders.to')} type="date" value={form.to} onChange={set('to')} />
        <Field label={t('admin.orders.customerFilter')} type="search" value={form.customer} onChange={set('customer')} />
        <Field label={t('admin.orders.minTotal', { currency: CURRENCY })} inputMode="decimal" value={form.minTotal} onChange={set('minTotal')} />
        <Field label={t('admin.orders.maxTotal', { currency: CURRENCY })} inputMode="decimal" value={form.maxTotal} onChange={set('maxTotal')} />
        <Button type="submit">{t('admin.filter')}</Button>
      </form>
      <OrdersTable query={query} count onPage={goToPage} sorting={sorting} />
    </>
  );
}

/** The /admin/orders page. */
export default function Orders() {
  return <RequirePermission permission="orders:read"><OrderList /></RequirePermission>;
}
