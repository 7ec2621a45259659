/**
 * One order: the customer (name, e-mail, orders, lifetime value), lines, totals, addresses,
 * shipments with tracking links, payments, staff's tags and notes, the history in words (status
 * steps, refunds and notes with staff names), and the lifecycle actions it allows: cancelling
 * asks for a reason and a confirmation, refunds go by line and quantity (with restock and
 * shipping) and show the server's amount before they are confirmed.
 */
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Address } from '../../lib/api';
import { newIdempotencyKey, useOrderReturns } from '../../features/checkout/api';
import { addressLines } from '../../lib/address';
import { formatDateTime, formatMoney, formatNumber } from '../../lib/format';
import { Alert, Badge, Button, EmptyState, Field, Price, TableScroll, TextAreaField } from '../../ui';
import { useCan } from '../../features/admin/auth';
import { ErrorMessage, OrderStatusBadge, PageTitle, QueryState, RequirePermission, ReturnSummary } from '../../features/admin/components';
import { Table, type Column } from '../../features/admin/DataTable';
import { StaffNotes } from '../../features/admin/StaffNotes';
import {
  addOrderNote, deliverShipment, markPaymentReceived, quoteRefund, refundOrder, setOrderTags, shipOrder, trackShipment, transitionOrder, useOrder, usePayments, type Order, type OrderStatus, type Payment,
} from '../../features/orders/api';

/** Buttons setting a pending shipment's tracking status (the customer's timeline; mails on out for delivery and exception). */
function TrackingButtons({ order, shipmentId }: { order: Order; shipmentId: string }) {
  const { t } = useTranslation();
  const track = useOrderMutation(order, (status: 'in_transit' | 'out_for_delivery' | 'delivered' | 'exception') => trackShipment(order.id, shipmentId, { status }));
  return (
    <div className="row" role="group" aria-label={t('admin.order.trackingStatus')}>
      {(['in_transit', 'out_for_delivery', 'delivered', 'exception'] as const).map((status) => (
        <Button key={status} variant={status === 'exception' ? 'danger' : 'secondary'} onClick={() => track.mutate(status)} disabled={track.isPending}>{t(`admin.order.tracking.${status}`)}</Button>
      ))}
      <ErrorMessage error={track.error} />
    </div>
  );
}

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
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [notify, setNotify] = useState(false);
  const cancel = useOrderMutation(order, () => transitionOrder(order.id, { to: 'cancelled', reason: reason.trim(), notifyCustomer: notify }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim()) cancel.mutate(undefined);
  };
  if (!open) return <div><Button variant="danger" onClick={() => setOpen(true)}>{t('admin.order.cancelOpen')}</Button></div>;
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="cancel-title">
      <h3 id="cancel-title">{t('admin.order.cancelConfirmTitle', { number: order.number })}</h3>
      <p className="muted">{t('admin.order.cancelExplain')}</p>
      <TextAreaField label={t('admin.order.cancelReason')} name="reason" required rows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} autoFocus />
      <label className="row" style={{ gap: 6 }}>
        <input type="checkbox" checked={notify} onChange={(e) => setNotify(e.target.checked)} />
        {t('admin.order.cancelNotify')}
      </label>
      <div className="row">
        <Button type="submit" variant="danger" disabled={cancel.isPending || !reason.trim()}>{t('admin.order.cancelConfirm')}</Button>
        <Button variant="secondary" onClick={() => setOpen(false)}>{t('admin.order.keepOrder')}</Button>
      </div>
      <ErrorMessage error={cancel.error} />
    </form>
  );
}

/** Units of each SKU refunded so far (from the order's refunds). */
function refundedUnits(order: Order): Map<string, number> {
  const done = new Map<string, number>();
  for (const r of order.refunds) for (const l of r.lines) done.set(l.sku, (done.get(l.sku) ?? 0) + l.quantity);
  return done;
}

