/**
 * Orders module: orders with line snapshots, fees/adjustments, returns (imported, and RMAs), the lifecycle
 * (transitions with history, cancellation, shipments, delivery, refunds) and the unpaid-order
 * sweep. Checkout itself is the flow in src/flows/checkout, which calls this contract.
 * This file is the module's only import surface.
 */
import type { AppModule, ModuleContext } from '../../platform/module.js';
import type { CatalogContract } from '../catalog/index.js';
import type { IdentityContract } from '../identity/index.js';
import { OFFLINE_METHOD_IDS, type PaymentsContract } from '../payments/index.js';
import type { PromotionsContract } from '../promotions/index.js';
import type { OrdersContract } from './orders.contract.js';
import { OrderLifecycle } from './orders.lifecycle.js';
import { OrderPlacement } from './orders.placement.js';
import { anonymiseCustomer } from './orders.privacy.js';
import { ShipmentTracking } from './orders.tracking.js';
import { configureCarriers } from './domain/carriers.js';
import { OrderReads } from './orders.reads.js';
import { OrderReturns } from './orders.returns.js';
import { ordersRoutes } from './orders.routes.js';
import type { InternalSurface } from '../../platform/http/internal.js';
import { OrdersService } from './orders.service.js';
import { UnpaidOrderSweep } from './orders.sweep.js';

export type { Address, OrderEvents, OrderEventName, OrderPayment, OrderSnapshot, PaymentInstructions, RefundSnapshot, ReturnSnapshot, ShipmentSnapshot } from './orders.events.js';
/** The payload schemas of the orders events (defined with the platform when this module is loaded). */
export { orderEvents } from './orders.events.js';
export type { OrderStatus } from './domain/lifecycle.js';
export type { OrdersContract, OrderDto, AdminOrderDto, OrderRefundDto, PendingOrderInput, ImportedOrder, ImportedReturn, ImportedOrderLine, ImportedFee, HistoryEntry, NewReturn, ReceiveOptions, ReturnDto } from './orders.contract.js';
export { AddressSchema, OrderSchema, ReturnSchema } from './orders.schemas.js';

/** The orders' contract methods served on `/internal/orders/*` in services mode (recommendations reads the imported history). */
export const ORDERS_INTERNAL = { historyPage: { idempotent: true } } as const satisfies InternalSurface<OrdersContract, 'historyPage'>;

/** How often orders left unpaid past the timeout are looked for (ms). */
const SWEEP_EVERY_MS = 60_000;

/**
 * Creates the orders module; cancellation, shipping and refunds call the catalog, promotions and
 * payments contracts; the back office's order page names people through identity's. Registers
 * the job `orders.sweep-unpaid` (at start, then every minute; the state lives in the database,
 * so it survives restarts) and follows `user.email_verified` (consumer `orders`): the guest
 * orders placed with that address join the account.
 */
export function createOrdersModule(
  ctx: ModuleContext,
  deps: { catalog: CatalogContract; promotions: PromotionsContract; payments: PaymentsContract; identity: IdentityContract },
): AppModule & { contract: OrdersContract } {
  const log = ctx.log.child({ module: 'orders' });
  const history = new OrdersService(ctx.database);
  const reads = new OrderReads(ctx.database, deps.payments);
  const placement = new OrderPlacement(ctx.database, reads, ctx.tokens);
  const lifecycle = new OrderLifecycle(ctx.database, reads, deps, log, ctx.config.deliveryBusinessDays);
  configureCarriers(ctx.config.carrierTrackingUrls);
  const returns = new OrderReturns(ctx.database, lifecycle);
  const tracking = new ShipmentTracking(ctx.database, reads, lifecycle, ctx.config.carrierWebhookSecret);
  const contract: OrdersContract = {
    importHistory: (tx, source, batch) => history.importHistory(tx, source, batch),
    historyPage: (source, kind, after, limit) => history.historyPage(source, kind, after, limit),
    place: (tx, input) => placement.place(tx, input),
    findByIdempotencyKey: (key) => placement.findByIdempotencyKey(key),
    guestAccessToken: (orderId) => placement.guestAccessToken(orderId),
    confirmAuthorized: (tx, order) => placement.confirmAuthorized(tx, order),
    get: (orderId) => reads.get(orderId),
    cancel: (orderId, reason, actor, onlyIf) => lifecycle.cancel(orderId, reason, actor, { onlyIf }),
    refundByPaymentRefund: (paymentRefundId, exec) => reads.refundByPaymentRefund(paymentRefundId, exec),
    numbers: (ids) => reads.numbers(ids),
    listForCustomer: (customerId) => reads.allForCustomer(customerId),
    anonymiseCustomer: (tx, customerId, email) => anonymiseCustomer(tx, customerId, email),
    buyers: (skus) => reads.buyers(skus),
    createReturn: (orderId, input, actor) => returns.create(orderId, input, actor),
    receiveReturn: (returnId, actor, options) => returns.receive(returnId, actor, options),
    returns: (orderId) => returns.listForOrder(orderId),
  };
  // Offline methods that wait for their money, with their timeouts (bank transfer: days).
  const awaiting = Object.fromEntries(
    OFFLINE_METHOD_IDS.map((id) => deps.payments.method(id)).filter((m) => m?.placesOrderAs === 'awaiting_payment' && m.paymentTimeoutMinutes !== null).map((m) => [m!.id, m!.paymentTimeoutMinutes!]),
  );
  const sweep = new UnpaidOrderSweep(ctx.database, contract, log, ctx.config.paymentTimeoutMinutes, awaiting);
  ctx.jobs.register({ name: 'orders.sweep-unpaid', everyMs: SWEEP_EVERY_MS, runAtStart: true, run: () => sweep.sweepUnpaid() });
  ctx.relay.subscribe('orders', 'user.email_verified', async (event, tx) => {
    const { user } = event.payload;
    if (user?.id && user.email) await lifecycle.attachGuestOrders(tx, user.id, user.email);
  });
  const people = {
    names: (ids: string[]) => deps.identity.displayNames(ids),
    customerName: async (customerId: string) => {
      const user = await deps.identity.getUser(customerId);
      return user ? { name: [user.firstName, user.lastName].filter(Boolean).join(' ') || null, email: user.email } : null;
    },
  };
  return {
    name: 'orders',
    migrations: { name: 'orders', folder: 'src/modules/orders/db/migrations' },
    routes: (server) => ordersRoutes(server, { reads, lifecycle, tracking, people, returns }),
    contract,
  };
}
