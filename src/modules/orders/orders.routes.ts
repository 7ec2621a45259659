import { Type } from '@sinclair/typebox';
import { hasPermission, type AuthUser } from '../../platform/auth.js';
import { staffSeesAny, staffSites } from '../../platform/http/site.js';
import { Money, PageQuery, Pagination, StaffNoteBody, StaffTagsBody } from '../../platform/http/schemas.js';
import type { HttpServer } from '../../platform/http/server.js';
import { IdempotencyKeyHeader, requestHash } from '../../platform/idempotency.js';
import { PaymentSchema, RefundSchema } from '../payments/index.js';
import type { OrderLifecycle } from './orders.lifecycle.js';
import type { OrderReads } from './orders.reads.js';
import type { RefundQuote } from './domain/refunds.js';
import { CsvResponse, EXPORT_BATCH_SIZE, majorUnits, sendCsv } from '../../platform/http/csv.js';
import { NotModifiedResponse, sendWithEtag } from '../../platform/http/etag.js';
import { nameOf } from './orders.reads.js';
import { OrdersErrors } from './orders.errors.js';
import {
  AdminOrderExportQuery, AdminOrderQuery, OrderIdParams, OrderSchema, OverviewQuery, OverviewSchema, PaymentReceivedBody, RefundBody, RefundQuoteBody, RefundQuoteSchema,
  CarrierEventBody, CarrierEventResponse, ReturnSchema, ShipmentBody, TrackingBody, TransitionBody,
} from './orders.schemas.js';
import type { OrderReturns } from './orders.returns.js';
import type { ShipmentTracking } from './orders.tracking.js';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { keepRawJsonBodies } from '../../platform/http/raw-body.js';
import { SIGNATURE_HEADER } from '../../platform/http/signature.js';

/** Columns of the orders CSV export (money in major units of `currency`, times ISO 8601 UTC). */
const ORDER_CSV_HEADER = ['number', 'placed_at', 'status', 'email', 'customer_name', 'country', 'items', 'currency', 'subtotal', 'discount', 'shipping', 'tax', 'total', 'payment_method', 'source', 'id'];

const tags = ['orders'];
const problem = { $ref: 'Problem#' };
const orderRef = Type.Ref(OrderSchema);

/** How the back office's order page names people: staff (user ids → names) and the customer of an account. */
export interface OrderPeople {
  names: (ids: string[]) => Promise<Map<string, string>>;
  customerName: (customerId: string) => Promise<{ name: string | null; email: string | null } | null>;
}

