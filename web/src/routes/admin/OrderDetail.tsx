/** One order: lines, totals, addresses, shipments, payments, status history, and the lifecycle actions it allows. */
import { useRef, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Address } from '../../lib/api';
import { newIdempotencyKey } from '../../features/checkout/api';
import { addressLines } from '../../lib/address';
import { formatDateTime, formatMoney, formatNumber } from '../../lib/format';
import { Alert, Badge, Button, EmptyState, Field, Price, TableScroll } from '../../ui';
import { useCan } from '../../features/admin/auth';
import { ErrorMessage, OrderStatusBadge, PageTitle, QueryState, RequirePermission } from '../../features/admin/components';
import { Table, type Column } from '../../features/admin/DataTable';
import { fromMinor, toMinor } from '../../features/admin/format';
import { deliverShipment, markPaymentReceived, refundOrder, shipOrder, transitionOrder, useOrder, usePayments, type Order, type OrderStatus, type Payment } from '../../features/orders/api';

function useOrderMutation<V>(order: Order, fn: (v: V) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['admin', 'orders'] });
      await qc.invalidateQueries({ queryKey: ['admin', 'payments', order.id] });
    },
  });
}

function AddressBlock({ address }: { address: Address | null }) {
  const { t, i18n } = useTranslation();
  if (!address) return <p className="muted">{t('admin.none')}</p>;
  return (
    <address style={{ fontStyle: 'normal' }}>
      {addressLines(address, i18n.language).map((line, i) => <span key={i}>{i > 0 ? <br /> : null}{line}</span>)}
      {address.phone ? <><br />{address.phone}</> : null}
    </address>
  );
}

function ShipForm({ order }: { order: Order }) {
  const { t } = useTranslation();
  const [carrier, setCarrier] = useState('');
  const [trackingNumber, setTrackingNumber] = useState('');
  const ship = useOrderMutation(order, () => shipOrder(order.id, { carrier, trackingNumber }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    ship.mutate(undefined);
  };
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="ship-title">
      <h3 id="ship-title">{t('admin.order.shipTitle')}</h3>
      <div className="toolbar">
        <Field label={t('admin.order.carrier')} name="carrier" required value={carrier} onChange={(e) => setCarrier(e.target.value)} />
        <Field label={t('admin.order.trackingNumber')} name="trackingNumber" required value={trackingNumber} onChange={(e) => setTrackingNumber(e.target.value)} />
        <Button type="submit" disabled={ship.isPending || !carrier.trim() || !trackingNumber.trim()}>{t('admin.order.ship')}</Button>
      </div>
      <ErrorMessage error={ship.error} />
    </form>
  );
}

function CancelForm({ order }: { order: Order }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const cancel = useOrderMutation(order, () => transitionOrder(order.id, { to: 'cancelled', reason: reason.trim() || undefined }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    cancel.mutate(undefined);
  };
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="cancel-title">
      <h3 id="cancel-title">{t('admin.order.cancelTitle')}</h3>
      <div className="toolbar">
        <Field label={t('admin.order.cancelReason')} name="reason" value={reason} onChange={(e) => setReason(e.target.value)} />
        <Button type="submit" variant="danger" disabled={cancel.isPending}>{t('admin.order.cancel')}</Button>
      </div>
      <ErrorMessage error={cancel.error} />
    </form>
  );
}

