/** Back-office orders: list, one order, its payments, transitions, shipments, refunds and the sales summary. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, ok, type Body, type Order, type Query } from '../../lib/api';
import { downloadFile } from '../admin/list';

export type { Order };

/** An order status. */
export type OrderStatus = Order['status'];

/** Every order status, in lifecycle order. */
export const ORDER_STATUSES = ['pending', 'payment_processing', 'awaiting_payment', 'confirmed', 'processing', 'shipped', 'delivered', 'cancelled'] as const satisfies readonly OrderStatus[];

/** Filters, sort and page of GET /api/admin/orders (totals in minor units, dates ISO 8601). */
export type OrderListQuery = Query<'/api/admin/orders'>;

/** Filters and sort of GET /api/admin/orders/export (the list's, without the page). */
export type OrderExportQuery = Query<'/api/admin/orders/export'>;

/** The named views of the order list (`?view=`). */
export const ORDER_VIEWS = ['to_fulfil', 'awaiting_payment', 'refunded'] as const satisfies readonly NonNullable<OrderListQuery['view']>[];

/** Downloads the orders of `query` as CSV (every page). */
export function exportOrders(query: OrderExportQuery) {
  return downloadFile(api.GET('/api/admin/orders/export', { params: { query }, parseAs: 'blob' }), 'orders.csv');
}

/** The dashboard's order figures (GET /api/admin/orders/overview). */
export type OrdersOverview = Awaited<ReturnType<typeof ordersOverview>>;

function ordersOverview() {
  return ok(api.GET('/api/admin/orders/overview', { params: { query: { timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, currency: 'GBP' } } }));
}

/**
 * The dashboard's order figures, polled every 15 s while the page is open (new orders appear
 * without a reload). The server answers an ETag and the browser revalidates with it: an unchanged
 * overview comes back as 304 with no body, served from the browser's cache.
 */
export function useOrdersOverview() {
  return useQuery({ queryKey: ['admin', 'orders', 'overview'], queryFn: ordersOverview, refetchInterval: 15_000, retry: false });
}

/** A page of orders. */
export async function listOrders(query: OrderListQuery) {
  const page = await ok(api.GET('/api/admin/orders', { params: { query } }));
  return { ...page, data: page.data as Order[] };
}

/** A payment of an order, with its refunds. */
export type Payment = Awaited<ReturnType<typeof listPayments>>['data'][number];

function listPayments(orderId: string) {
  return ok(api.GET('/api/admin/payments', { params: { query: { orderId, page: 1, limit: 100 } } }));
}

/** The orders list of a page: filters, sort and page from `query`, the previous page kept while the next loads. */
export function useOrders(key: readonly unknown[], query: OrderListQuery) {
  return useQuery({ queryKey: ['admin', 'orders', 'list', ...key], queryFn: () => listOrders(query), placeholderData: keepPreviousData });
}

/** One order. */
export function useOrder(id: string) {
  return useQuery({ queryKey: ['admin', 'orders', 'one', id], queryFn: () => ok(api.GET('/api/admin/orders/{id}', { params: { path: { id } } })).then((o) => o as Order) });
}

/** The payments of one order (at most 100). */
export function usePayments(orderId: string) {
  return useQuery({ queryKey: ['admin', 'payments', orderId], queryFn: () => listPayments(orderId) });
}

/** Moves an order to `body.to` (409 when the lifecycle forbids it). */
export function transitionOrder(id: string, body: Body<'/api/admin/orders/{id}/transitions', 'post'>) {
  return ok(api.POST('/api/admin/orders/{id}/transitions', { params: { path: { id } }, body }));
}

/** Marks the offline payment of an order received (bank transfer, cash on delivery, pay in store): confirms an order awaiting payment. */
export function markPaymentReceived(id: string, body: Body<'/api/admin/orders/{id}/payment-received', 'post'> = {}) {
  return ok(api.POST('/api/admin/orders/{id}/payment-received', { params: { path: { id } }, body }));
}

/** Records a shipment of the whole order. */
export function shipOrder(id: string, body: Body<'/api/admin/orders/{id}/shipments', 'post'>) {
  return ok(api.POST('/api/admin/orders/{id}/shipments', { params: { path: { id } }, body }));
}

/** Marks a shipment delivered. */
export function deliverShipment(id: string, shipmentId: string) {
  return ok(api.POST('/api/admin/orders/{id}/shipments/{shipmentId}/deliver', { params: { path: { id, shipmentId } } }));
}

/** Records a shipment's tracking status (in transit, out for delivery, delivered, exception) on its timeline. */
export function trackShipment(id: string, shipmentId: string, body: Body<'/api/admin/orders/{id}/shipments/{shipmentId}/tracking', 'post'>) {
  return ok(api.POST('/api/admin/orders/{id}/shipments/{shipmentId}/tracking', { params: { path: { id, shipmentId } }, body }));
}

/** Refunds lines, shipping or an amount (`body`); the same `idempotencyKey` replays the first refund instead of refunding twice. */
export function refundOrder(id: string, body: Body<'/api/admin/orders/{id}/refunds', 'post'>, idempotencyKey: string) {
  return ok(api.POST('/api/admin/orders/{id}/refunds', { params: { path: { id }, header: { 'idempotency-key': idempotencyKey } }, body }));
}

/** What a refund of lines and shipping would give back (nothing is refunded). */
export function quoteRefund(id: string, body: Body<'/api/admin/orders/{id}/refunds/quote', 'post'>) {
  return ok(api.POST('/api/admin/orders/{id}/refunds/quote', { params: { path: { id } }, body }));
}

/** Adds a staff note on an order; answers the order as the back office reads it. */
export function addOrderNote(id: string, body: string) {
  return ok(api.POST('/api/admin/orders/{id}/notes', { params: { path: { id } }, body: { body } })).then((o) => o as Order);
}

/** Replaces staff's tags on an order; answers the order as the back office reads it. */
export function setOrderTags(id: string, tags: string[]) {
  return ok(api.PUT('/api/admin/orders/{id}/tags', { params: { path: { id } }, body: { tags } })).then((o) => o as Order);
}
