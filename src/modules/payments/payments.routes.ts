import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { HttpServer } from '../../platform/http/server.js';
import { keepRawJsonBodies } from '../../platform/http/raw-body.js';
import type { PaymentsService } from './payments.service.js';
import type { PaymentMethods } from './payments.methods.js';
import { PaymentListQuery, PaymentListResponse, PaymentMethodListResponse, WebhookBody, WebhookParams, WebhookResponse } from './payments.schemas.js';
import { SIGNATURE_HEADER } from '../../platform/http/signature.js';

const tags = ['payments'];
const problem = { $ref: 'Problem#' };

/**
 * Registers the payments routes:
 * - `GET /api/payment-methods` (public): the payment methods the shop offers, enabled by configuration;
 * - `GET /api/admin/payments` (permission `orders:read`): payments newest first, filtered by
 *   `orderId` and/or `status`, paginated;
 * - `POST /api/payments/webhooks/{provider}` (public, signed): provider events. It lives in its
 *   own encapsulated plugin whose JSON parser keeps the raw body bytes, which the HMAC signature
 *   covers; the parser is Fastify's own (same errors, same prototype-poisoning protection).
 */
export async function paymentsRoutes(server: HttpServer, service: PaymentsService, methods: PaymentMethods): Promise<void> {
  server.get('/api/payment-methods', {
    schema: {
      summary: 'The payment methods offered at checkout (enabled by configuration), in the order to offer them',
      tags, response: { 200: PaymentMethodListResponse },
    },
  }, async () => ({ items: methods.list() }));

  server.get('/api/admin/payments', {
    config: { permission: 'orders:read' },
    schema: {
      summary: 'Payments (with refunds), newest first; filter by order and status',
      tags, querystring: PaymentListQuery,
      response: { 200: PaymentListResponse, 400: problem },
    },
  }, async (request) => service.list(request.query));

  await server.register(async (plugin) => {
    const scope = plugin.withTypeProvider<TypeBoxTypeProvider>();
    const rawBody = keepRawJsonBodies(scope);

    scope.post('/api/payments/webhooks/:provider', {
      schema: {
        summary: 'Provider webhook: signed event (payment.captured | payment.failed | payment.refunded), applied once',
        description:
          'Header `comptoir-signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` with the webhook secret ' +
          '(`PAYMENTS_WEBHOOK_SECRET`, else generated into the data dir); timestamps more than 5 minutes away are refused. ' +
          'A replayed event id answers `duplicate: true` and changes nothing; so does a payment.refunded whose `data.providerRefundRef` ' +
          'names a refund already recorded for the payment (e.g. the echo of a refund made through the API). Without a refund reference, ' +
          'a payment.refunded is applied as a new refund.',
        tags, params: WebhookParams, body: WebhookBody,
        response: { 200: WebhookResponse, 400: problem, 401: problem, 404: problem, 409: problem },
      },
    }, async (request) => {
      const header = request.headers[SIGNATURE_HEADER];
      return service.handleWebhook(request.params.provider, rawBody(request), Array.isArray(header) ? header[0] : header, request.body);
    });
  });
}
