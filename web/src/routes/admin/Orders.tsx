/**
 * Order list: search (number, e-mail, name), named views (to fulfil, awaiting payment, refunded),
 * filters (status, date range, customer, total range) and sort kept in the URL; CSV export;
 * bulk actions on selected orders (start fulfilment, packing slips, export).
 */
import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { formatNumber } from '../../lib/format';
import { Alert, Button, Field, SelectField } from '../../ui';
import { useCan } from '../../features/admin/auth';
import { PageTitle, RequirePermission } from '../../features/admin/components';
import { dayToIso, toMinor } from '../../features/admin/format';
import { useFilteredList, type ListParams } from '../../features/admin/list';
import { exportOrders, listOrders, ORDER_STATUSES, ORDER_VIEWS, transitionOrder, type Order, type OrderExportQuery, type OrderListQuery } from '../../features/orders/api';
import { OrdersTable } from '../../features/orders/OrdersTable';
import { SiteScopeNote } from '../../features/sites/SiteSwitcher';
import { useAdminSite } from '../../features/sites/api';

const FILTERS = ['q', 'view', 'status', 'from', 'to', 'customer', 'minTotal', 'maxTotal'] as const;
const FORM_FIELDS = ['q', 'status', 'from', 'to', 'customer', 'minTotal', 'maxTotal'] as const;
const CURRENCY = 'GBP';
const PAYMENT_ATTEMPTS = 'payment_attempts';

/** The URL's filters as the API takes them: days → ISO instants (the `to` day included), totals → minor units. */
function apiFilters(filters: Record<string, string>): OrderExportQuery {
  const min = toMinor(filters.minTotal ?? '', CURRENCY);
  const max = toMinor(filters.maxTotal ?? '', CURRENCY);
  return {
    q: filters.q,
    view: filters.view as OrderExportQuery['view'],
    // "Failed payment attempts" is offered with the statuses; the API lists them apart.
    status: filters.status === PAYMENT_ATTEMPTS ? undefined : (filters.status as OrderExportQuery['status']),
    paymentAttempts: filters.status === PAYMENT_ATTEMPTS ? 'only' : undefined,
    from: dayToIso(filters.from ?? ''),
    to: dayToIso(filters.to ?? '', true),
    customer: filters.customer,
    minTotal: min ?? undefined,
    maxTotal: max ?? undefined,
  };
}

/** A page of orders with the URL's filters, of `site` only when one is chosen (the back office's site switcher). */
function fetchOrders({ filters, ...rest }: ListParams, site: string) {
  return listOrders({ ...rest, ...apiFilters(filters), ...(site ? { site } : {}) } as OrderListQuery);
}

/** What "start fulfilment" did: orders moved to processing, skipped (not confirmed), failed. */
type BulkResult = { done: number; skipped: number; failed: number };

/** Bulk actions on the selected orders: start fulfilment (confirmed → processing), packing slips, export. */
function BulkActions({ orders, clear, report }: { orders: Order[]; clear: () => void; report: (result: BulkResult) => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const fulfil = async () => {
    setBusy(true);
    const ready = orders.filter((o) => o.status === 'confirmed');
    const outcomes = await Promise.allSettled(ready.map((o) => transitionOrder(o.id, { to: 'processing' })));
    const failed = outcomes.filter((o) => o.status === 'rejected').length;
    report({ done: ready.length - failed, skipped: orders.length - ready.length, failed });
    setBusy(false);
    clear();
    await qc.invalidateQueries({ queryKey: ['admin', 'orders'] });
  };
  return (
    <>
      {can('orders:write') ? <Button className="btn-small" disabled={busy} onClick={() => void fulfil()}>{t('admin.orders.bulk.fulfil')}</Button> : null}
      <Button variant="secondary" className="btn-small" onClick={() => void navigate(`/admin/orders/packing-slips?ids=${orders.map((o) => o.id).join(',')}`)}>{t('admin.orders.bulk.packingSlips')}</Button>
      <Button variant="secondary" className="btn-small" onClick={() => void exportOrders({ ids: orders.map((o) => o.id).join(',') })}>{t('admin.orders.bulk.export')}</Button>
    </>
  );
}

function OrderList() {
  const { t, i18n } = useTranslation();
  const [result, setResult] = useState<BulkResult | null>(null);
  const n = (x: number) => formatNumber(x, i18n.language);
  const site = useAdminSite();
  const { params, query, filters, sort, applyFilters, goToPage, sorting, views } = useFilteredList(['admin', 'orders', 'list', site], FILTERS, (p) => fetchOrders(p, site));
  const [form, setForm] = useState(() => Object.fromEntries(FORM_FIELDS.map((f) => [f, params.get(f) ?? ''])) as Record<(typeof FORM_FIELDS)[number], string>);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    applyFilters(form);
  };
  const set = (f: (typeof FORM_FIELDS)[number]) => (e: { target: { value: string } }) => setForm({ ...form, [f]: e.target.value });

  return (
    <>
      <PageTitle>{t('admin.orders.title')}</PageTitle>
      <SiteScopeNote />
      <form className="toolbar card" onSubmit={submit} role="search" aria-label={t('admin.orders.filters')}>
        <Field label={t('admin.orders.search')} type="search" value={form.q} onChange={set('q')} maxLength={200} />
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
      {result ? <Alert kind={result.failed ? 'error' : 'success'}>{t('admin.orders.bulk.fulfilled', { done: n(result.done), skipped: n(result.skipped), failed: n(result.failed) })}</Alert> : null}
      <OrdersTable
        query={query} count onPage={goToPage} sorting={sorting}
        views={views(t('admin.orders.views'), t('admin.orders.allOrders'), ORDER_VIEWS.map((v) => ({ value: v, label: t(`admin.orders.view.${v}`) })))}
        onExport={() => exportOrders({ ...apiFilters(filters), ...(site ? { site } : {}), ...(sort ? { sort: sort as OrderExportQuery['sort'] } : {}) })}
        selection={{ name: (o) => o.number, actions: (orders, clear) => <BulkActions orders={orders} clear={clear} report={setResult} /> }}
      />
    </>
  );
}

/** The /admin/orders page. */
export default function Orders() {
  return <RequirePermission permission="orders:read"><OrderList /></RequirePermission>;
}