function RefundForm({ order, onDone }: { order: Order; onDone: (amount: Order['refundedTotal']) => void }) {
  const { t, i18n } = useTranslation();
  const done = refundedUnits(order);
  const shippingLeft = order.totals.shipping.amount - order.refunds.reduce((sum, r) => sum + r.shipping.amount, 0);
  const [units, setUnits] = useState<Record<string, string>>({});
  const [shipping, setShipping] = useState(false);
  const [restock, setRestock] = useState(true);
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const lines = order.lines
    .map((l) => ({ sku: l.sku, quantity: Number(units[l.sku] ?? '0') }))
    .filter((l) => Number.isInteger(l.quantity) && l.quantity > 0);
  const request = { lines, shipping };
  // The server computes the amount; staff see it before they confirm.
  const quote = useMutation({ mutationFn: () => quoteRefund(order.id, request) });
  // One Idempotency-Key per refund the user means: a double click or a retry of the same request
  // reuses it (the API answers the first refund again); another request gets a fresh one.
  const attempt = useRef<{ key: string; request: string } | null>(null);
  const refund = useOrderMutation(order, async () => {
    const body = { ...request, restock: restock && lines.length > 0, reason: reason.trim(), ...(note.trim() ? { note: note.trim() } : {}) };
    const text = JSON.stringify(body);
    if (attempt.current?.request !== text) attempt.current = { key: newIdempotencyKey(), request: text };
    const answer = await refundOrder(order.id, body, attempt.current.key);
    attempt.current = null;
    onDone(answer.refund.amount);
  });
  const nothing = lines.length === 0 && !shipping;
  const review = (e: FormEvent) => {
    e.preventDefault();
    if (!nothing && reason.trim()) quote.mutate();
  };
  const change = () => quote.reset();
  return (
    <form className="card stack" onSubmit={review} aria-labelledby="refund-title">
      <h3 id="refund-title">{t('admin.order.refundLinesTitle')}</h3>
      <fieldset className="stack" style={{ border: 0, padding: 0, margin: 0 }} disabled={quote.isSuccess || refund.isPending}>
        {order.lines.map((l) => {
          const left = l.quantity - (done.get(l.sku) ?? 0);
          return (
            <div key={l.sku} className="toolbar">
              <Field label={t('admin.order.refundUnits', { title: l.title })} name={`refund-${l.sku}`} type="number" inputMode="numeric" min={0} max={left} step={1}
                value={units[l.sku] ?? '0'} onChange={(e) => setUnits({ ...units, [l.sku]: e.target.value })} disabled={left <= 0}
                hint={t('admin.order.refundLeft', { count: left })} />
            </div>
          );
        })}
        {shippingLeft > 0 ? (
          <label className="row" style={{ gap: 6 }}>
            <input type="checkbox" checked={shipping} onChange={(e) => setShipping(e.target.checked)} />
            {t('admin.order.refundShipping', { amount: formatMoney({ amount: shippingLeft, currency: order.currency }, i18n.language) })}
          </label>
        ) : null}
        <label className="row" style={{ gap: 6 }}>
          <input type="checkbox" checked={restock} onChange={(e) => setRestock(e.target.checked)} />
          {t('admin.order.restock')}
        </label>
        <Field label={t('admin.order.refundReason')} name="refundReason" required maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
        <TextAreaField label={t('admin.order.refundNote')} name="refundNote" rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
      </fieldset>
      {quote.isSuccess ? (
        <div className="stack" role="group" aria-labelledby="refund-confirm-title">
          <p id="refund-confirm-title"><strong>{t('admin.order.refundConfirmTitle', { amount: formatMoney(quote.data.amount, i18n.language) })}</strong></p>
          <ul className="muted">
            {quote.data.lines.map((l) => <li key={l.sku}>{l.title} × {formatNumber(l.quantity, i18n.language)}: <Price money={l.amount} /></li>)}
            {quote.data.shipping.amount > 0 ? <li>{t('admin.order.shipping')}: <Price money={quote.data.shipping} /></li> : null}
          </ul>
          <div className="row">
            <Button onClick={() => refund.mutate(undefined)} disabled={refund.isPending}>{t('admin.order.refundConfirm')}</Button>
            <Button variant="secondary" onClick={change} disabled={refund.isPending}>{t('admin.order.refundBack')}</Button>
          </div>
        </div>
      ) : (
        <div className="row">
          <Button type="submit" disabled={quote.isPending || nothing || !reason.trim()}>{t('admin.order.refundReview')}</Button>
          {nothing ? <span className="muted">{t('admin.order.refundNothing')}</span> : null}
        </div>
      )}
      <ErrorMessage error={quote.error ?? refund.error} />
    </form>
  );
}

