/** An order: number, status, lines, totals, refunds, address, status timeline, shipments with tracking links, estimated delivery and tracking timeline, and its returns. */
import { useTranslation } from 'react-i18next';
import { addressLines } from '../../lib/address';
import { formatDateTime, formatNumber } from '../../lib/format';
import { Badge, Price, TableScroll } from '../../ui';
import { CartTotals } from '../cart/CartTotals';
import { useOrderReturns, type Order } from '../checkout/api';

/** A status as a translated badge. */
export function OrderStatus({ status }: { status: string }) {
  const { t } = useTranslation();
  const tone = status === 'cancelled' ? 'danger' : status === 'delivered' || status === 'shipped' || status === 'confirmed' ? 'success' : undefined;
  return <Badge tone={tone}>{t(`store.orderStatus.${status}`, { defaultValue: status })}</Badge>;
}

/** The whole order, under an h1 the page provides. */
export function OrderDetail({ order }: { order: Order }) {
  const { t, i18n } = useTranslation();
  const a = order.shippingAddress;
  return (
    <div className="stack">
      <dl className="meta">
        <dt>{t('store.order.number')}</dt>
        <dd data-testid="order-number">{order.number}</dd>
        <dt>{t('store.order.placedAt')}</dt>
        <dd>{formatDateTime(order.placedAt, i18n.language)}</dd>
        <dt>{t('store.order.status')}</dt>
        <dd><OrderStatus status={order.status} /></dd>
        <dt>{t('store.order.email')}</dt>
        <dd>{order.email}</dd>
      </dl>
      <section aria-labelledby="order-lines">
        <h2 id="order-lines">{t('store.order.lines')}</h2>
        <TableScroll>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('store.cart.product')}</th>
                <th scope="col" className="num">{t('store.cart.quantity')}</th>
                <th scope="col" className="num">{t('store.cart.unitPrice')}</th>
                <th scope="col" className="num">{t('store.cart.lineTotal')}</th>
              </tr>
            </thead>
            <tbody>
              {order.lines.map((l) => (
                <tr key={l.sku}>
                  <td>{l.title} <span className="muted">({l.sku})</span></td>
                  <td className="num">{formatNumber(l.quantity, i18n.language)}</td>
                  <td className="num"><Price money={l.unitPrice} /></td>
                  <td className="num"><Price money={l.lineTotal} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
        <div className="order-totals">
          <CartTotals totals={order.totals} promotionCode={order.promotionCode} />
        </div>
      </section>
      {order.refunds.length > 0 ? (
        <section aria-labelledby="order-refunds">
          <h2 id="order-refunds">{t('store.order.refunds')}</h2>
          <ul className="stack plain-list">
            {order.refunds.map((r) => (
              <li key={r.id} className="card">
                <p><strong><Price money={r.amount} /></strong> — {r.reason}</p>
                <ul>
                  {r.lines.map((l) => <li key={l.sku}>{l.title} × {formatNumber(l.quantity, i18n.language)}: <Price money={l.amount} /></li>)}
                  {r.shipping.amount > 0 ? <li>{t('store.order.refundShipping')}: <Price money={r.shipping} /></li> : null}
                </ul>
                <p className="muted">{t('store.order.refundedOn', { date: formatDateTime(r.at, i18n.language) })}</p>
              </li>
            ))}
          </ul>
          <p>{t('store.order.refundTotal')}: <strong><Price money={order.refundedTotal} /></strong></p>
        </section>
      ) : null}
      <div className="two-col">
        <section aria-labelledby="order-address">
          <h2 id="order-address">{t('store.order.shipTo')}</h2>
          {a ? (
            <address>
              {addressLines(a, i18n.language).map((line, i) => <span key={i}>{i > 0 ? <br /> : null}{line}</span>)}
            </address>
          ) : null}
          {order.shippingMethod ? <p>{t(`store.shippingMethods.${order.shippingMethod.id}`, { defaultValue: order.shippingMethod.name })}</p> : null}
        </section>
        <section aria-labelledby="order-timeline">
          <h2 id="order-timeline">{t('store.order.timeline')}</h2>
          <ol className="timeline">
            {order.statusHistory.map((h, i) => (
              <li key={i}>
                <OrderStatus status={h.to} /> <time dateTime={h.at}>{formatDateTime(h.at, i18n.language)}</time>
                {h.to === 'cancelled' && h.reason ? <span className="muted"> — {t(`store.order.cancelReasons.${h.reason}`, { defaultValue: h.reason })}</span> : null}
              </li>
            ))}
          </ol>
        </section>
      </div>
      <section aria-labelledby="order-shipments">
        <h2 id="order-shipments">{t('store.order.shipments')}</h2>
        {order.shipments.length === 0 ? (
          <p className="muted">{t('store.order.noShipments')}</p>
        ) : (
          <ul className="stack plain-list">
            {order.shipments.map((s) => (
              <li key={s.id} className="card">
                <p>
                  <strong>{s.carrier}</strong> — {t('store.order.tracking')}:{' '}
                  {s.trackingUrl ? (
                    <a href={s.trackingUrl} target="_blank" rel="noopener noreferrer" aria-label={t('store.order.trackingLink', { number: s.trackingNumber, carrier: s.carrier })}>
                      <code>{s.trackingNumber}</code>
                    </a>
                  ) : <code>{s.trackingNumber}</code>}
                </p>
                <p className="muted">
                  {t('store.order.shippedAt', { date: formatDateTime(s.shippedAt, i18n.language) })}
                  {s.deliveredAt ? ` · ${t('store.order.deliveredAt', { date: formatDateTime(s.deliveredAt, i18n.language) })}` : null}
                  {s.estimatedDeliveryOn && !s.deliveredAt
                    ? ` · ${t('store.order.estimatedDelivery', { date: new Intl.DateTimeFormat(i18n.language, { dateStyle: 'full', timeZone: 'UTC' }).format(new Date(`${s.estimatedDeliveryOn}T12:00:00Z`)) })}`
                    : null}
                </p>
                {s.events.length > 0 ? (
                  <ol className="plain-list stack" aria-label={t('store.order.trackingTimeline', { number: s.trackingNumber })}>
                    {s.events.map((e, i) => (
                      <li key={i}>
                        <Badge tone={e.status === 'exception' ? 'danger' : e.status === 'delivered' ? 'success' : undefined}>{t(`store.order.shipmentStatus.${e.status}`)}</Badge>{' '}
                        <time dateTime={e.at}>{formatDateTime(e.at, i18n.language)}</time>
                        {e.detail ? <> — {e.detail}</> : null}
                      </li>
                    ))}
                  </ol>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      <OrderReturns orderId={order.id} />
    </div>
  );
}

/** The order's returns (RMAs): units, status and the refund each made; nothing when it has none. */
function OrderReturns({ orderId }: { orderId: string }) {
  const { t, i18n } = useTranslation();
  const returns = useOrderReturns(orderId);
  if (!returns.data || returns.data.length === 0) return null;
  return (
    <section aria-labelledby="order-returns">
      <h2 id="order-returns">{t('store.order.returns')}</h2>
      <ul className="stack">
        {returns.data.map((r) => (
          <li key={r.id}>
            {r.lines.map((l) => `${l.quantity} × ${l.title}`).join(', ')} ·{' '}
            <Badge tone={r.status === 'received' ? 'success' : undefined}>{t(`store.order.returnStatus.${r.status}`)}</Badge>
            {' · '}{formatDateTime(r.receivedAt ?? r.createdAt, i18n.language)}
            {r.refund ? <> · {t('store.order.returnRefund')} <Price money={r.refund.amount} /></> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