function RefundForm({ order, refundable, onDone }: { order: Order; refundable: number; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const [amount, setAmount] = useState(() => fromMinor(refundable, order.currency));
  const [reason, setReason] = useState('');
  const minor = toMinor(amount, order.currency);
  // One Idempotency-Key per refund the user means: a double click or a retry of the same amount
  // and reason reuses it (the API answers the first refund again); other values or a completed
  // refund get a fresh one.
  const attempt = useRef<{ key: string; request: string } | null>(null);
  const refund = useOrderMutation(order, async (body: { amount: number; reason: string }) => {
    const request = JSON.stringify(body);
    if (attempt.current?.request !== request) attempt.current = { key: newIdempotencyKey(), request };
    await refundOrder(order.id, body, attempt.current.key);
    attempt.current = null;
    onDone();
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (minor !== null) refund.mutate({ amount: minor, reason });
  };
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="refund-title">
      <h3 id="refund-title">{t('admin.order.refundTitle')}</h3>
      <p className="muted">{t('admin.order.refundable')} <Price money={{ amount: refundable, currency: order.currency }} /></p>
      <div className="toolbar">
        <Field label={t('admin.order.refundAmount', { currency: order.currency })} name="amount" inputMode="decimal" required value={amount} onChange={(e) => setAmount(e.target.value)}
          error={amount && (minor === null || minor <= 0 || minor > refundable) ? t('admin.order.refundInvalid', { max: formatMoney({ amount: refundable, currency: order.currency }, i18n.language) }) : null} />
        <Field label={t('admin.order.refundReason')} name="refundReason" required value={reason} onChange={(e) => setReason(e.target.value)} />
        <Button type="submit" disabled={refund.isPending || minor === null || minor <= 0 || minor > refundable || !reason.trim()}>{t('admin.order.refund')}</Button>
      </div>
      <ErrorMessage error={refund.error} />
    </form>
  );
}

function Actions({ order, payments }: { order: Order; payments: Payment[] }) {
  const { t } = useTranslation();
  const transition = useOrderMutation(order, (to: OrderStatus) => transitionOrder(order.id, { to }));
  const deliver = useOrderMutation(order, (shipmentId: string) => deliverShipment(order.id, shipmentId));
  const markPaid = useOrderMutation(order, () => markPaymentReceived(order.id));
  // Offline methods: staff record the money (which confirms an order awaiting it); confirming by hand needs a payment.
  const offline = ['bank_transfer', 'cash_on_delivery', 'pay_in_store'].includes(order.payment?.method ?? '');
  const canMarkPaid = offline && order.status !== 'cancelled' && !payments.some((p) => p.status !== 'failed');
  const next = order.status === 'awaiting_payment' ? order.nextStatuses.filter((s) => s !== 'confirmed') : order.nextStatuses;
  const pendingShipments = order.shipments.filter((s) => !s.deliveredAt);
  const refundable = payments.reduce((sum, p) => (p.status === 'captured' || p.status === 'partially_refunded' ? sum + p.capturedAmount.amount - p.refundedAmount.amount : sum), 0);
  const simple = next.filter((s) => s !== 'shipped' && s !== 'cancelled' && s !== 'delivered');
  const [refunded, setRefunded] = useState(false);
  const label = (s: OrderStatus) => (s === 'confirmed' ? t('admin.order.confirm') : s === 'processing' ? t('admin.order.process') : t('admin.order.moveTo', { status: t(`admin.orderStatus.${s}`) }));

  const notice = refunded ? <Alert kind="success">{t('admin.order.refunded')}</Alert> : null;
  if (next.length === 0 && refundable <= 0 && !canMarkPaid) return <>{notice}<p className="muted">{t('admin.order.noActions')}</p></>;
  return (
    <div className="stack">
      {notice}
      {canMarkPaid ? (
        <div className="row">
          <Button onClick={() => markPaid.mutate(undefined)} disabled={markPaid.isPending}>{t('admin.order.markPaid')}</Button>
          <ErrorMessage error={markPaid.error} />
        </div>
      ) : null}
      {simple.length || next.includes('delivered') ? (
        <div className="row">
          {simple.map((s) => <Button key={s} onClick={() => transition.mutate(s)} disabled={transition.isPending}>{label(s)}</Button>)}
          {next.includes('delivered')
            ? pendingShipments.length > 0
              ? pendingShipments.map((s) => (
                  <Button key={s.id} onClick={() => deliver.mutate(s.id)} disabled={deliver.isPending}>
                    {pendingShipments.length > 1 ? t('admin.order.deliverShipment', { tracking: s.trackingNumber }) : t('admin.order.deliver')}
                  </Button>
                ))
              : <Button onClick={() => transition.mutate('delivered')} disabled={transition.isPending}>{t('admin.order.deliver')}</Button>
            : null}
        </div>
      ) : null}
      <ErrorMessage error={transition.error ?? deliver.error} />
      {/* The API ships a confirmed order directly (it passes through processing); shipped orders can ship more lines. */}
      {next.includes('shipped') || order.status === 'confirmed' || order.status === 'shipped' ? <ShipForm order={order} /> : null}
      {refundable > 0 ? <RefundForm key={refundable} order={order} refundable={refundable} onDone={() => setRefunded(true)} /> : null}
      {next.includes('cancelled') ? <CancelForm order={order} /> : null}
    </div>
  );
}

function PaymentsTable({ payments }: { payments: Payment[] }) {
  const { t, i18n } = useTranslation();
  if (payments.length === 0) return <EmptyState>{t('admin.order.noPayments')}</EmptyState>;
  const columns: Column<Payment>[] = [
    {
      header: t('admin.order.paymentDate'),
      cell: (p) => (
        <>
          {formatDateTime(p.createdAt, i18n.language)}
          {p.refunds.length > 0 ? (
            <ul className="muted" style={{ margin: 0, paddingLeft: 16 }}>
              {p.refunds.map((r) => <li key={r.id}>{t('admin.order.refundLine', { date: formatDateTime(r.createdAt, i18n.language), reason: r.reason })} <Price money={r.amount} /></li>)}
            </ul>
          ) : null}
        </>
      ),
    },
    { header: t('admin.order.provider'), cell: (p) => `${p.provider}${p.card ? ` · ${p.card.brand} •••• ${p.card.last4}` : ''}` },
    {
      header: t('admin.order.paymentStatus'),
      cell: (p) => <><Badge tone={p.status === 'failed' ? 'danger' : p.status === 'captured' ? 'success' : undefined}>{t(`admin.paymentStatus.${p.status}`)}</Badge>{p.failureMessage ? <div className="muted">{p.failureMessage}</div> : null}</>,
    },
    { header: t('admin.order.amount'), className: 'num', cell: (p) => <Price money={p.amount} /> },
    { header: t('admin.order.captured'), className: 'num', cell: (p) => <Price money={p.capturedAmount} /> },
    { header: t('admin.order.refundedAmount'), className: 'num', cell: (p) => <Price money={p.refundedAmount} /> },
  ];
  return <Table rows={payments} columns={columns} rowKey={(p) => p.id} />;
}

function OrderView({ order }: { order: Order }) {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const payments = usePayments(order.id);
  const lineColumns: Column<Order['lines'][number]>[] = [
    { header: t('admin.products.sku'), cell: (l) => l.sku },
    { header: t('admin.products.product'), cell: (l) => l.title },
    { header: t('admin.order.quantity'), className: 'num', cell: (l) => formatNumber(l.quantity, i18n.language) },
    { header: t('admin.order.unitPrice'), className: 'num', cell: (l) => <Price money={l.unitPrice} /> },
    { header: t('admin.order.discount'), className: 'num hide-mobile', cell: (l) => (l.discount.amount ? <Price money={l.discount} /> : '—') },
    { header: t('admin.order.lineTotal'), className: 'num', cell: (l) => <Price money={l.lineTotal} /> },
  ];
  return (
    <>
      <p><Link to="/admin/orders">← {t('admin.order.back')}</Link></p>
      <PageTitle actions={<OrderStatusBadge status={order.status} />}>{t('admin.order.title', { number: order.number })}</PageTitle>
      <dl className="meta">
        <dt>{t('admin.orders.placedAt')}</dt><dd>{formatDateTime(order.placedAt, i18n.language)}</dd>
        <dt>{t('admin.orders.customer')}</dt>
        <dd>{order.customerId && can('users:read') ? <Link to={`/admin/customers/${order.customerId}`}>{order.email ?? order.customerId}</Link> : (order.email ?? '—')}</dd>
        <dt>{t('admin.order.source')}</dt><dd>{order.source}</dd>
        <dt>{t('admin.order.shippingMethod')}</dt><dd>{order.shippingMethod?.name ?? '—'}</dd>
        {order.promotionCode ? <><dt>{t('admin.order.promotion')}</dt><dd>{order.promotionCode}</dd></> : null}
        {order.cancelReason ? <><dt>{t('admin.order.cancelReason')}</dt><dd>{order.cancelReason}</dd></> : null}
      </dl>

      {can('orders:write') ? (
        <section className="stack" aria-labelledby="actions-title">
          <h2 id="actions-title">{t('admin.order.actions')}</h2>
          {payments.isPending ? null : <Actions order={order} payments={payments.data?.data ?? []} />}
        </section>
      ) : null}

      <section className="stack" aria-labelledby="lines-title">
        <h2 id="lines-title">{t('admin.order.lines')}</h2>
        <Table rows={order.lines} columns={lineColumns} rowKey={(l, i) => `${l.sku}-${i}`} />
        <dl className="meta" style={{ marginLeft: 'auto' }}>
          <dt>{t('admin.order.subtotal')}</dt><dd className="num"><Price money={order.totals.subtotal} /></dd>
          <dt>{t('admin.order.discount')}</dt><dd className="num"><Price money={order.totals.discount} /></dd>
          <dt>{t('admin.order.shipping')}</dt><dd className="num"><Price money={order.totals.shipping} /></dd>
          <dt>{t('admin.order.tax')}</dt><dd className="num"><Price money={order.totals.tax} /></dd>
          <dt>{t('admin.orders.total')}</dt><dd className="num"><strong><Price money={order.totals.total} /></strong></dd>
        </dl>
      </section>

      <div className="two-col">
        <section className="card stack" aria-labelledby="ship-addr-title">
          <h2 id="ship-addr-title">{t('admin.order.shippingAddress')}</h2>
          <AddressBlock address={order.shippingAddress} />
        </section>
        <section className="card stack" aria-labelledby="bill-addr-title">
          <h2 id="bill-addr-title">{t('admin.order.billingAddress')}</h2>
          <AddressBlock address={order.billingAddress} />
        </section>
      </div>

      <section className="stack" aria-labelledby="shipments-title">
        <h2 id="shipments-title">{t('admin.order.shipments')}</h2>
        {order.shipments.length === 0 ? <EmptyState>{t('admin.order.noShipments')}</EmptyState> : (
          <TableScroll><table className="table">
            <thead>
              <tr>
                <th scope="col">{t('admin.order.carrier')}</th>
                <th scope="col">{t('admin.order.trackingNumber')}</th>
                <th scope="col">{t('admin.order.shippedAt')}</th>
                <th scope="col">{t('admin.order.deliveredAt')}</th>
                <th scope="col">{t('admin.order.items')}</th>
              </tr>
            </thead>
            <tbody>
              {order.shipments.map((s) => (
                <tr key={s.id}>
                  <td>{s.carrier}</td>
                  <td>{s.trackingNumber}</td>
                  <td>{formatDateTime(s.shippedAt, i18n.language)}</td>
                  <td>{s.deliveredAt ? formatDateTime(s.deliveredAt, i18n.language) : '—'}</td>
                  <td>{s.lines.map((l) => `${l.sku} × ${formatNumber(l.quantity, i18n.language)}`).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table></TableScroll>
        )}
      </section>

      <section className="stack" aria-labelledby="payments-title">
        <h2 id="payments-title">{t('admin.order.payments')}</h2>
        <QueryState query={payments}>{payments.data ? <PaymentsTable payments={payments.data.data} /> : null}</QueryState>
      </section>

      <section className="stack" aria-labelledby="history-title">
        <h2 id="history-title">{t('admin.order.history')}</h2>
        <ol className="stack" style={{ paddingLeft: 20, gap: 4 }}>
          {order.statusHistory.map((h, i) => (
            <li key={i}>
              <time dateTime={h.at}>{formatDateTime(h.at, i18n.language)}</time> — {h.from ? `${t(`admin.orderStatus.${h.from}`)} → ` : ''}<strong>{t(`admin.orderStatus.${h.to}`)}</strong>
              {h.reason ? <span className="muted"> · {h.reason}</span> : null}
              {h.actor ? <span className="muted"> · {h.actor}</span> : null}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

function OrderPage() {
  const { id = '' } = useParams();
  const query = useOrder(id);
  return <QueryState query={query}>{query.data ? <OrderView order={query.data} /> : null}</QueryState>;
}

/** The /admin/orders/:id page. */
export default function OrderDetail() {
  return <RequirePermission permission="orders:read"><OrderPage /></RequirePermission>;
}