/** Registers the shopper's and the back office's order routes (checkout itself is flows/checkout). */
export async function ordersRoutes(server: HttpServer, { reads, lifecycle, tracking, people, returns }: { reads: OrderReads; lifecycle: OrderLifecycle; tracking: ShipmentTracking; people: OrderPeople; returns: OrderReturns }): Promise<void> {
  await server.register(async (plugin) => {
    const scope = plugin.withTypeProvider<TypeBoxTypeProvider>();
    const rawBody = keepRawJsonBodies(scope);
    scope.post('/api/carriers/webhook', {
      schema: {
        summary: "Carrier webhook: a parcel's tracking status, signed, applied once",
        description:
          'Header `comptoir-signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` with `CARRIER_WEBHOOK_SECRET` (as payment webhooks; ' +
          'without the setting every call answers 401); timestamps more than 5 minutes away are refused (401 `ORDERS.BAD_SIGNATURE`). The shipment is found by ' +
          'tracking number (and carrier when given): 404 otherwise. A replayed event id answers `duplicate: true` and changes nothing.',
        tags, body: CarrierEventBody, response: { 200: CarrierEventResponse, 400: problem, 401: problem, 404: problem, 409: problem },
      },
    }, async (request) => {
      const header = request.headers[SIGNATURE_HEADER];
      return tracking.fromCarrier(rawBody(request), Array.isArray(header) ? header[0] : header, request.body);
    });
  });
  server.addSchema(OrderSchema);

  // Staff limited to some sites: an order of another site does not exist for them (every
  // `/api/admin/orders/:id…` route).
  server.addHook('preHandler', async (request) => {
    if (!request.user?.sites || !request.routeOptions.url?.startsWith('/api/admin/orders/:id')) return;
    const { id } = request.params as { id: string };
    const site = await reads.siteOf(id);
    if (site !== null && !staffSeesAny(request.user, [site])) throw OrdersErrors.notFound(id);
  });

  const access = (request: { user: AuthUser | null; headers: Record<string, unknown> }) => ({
    userId: request.user?.id ?? null,
    // Staff limited to some sites read orders through the back office's routes (checked there).
    canReadAll: !!request.user && hasPermission(request.user, 'orders:read') && !request.user.sites,
    token: typeof request.headers['x-order-token'] === 'string' ? (request.headers['x-order-token'] as string) : null,
  });

  server.get('/api/orders', {
    config: { auth: 'required' },
    schema: { summary: "The signed-in customer's orders, newest first", tags, querystring: PageQuery, response: { 200: Type.Object({ data: Type.Array(orderRef), pagination: Pagination }) } },
  }, async (request) => reads.listForCustomer(request.user!.id, request.query.page, request.query.limit));

  server.get('/api/orders/:id', {
    schema: {
      summary: 'One order: its owner, staff with orders:read, or a guest sending the order token in X-Order-Token',
      tags, params: OrderIdParams, headers: Type.Object({ 'x-order-token': Type.Optional(Type.String({ maxLength: 200 })) }),
      response: { 200: orderRef, 404: problem },
    },
  }, async (request) => reads.getFor(request.params.id, access(request)));

  server.get('/api/orders/:id/returns', {
    schema: {
      summary: 'The returns (RMAs) of one order, oldest first: what was authorized, whether the parcel was received and the refund it made',
      description: 'Access as for the order: its owner, staff with orders:read, or a guest sending the order token in X-Order-Token; otherwise 404 ORDERS.NOT_FOUND.',
      tags, params: OrderIdParams, headers: Type.Object({ 'x-order-token': Type.Optional(Type.String({ maxLength: 200 })) }),
      response: { 200: Type.Object({ data: Type.Array(ReturnSchema) }), 404: problem },
    },
  }, async (request) => {
    await reads.getFor(request.params.id, access(request));
    return { data: await returns.listForOrder(request.params.id) };
  });

  server.post('/api/orders/:id/cancel', {
    schema: {
      summary: 'Cancel my order before it is processed (stock, promotion use and payment are given back)',
      tags, params: OrderIdParams, response: { 200: orderRef, 404: problem, 409: problem },
    },
  }, async (request) => {
    const { userId, token } = access(request);
    await reads.getFor(request.params.id, { userId, token, canReadAll: false });
    return lifecycle.cancel(request.params.id, 'customer_request', userId ?? 'guest', { byCustomer: true });
  });

  server.get('/api/admin/orders', {
    config: { permission: 'orders:read' },
    schema: {
      summary: 'Orders with search (number, e-mail, name), named views, filters (status, date range, customer, total range, source), sorted and paginated',
      tags, querystring: AdminOrderQuery, response: { 200: Type.Object({ data: Type.Array(orderRef), pagination: Pagination }), 400: problem },
    },
  }, async (request) => reads.listAdmin(request.query, staffSites(request.user, request.query.site)));

  server.get('/api/admin/orders/export', {
    config: { permission: 'orders:read' },
    schema: {
      summary: 'The order list as CSV (same search, view, filters and sort as GET /api/admin/orders, every page), streamed',
      description:
        `One line per order: ${ORDER_CSV_HEADER.join(', ')}. Money in major units of \`currency\` (\`19.99\`), times ISO 8601 UTC. ` +
        'Text cells starting with = + - @ tab or CR are prefixed with \' (OWASP CSV injection). Read from the database in batches while it is sent.',
      tags, querystring: AdminOrderExportQuery, produces: ['text/csv'], response: { 200: CsvResponse, 400: problem },
    },
  }, async (request, reply) => {
    const batches = (async function* () {
      for await (const batch of reads.exportRows(request.query, EXPORT_BATCH_SIZE, staffSites(request.user, request.query.site))) {
        yield batch.map(({ row: o, lineCount }) => {
          const m = (amount: number) => majorUnits(amount, o.currency);
          return [o.number, o.placedAt.toISOString(), o.status, o.email, nameOf(o.shippingAddress), o.shippingAddress?.country ?? o.country, lineCount, o.currency,
            m(o.subtotal), m(o.discount), m(o.shipping), m(o.tax), m(o.total), o.paymentMethod, o.source, o.id];
        });
      }
    })();
    return sendCsv(reply, `orders-${new Date().toISOString().slice(0, 10)}.csv`, ORDER_CSV_HEADER, batches);
  });

  server.get('/api/admin/orders/overview', {
    config: { permission: 'orders:read' },
    schema: {
      summary: "The dashboard's order figures: today, yesterday, this and last month (with a daily series), orders to fulfil and awaiting payment, the latest orders",
      description:
        'Answers an `ETag`; polling with `If-None-Match` answers 304 (no body) until an order is placed or changes the figures. ' +
        'Days and months are those of `timeZone`; cancelled orders are left out of the counts and revenue.',
      tags, querystring: OverviewQuery, response: { 200: OverviewSchema, 304: NotModifiedResponse, 400: problem },
    },
  }, async (request, reply) => sendWithEtag(request, reply, await reads.overview(request.query.timeZone, request.query.currency, staffSites(request.user))));

  server.get('/api/admin/orders/summary', {
    config: { permission: 'orders:read' },
    schema: {
      summary: 'Orders, revenue and average order value between two instants (cancelled orders excluded)',
      tags,
      querystring: Type.Object({ from: Type.String({ format: 'date-time' }), to: Type.String({ format: 'date-time' }), currency: Type.String({ pattern: '^[A-Z]{3}$', default: 'GBP' }) }),
      response: { 200: Type.Object({ orders: Type.Integer(), revenue: Money, averageOrderValue: Money }), 400: problem },
    },
  }, async (request) => reads.summary(new Date(request.query.from), new Date(request.query.to), request.query.currency, staffSites(request.user)));

  server.get('/api/admin/orders/:id', {
    config: { permission: 'orders:read' },
    schema: {
      summary: "One order with lines, shipments, refunds and its history in words: staff names, staff's notes and tags, the customer's order count and lifetime value",
      tags, params: OrderIdParams, response: { 200: orderRef, 404: problem },
    },
  }, async (request) => reads.getAdmin(request.params.id, people));

  server.post('/api/admin/orders/:id/transitions', {
    config: { permission: 'orders:write' },
    schema: {
      summary: 'Move an order along its lifecycle; illegal transitions answer 409 ORDERS.ILLEGAL_TRANSITION, confirming without an authorized or recorded payment 409 ORDERS.PAYMENT_REQUIRED',
      description: 'Cancelling needs a `reason` (400 `ORDERS.REASON_REQUIRED`), recorded in the history; the customer is mailed only with `notifyCustomer: true`.',
      tags, params: OrderIdParams, body: TransitionBody, response: { 200: orderRef, 400: problem, 404: problem, 409: problem },
    },
  }, async (request) => lifecycle.transition(request.params.id, request.body.to, request.body.reason ?? null, request.user!.id, request.body.notifyCustomer ?? false));

  server.post('/api/admin/orders/:id/payment-received', {
    config: { permission: 'orders:write' },
    schema: {
      summary: 'Mark the payment of an offline-paid order received (bank transfer, cash on delivery, pay in store): records it and confirms an order awaiting payment',
      description:
        'Records a captured payment of the order total by the order\'s offline method, with the optional `reference` (e.g. the bank statement line), ' +
        'and moves an `awaiting_payment` order to `confirmed` (its history names the payment and who recorded it). Repeating it changes nothing. ' +
        '409 `ORDERS.NOT_OFFLINE` for an order paid through a provider, 409 `ORDERS.ILLEGAL_TRANSITION` for a cancelled one.',
      tags, params: OrderIdParams, body: PaymentReceivedBody, response: { 200: orderRef, 404: problem, 409: problem },
    },
  }, async (request) => lifecycle.markPaymentReceived(request.params.id, request.body?.reference ?? null, request.user!.id));

  server.post('/api/admin/orders/:id/shipments', {
    config: { permission: 'orders:write' },
    schema: { summary: 'Ship lines (all remaining by default) with carrier and tracking; the order becomes shipped (409 ORDERS.PAYMENT_REQUIRED unless captured in full or cash on delivery)', tags, params: OrderIdParams, body: ShipmentBody, response: { 201: orderRef, 404: problem, 409: problem } },
  }, async (request, reply) => reply.status(201).send(await lifecycle.ship(request.params.id, request.body, request.user!.id)));

  server.post('/api/admin/orders/:id/shipments/:shipmentId/deliver', {
    config: { permission: 'orders:write' },
    schema: {
      summary: 'Mark a shipment delivered; the order is delivered when all its shipments are',
      tags, params: Type.Object({ id: Type.String({ maxLength: 64 }), shipmentId: Type.String({ maxLength: 64 }) }), response: { 200: orderRef, 404: problem },
    },
  }, async (request) => lifecycle.deliverShipment(request.params.id, request.params.shipmentId, request.user!.id));

  const ShipmentParams = Type.Object({ id: Type.String({ maxLength: 64 }), shipmentId: Type.String({ maxLength: 64 }) });
  server.post('/api/admin/orders/:id/shipments/:shipmentId/tracking', {
    config: { permission: 'orders:write' },
    schema: {
      summary: "Record a shipment's tracking status (in transit, out for delivery, delivered, exception) on its timeline",
      description: '`delivered` is final (a later update answers 409 `ORDERS.SHIPMENT_DELIVERED`) and delivers the order once all its shipments are. Publishes `order.shipment_tracked` (the customer gets a mail on out_for_delivery and exception).',
      tags, params: ShipmentParams, body: TrackingBody, response: { 200: orderRef, 400: problem, 404: problem, 409: problem },
    },
  }, async (request) => tracking.update(request.params.id, request.params.shipmentId, request.body, request.user!.id));

  const money = (amount: number, currency: string) => ({ amount, currency });
  const quoteDto = (q: RefundQuote, currency: string) => ({
    lines: q.lines.map((l) => ({ sku: l.sku, title: l.title, quantity: l.quantity, amount: money(l.amount, currency) })),
    shipping: money(q.shipping, currency), amount: money(q.amount, currency),
  });
  server.post('/api/admin/orders/:id/refunds/quote', {
    config: { permission: 'orders:write' },
    schema: {
      summary: 'What a refund of lines and shipping would give back (nothing is refunded): per line and in total, in minor units',
      tags, params: OrderIdParams, body: RefundQuoteBody, response: { 200: RefundQuoteSchema, 400: problem, 404: problem, 409: problem },
    },
  }, async (request) => {
    const order = await reads.get(request.params.id);
    const quote = await lifecycle.quoteRefund(request.params.id, { lines: request.body.lines ?? [], shipping: request.body.shipping ?? false });
    return quoteDto(quote, order.currency);
  });

  const refunded = Type.Object({ payment: PaymentSchema, refund: RefundSchema, order: orderRef });
  server.post('/api/admin/orders/:id/refunds', {
    config: { permission: 'orders:write' },
    schema: {
      summary: 'Refund lines (by quantity, optionally restocked), the shipping charge, or an amount; never more than captured; optional Idempotency-Key makes retries safe',
      description:
        'Give `lines` (SKU and units) and/or `shipping: true`: the server computes the amount from the order (a line\'s units never give back more ' +
        'than the line\'s total, in any number of refunds; shipping at most once), `restock: true` puts the units back into stock. Or give a bare `amount` ' +
        '(minor units, without lines). `reason` is told to the customer (refund mail), `note` stays with staff. Answers 201 with the payment, its ' +
        'new refund and the order. With an `Idempotency-Key` header (1–255 printable ASCII characters, e.g. a UUID per refund the user submits), ' +
        'repeating the same request answers 200 with the refund the first request made, and refunds nothing again, even when the requests run ' +
        'concurrently; the same key with another request answers 422 `IDEMPOTENCY.KEY_REUSED`. Without the header, every request is a new refund. ' +
        'Concurrent refunds never give back more than was captured, per line or in total (409 `ORDERS.REFUND_EXCEEDS`, `ORDERS.REFUND_CONFLICT`, ' +
        '`PAYMENTS.REFUND_EXCEEDS_CAPTURED`).',
      tags, params: OrderIdParams, headers: Type.Object({ 'idempotency-key': Type.Optional(IdempotencyKeyHeader) }), body: RefundBody,
      response: { 200: refunded, 201: refunded, 400: problem, 404: problem, 409: problem, 422: problem },
    },
  }, async (request, reply) => {
    const { id } = request.params;
    const key = request.headers['idempotency-key'];
    const idempotency = key === undefined ? undefined : { key, requestHash: requestHash({ orderId: id, ...request.body }) };
    const result = await lifecycle.refund(id, request.body, request.user!.id, idempotency);
    return reply.status(result.replayed ? 200 : 201).send({ payment: result.payment, refund: result.refund, order: result.order });
  });

  server.post('/api/admin/orders/:id/notes', {
    config: { permission: 'orders:write' },
    schema: { summary: 'Add a staff note on an order (never shown to the customer); answers the order as the back office reads it', tags, params: OrderIdParams, body: StaffNoteBody, response: { 201: orderRef, 400: problem, 404: problem } },
  }, async (request, reply) => {
    await lifecycle.addNote(request.params.id, request.body.body, request.user!.id);
    return reply.status(201).send(await reads.getAdmin(request.params.id, people));
  });

  server.put('/api/admin/orders/:id/tags', {
    config: { permission: 'orders:write' },
    schema: { summary: "Replace staff's tags on an order (stored lower case, unique, sorted); answers the order as the back office reads it", tags, params: OrderIdParams, body: StaffTagsBody, response: { 200: orderRef, 400: problem, 404: problem } },
  }, async (request) => {
    await lifecycle.setTags(request.params.id, request.body.tags);
    return reads.getAdmin(request.params.id, people);
  });
}