function Actions({ order, payments }: { order: Order; payments: Payment[] }) {
  const { t, i18n } = useTranslation();
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
  const [refunded, setRefunded] = useState<Order['refundedTotal'] | null>(null);
  const label = (s: OrderStatus) => (s === 'confirmed' ? t('admin.order.confirm') : s === 'processing' ? t('admin.order.process') : t('admin.order.moveTo', { status: t(`admin.orderStatus.${s}`) }));

  const notice = refunded ? <Alert kind="success">{t('admin.order.refundedAmountDone', { amount: formatMoney(refunded, i18n.language) })}</Alert> : null;
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
      {refundable > 0 ? <RefundForm key={refundable} order={order} onDone={setRefunded} /> : null}
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
        <dt>{t('admin.order.source')}</dt><dd>{order.source}</dd>
        <dt>{t('admin.order.shippingMethod')}</dt><dd>{order.shippingMethod?.name ?? '—'}</dd>
        {order.promotionCode ? <><dt>{t('admin.order.promotion')}</dt><dd>{order.promotionCode}</dd></> : null}
        {order.cancelReason ? <><dt>{t('admin.order.cancelReason')}</dt><dd>{order.cancelReason}</dd></> : null}
      </dl>

      <CustomerPanel order={order} />

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
                <th scope="col">{t('admin.order.trackingStatus')}</th>
              </tr>
            </thead>
            <tbody>
              {order.shipments.map((s) => (
                <tr key={s.id}>
                  <td>{s.carrier}</td>
                  <td><TrackingNumber shipment={s} /></td>
                  <td>{formatDateTime(s.shippedAt, i18n.language)}</td>
                  <td>{s.deliveredAt ? formatDateTime(s.deliveredAt, i18n.language) : '—'}</td>
                  <td>{s.lines.map((l) => `${l.sku} × ${formatNumber(l.quantity, i18n.language)}`).join(', ')}</td>
                  <td>{s.deliveredAt ? '—' : <TrackingButtons order={order} shipmentId={s.id} />}</td>
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

      <OrderReturns orderId={order.id} />

      <section className="stack" aria-labelledby="staff-notes-title">
        <h2 id="staff-notes-title">{t('admin.order.staffTitle')}</h2>
        <OrderStaffNotes order={order} />
      </section>

      <section className="stack" aria-labelledby="history-title">
        <h2 id="history-title">{t('admin.order.timeline')}</h2>
        <Timeline order={order} />
      </section>
    </>
  );
}

/** A shipment's tracking number: a link to the carrier's tracking page when the server knows one, else text. */
function TrackingNumber({ shipment }: { shipment: Order['shipments'][number] }) {
  const { t } = useTranslation();
  if (!shipment.trackingUrl) return <>{shipment.trackingNumber}</>;
  return (
    <a href={shipment.trackingUrl} target="_blank" rel="noopener noreferrer" aria-label={t('admin.order.trackingLink', { number: shipment.trackingNumber, carrier: shipment.carrier })}>
      {shipment.trackingNumber}
    </a>
  );
}

/** Who the customer is: name (linked to their page), e-mail, how many orders and what they are worth. */
function CustomerPanel({ order }: { order: Order }) {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const c = order.customer;
  if (!c) return null;
  const name = c.name ?? c.email ?? '—';
  return (
    <section className="card stack" aria-labelledby="customer-title">
      <h2 id="customer-title">{t('admin.order.customer')}</h2>
      <dl className="meta">
        <dt>{t('admin.customers.name')}</dt>
        <dd>{c.id && can('users:read') ? <Link to={`/admin/customers/${c.id}`}>{name}</Link> : name}{c.id ? null : <span className="muted"> · {t('admin.order.guest')}</span>}</dd>
        <dt>{t('admin.customers.email')}</dt><dd style={{ overflowWrap: 'anywhere' }}>{c.email ?? '—'}</dd>
        <dt>{t('admin.order.orderCount')}</dt><dd>{formatNumber(c.orderCount, i18n.language)}</dd>
        <dt>{t('admin.order.lifetimeValue')}</dt><dd><Price money={c.lifetimeValue} /></dd>
      </dl>
    </section>
  );
}

/** Staff's tags and notes on the order. */
function OrderStaffNotes({ order }: { order: Order }) {
  const can = useCan();
  const qc = useQueryClient();
  const fresh = (o: Order) => qc.setQueryData(['admin', 'orders', 'one', order.id], o);
  return (
    <StaffNotes
      tags={order.tags ?? []} notes={order.notes ?? []} canWrite={can('orders:write')}
      saveTags={(tags) => setOrderTags(order.id, tags).then(fresh)} addNote={(body) => addOrderNote(order.id, body).then(fresh)}
    />
  );
}

/** The order's returns (RMAs), each with its units, status, refund and the support ticket it came from; nothing when it has none. */
function OrderReturns({ orderId }: { orderId: string }) {
  const { t } = useTranslation();
  const returns = useOrderReturns(orderId);
  if (!returns.data || returns.data.length === 0) return null;
  return (
    <section className="stack" aria-labelledby="returns-title">
      <h2 id="returns-title">{t('admin.order.returns')}</h2>
      <ul>
        {returns.data.map((r) => (
          <li key={r.id}>
            <ReturnSummary value={r}>
              {r.reference ? <> · <Link to={`/admin/support/${encodeURIComponent(r.reference)}`}>{t('admin.order.returnTicket')}</Link></> : null}
            </ReturnSummary>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The order's history in words, oldest first: status steps, refunds and notes, each with who did it. */
function Timeline({ order }: { order: Order }) {
  const { t, i18n } = useTranslation();
  const who = (actor: string | null | undefined, name: string | null | undefined) =>
    name ? t('admin.order.byWhom', { name }) : actor === 'system' ? t('admin.order.system') : actor === 'guest' ? t('admin.order.byWhom', { name: t('admin.order.guestActor') }) : null;
  // A step naming a payment reads "Payment captured (Card, Visa ···4242, £12.50)", never its id.
  const stepReason = (h: Order['statusHistory'][number]) => {
    const p = h.payment;
    if (!p) return h.reason;
    const method = [t(`store.checkout.methods.${p.method}`, { defaultValue: p.method }), ...(p.card ? [`${p.card.brand} ···${p.card.last4}`] : [])].join(', ');
    return t(`admin.order.paymentStep.${p.event}`, { method, amount: formatMoney(p.amount, i18n.language) });
  };
  const entries: { at: string; key: string; body: ReactNode }[] = [
    ...order.statusHistory.map((h, i) => ({
      at: h.at, key: `h${i}`,
      body: <>{h.from ? `${t(`admin.orderStatus.${h.from}`)} → ` : ''}<strong>{t(`admin.orderStatus.${h.to}`)}</strong>{h.reason ? <span className="muted"> · {stepReason(h)}</span> : null}</>,
      by: who(h.actor, h.actorName),
    })),
    ...order.refunds.map((r) => ({
      at: r.at, key: r.id,
      body: (
        <>
          <strong>{t('admin.order.refundEvent', { amount: formatMoney(r.amount, i18n.language) })}</strong>
          <span className="muted">
            {' · '}{[...r.lines.map((l) => `${l.title} × ${formatNumber(l.quantity, i18n.language)}`), ...(r.shipping.amount > 0 ? [t('admin.order.shippingLine')] : [])].join(', ')}
            {r.restocked ? ` (${t('admin.order.restocked')})` : ''} · {r.reason}{r.note ? ` · ${r.note}` : ''}
          </span>
        </>
      ),
      by: who(r.actor, r.actorName),
    })),
    ...(order.notes ?? []).map((n) => ({ at: n.at, key: n.id, body: <><strong>{t('admin.order.noteEvent')}</strong><span className="muted"> · {n.body}</span></>, by: who(n.author, n.authorName) })),
  ].sort((a, b) => a.at.localeCompare(b.at)).map(({ by, ...e }) => ({ ...e, body: <>{e.body}{by ? <span className="muted"> · {by}</span> : null}</> }));
  return (
    <ol className="stack" style={{ paddingLeft: 20, gap: 4, overflowWrap: 'anywhere' }}>
      {entries.map((e) => <li key={e.key}><time dateTime={e.at}>{formatDateTime(e.at, i18n.language)}</time> — {e.body}</li>)}
    </ol>
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
