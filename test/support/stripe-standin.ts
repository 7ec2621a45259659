/**
 * A local stand-in for the few Stripe API endpoints the Stripe adapter
 * (src/modules/payments/providers/stripe.ts) uses, started for real on a loopback port so the
 * official `stripe` SDK talks HTTP to it (`STRIPE_API_BASE`). There is no network here: this is
 * NOT Stripe, and covers only what is listed below.
 *
 * Endpoints (form-encoded bodies as the SDK sends them, JSON answers):
 * - `POST /v1/payment_intents` (amount, currency, capture_method, metadata[…]);
 * - `GET /v1/payment_intents/:id` (`expand[]=latest_charge` embeds the charge);
 * - `POST /v1/payment_intents/:id/confirm` (`payment_method` = `pm_card_visa` | `pm_card_visa_chargeDeclined`
 *   | `pm_card_chargeDeclinedInsufficientFunds` | `pm_card_authenticationRequired`, or
 *   `payment_method_data[card][number]` with Stripe's test card numbers 4242…, 4000…0002,
 *   4000…9995, 4000 0025 0000 3155 (3-D Secure required));
 * - `POST /v1/payment_intents/:id/capture` (amount_to_capture), `POST /v1/payment_intents/:id/cancel`;
 * - `POST /v1/refunds` (payment_intent, amount);
 * - stand-in only (not Stripe): `POST /v1/payment_intents/:id/authenticate` completes a pending
 *   3-D Secure challenge (`result=fail` fails it), and `GET /v3/` serves a minimal mock of
 *   Stripe.js (`Stripe(pk).elements().create('card')`, `confirmCardPayment(clientSecret, …)`).
 * Secret-key requests need `Authorization: Bearer <secretKey>`; the browser's confirm and read
 * need the publishable key and the PaymentIntent's `client_secret`, as with Stripe.js.
 * `Idempotency-Key` is honoured like Stripe does: the same key and request answer the first
 * response again (header `Idempotent-Replayed: true`); the same key with other parameters is a
 * 400 `idempotency_error`.
 *
 * State changes raise the events Stripe sends (`payment_intent.amount_capturable_updated` when a
 * manual-capture PaymentIntent is authorized, `payment_intent.succeeded` when captured,
 * `payment_intent.payment_failed`, `payment_intent.requires_action`, `payment_intent.canceled`,
 * `charge.refunded`), signed with the SDK's `stripe.webhooks.generateTestHeaderString` and POSTed
 * to `webhookUrl`: at once (`autoDeliver`), or when the test calls {@link StripeStandIn.deliver}.
 *
 * Response bodies start from Stripe's published OpenAPI fixtures (stripe-fixtures.ts, from
 * github.com/stripe/openapi `openapi/fixtures3.json`); error bodies follow the SDK's
 * `StripeRawError` (`{ error: { type, code, decline_code, message, param, payment_intent } }`).
 */
import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import Stripe from 'stripe';
import { CHARGE_FIXTURE, EVENT_FIXTURE, PAYMENT_INTENT_FIXTURE, REFUND_FIXTURE } from './stripe-fixtures.js';

/** Options of {@link startStripeStandIn}. */
export interface StripeStandInOptions {
  secretKey: string;
  publishableKey: string;
  webhookSecret: string;
  /** Where events are POSTed (our `/api/payments/webhooks/stripe`); none: events are only recorded. */
  webhookUrl?: string;
  /** Deliver each event as soon as it happens (default false: the test calls `deliver`). */
  autoDeliver?: boolean;
}

/** A Stripe event as sent, with its delivery answer once delivered. */
export interface StandInEvent {
  id: string;
  type: string;
  body: string;
  delivered?: { status: number; body: string };
}

/** The running stand-in. */
export interface StripeStandIn {
  /** `http://127.0.0.1:<port>`: give it to the app as `STRIPE_API_BASE`. */
  url: string;
  /** PaymentIntents by id, as the stand-in holds them (Stripe's shape). */
  intents: Map<string, Record<string, unknown>>;
  /** Every event raised, oldest first. */
  events: StandInEvent[];
  /** Every API request received (method, path, idempotency key), oldest first. */
  requests: { method: string; path: string; idempotencyKey: string | undefined }[];
  /** Confirms PaymentIntent `id` as a browser would with Stripe.js (publishable key + client secret). */
  confirmAsBrowser(id: string, paymentMethod: string): Promise<{ status: number; body: Record<string, unknown> }>;
  /** Delivers the undelivered events (all, or those `filter` picks), in order; answers them. */
  deliver(filter?: (e: StandInEvent) => boolean): Promise<StandInEvent[]>;
  /** Sets where events are POSTed (the app's URL is known once it listens). */
  setWebhookUrl(url: string): void;
  /** Makes the next `count` API requests answer 500 (a Stripe outage). */
  failNext(count: number): void;
  close(): Promise<void>;
}

type Obj = Record<string, unknown>;
const now = () => Math.floor(Date.now() / 1000);
const rid = (prefix: string) => `${prefix}_${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;

/** Stripe's test cards → what confirming with them does. */
const CARDS: Record<string, 'ok' | 'declined' | 'insufficient_funds' | '3ds'> = {
  pm_card_visa: 'ok', '4242424242424242': 'ok',
  pm_card_visa_chargeDeclined: 'declined', '4000000000000002': 'declined',
  pm_card_chargeDeclinedInsufficientFunds: 'insufficient_funds', '4000000000009995': 'insufficient_funds',
  pm_card_authenticationRequired: '3ds', '4000002500003155': '3ds',
};

/** Form body (bracket notation as the SDK encodes it) → flat map of `key` → value. */
function formFields(body: unknown): Map<string, string> {
  return new Map(new URLSearchParams(typeof body === 'string' ? body : '').entries());
}

/** `metadata[k]=v` fields → `{ k: v }`. */
function nested(fields: Map<string, string>, name: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of fields) {
    const m = new RegExp(`^${name}\\[([^\\]]+)\\]$`).exec(k);
    if (m) out[m[1]!] = v;
  }
  return out;
}

/** A Stripe error answer. */
function stripeError(reply: FastifyReply, status: number, error: Obj) {
  return reply.status(status).header('request-id', rid('req')).send({ error: { message: 'error', ...error } });
}

/** The stand-in's Stripe.js mock (served at `/v3/`): see the module docstring. */
const STRIPE_JS = (api: string) => `/* Comptoir's local MOCK of Stripe.js (test stand-in, not Stripe's script). */
(function () {
  var API = ${JSON.stringify(api)};
  function Stripe(pk) {
    var cards = [];
    function call(path, fields) {
      var body = new URLSearchParams(fields);
      return fetch(API + path, { method: 'POST', headers: { Authorization: 'Bearer ' + pk, 'Content-Type': 'application/x-www-form-urlencoded' }, body: body })
        .then(function (r) { return r.json(); });
    }
    return {
      elements: function () {
        return {
          create: function (type) {
            var input = document.createElement('input');
            input.setAttribute('aria-label', 'Card number');
            input.setAttribute('data-stripe-standin', type);
            input.setAttribute('inputmode', 'numeric');
            input.setAttribute('autocomplete', 'cc-number');
            var el = { input: input, mount: function (node) { (typeof node === 'string' ? document.querySelector(node) : node).appendChild(input); },
              unmount: function () { input.remove(); }, destroy: function () { input.remove(); }, on: function () {} };
            cards.push(el);
            return el;
          },
        };
      },
      confirmCardPayment: function (clientSecret, data) {
        var id = clientSecret.split('_secret_')[0];
        var el = data && data.payment_method && data.payment_method.card;
        var number = (el && el.input ? el.input.value : '').replace(/\\s+/g, '');
        var fields = { client_secret: clientSecret, 'payment_method_data[type]': 'card', 'payment_method_data[card][number]': number };
        return call('/v1/payment_intents/' + id + '/confirm', fields).then(function (pi) {
          if (pi.error) return { error: pi.error };
          if (pi.status === 'requires_action') {
            // Stands in for the 3-D Secure challenge Stripe.js would show: approved at once.
            return call('/v1/payment_intents/' + id + '/authenticate', { client_secret: clientSecret }).then(function (done) {
              return done.error ? { error: done.error } : { paymentIntent: done };
            });
          }
          return { paymentIntent: pi };
        });
      },
    };
  }
  window.Stripe = Stripe;
})();
`;

/**
 * Starts the stand-in on 127.0.0.1 (a free port).
 */
export async function startStripeStandIn(options: StripeStandInOptions): Promise<StripeStandIn> {
  const signer = new Stripe(options.secretKey);
  const intents = new Map<string, Obj>();
  const charges = new Map<string, Obj>();
  const refunds: Obj[] = [];
  const events: StandInEvent[] = [];
  const requests: StripeStandIn['requests'] = [];
  const idempotent = new Map<string, { fingerprint: string; status: number; body: unknown }>();
  let failures = 0;

  const deliverOne = async (event: StandInEvent) => {
    if (!options.webhookUrl) return;
    const header = signer.webhooks.generateTestHeaderString({ payload: event.body, secret: options.webhookSecret });
    const res = await fetch(options.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': header }, body: event.body });
    event.delivered = { status: res.status, body: await res.text() };
  };

  const raise = (type: string, object: Obj) => {
    const body = JSON.stringify({ ...EVENT_FIXTURE, id: rid('evt'), created: now(), type, data: { object: structuredClone(object) }, api_version: Stripe.API_VERSION, livemode: false });
    const event: StandInEvent = { id: (JSON.parse(body) as { id: string }).id, type, body };
    events.push(event);
    if (options.autoDeliver) void deliverOne(event).catch(() => undefined);
  };

  const app = Fastify({ logger: false });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.addHook('onRequest', async (request, reply) => {
    reply.header('access-control-allow-origin', '*').header('access-control-allow-headers', 'authorization, content-type');
    if (request.method === 'OPTIONS') return reply.status(204).send();
    if (request.url.startsWith('/v1/')) {
      requests.push({ method: request.method, path: request.url.split('?')[0]!, idempotencyKey: request.headers['idempotency-key'] as string | undefined });
      if (failures > 0) {
        failures--;
        return stripeError(reply, 500, { type: 'api_error', message: 'Stand-in outage' });
      }
    }
    return undefined;
  });

  /** Who calls: `secret` (the server's key), `client` (the publishable key, with a matching client_secret), or null. */
  const caller = (request: FastifyRequest, intent?: Obj): 'secret' | 'client' | null => {
    const key = (request.headers.authorization ?? '').replace(/^Bearer /, '');
    if (key === options.secretKey) return 'secret';
    if (key !== options.publishableKey || !intent) return null;
    const secret = formFields(request.body).get('client_secret') ?? new URL(request.url, 'http://x').searchParams.get('client_secret');
    return secret === intent.client_secret ? 'client' : null;
  };
  const unauthorized = (reply: FastifyReply) => stripeError(reply, 401, { type: 'invalid_request_error', message: 'Invalid API Key provided' });
  const missing = (reply: FastifyReply, id: string) =>
    stripeError(reply, 404, { type: 'invalid_request_error', code: 'resource_missing', param: 'intent', message: `No such payment_intent: '${id}'` });

  /** Runs `handler` once per Idempotency-Key (Stripe's semantics), replaying its answer. */
  const once = async (request: FastifyRequest, reply: FastifyReply, handler: () => Promise<{ status: number; body: unknown }>) => {
    const key = request.headers['idempotency-key'] as string | undefined;
    const fingerprint = `${request.method} ${request.url} ${typeof request.body === 'string' ? request.body : ''}`;
    if (key) {
      const seen = idempotent.get(key);
      if (seen && seen.fingerprint !== fingerprint) {
        return stripeError(reply, 400, { type: 'idempotency_error', message: `Keys for idempotent requests can only be used with the same parameters they were first used with.` });
      }
      if (seen) return reply.status(seen.status).header('idempotent-replayed', 'true').send(seen.body);
    }
    const answer = await handler();
    if (key && answer.status < 500) idempotent.set(key, { fingerprint, ...answer });
    return reply.status(answer.status).header('request-id', rid('req')).send(answer.body);
  };
  const error = (status: number, e: Obj) => ({ status, body: { error: { message: 'error', ...e } } });

  const view = (intent: Obj, expand: boolean) => {
    const copy = structuredClone(intent);
    if (expand && typeof copy.latest_charge === 'string') copy.latest_charge = structuredClone(charges.get(copy.latest_charge) ?? null);
    return copy;
  };

  app.post('/v1/payment_intents', async (request, reply) => {
    if (caller(request) !== 'secret') return unauthorized(reply);
    return once(request, reply, async () => {
      const f = formFields(request.body);
      const amount = Number(f.get('amount'));
      if (!Number.isInteger(amount) || amount < 1) return error(400, { type: 'invalid_request_error', code: 'parameter_invalid_integer', param: 'amount', message: 'Invalid integer' });
      const id = rid('pi');
      const intent: Obj = {
        ...structuredClone(PAYMENT_INTENT_FIXTURE), id, object: 'payment_intent', amount, amount_capturable: 0, amount_received: 0, canceled_at: null,
        capture_method: f.get('capture_method') ?? 'automatic_async', client_secret: `${id}_secret_${randomBytes(12).toString('hex')}`,
        created: now(), currency: f.get('currency') ?? 'usd', last_payment_error: null, latest_charge: null, metadata: nested(f, 'metadata'),
        next_action: null, payment_method: null, processing: null, status: 'requires_payment_method', automatic_payment_methods: null,
        payment_method_types: [f.get('allowed_payment_method_types[0]') ?? 'card'], transfer_data: null, payment_method_configuration_details: null,
      };
      intents.set(id, intent);
      return { status: 200, body: intent };
    });
  });

  app.get<{ Params: { id: string }; Querystring: Record<string, string> }>('/v1/payment_intents/:id', async (request, reply) => {
    const intent = intents.get(request.params.id);
    const who = caller(request, intent);
    if (!who) return intent ? unauthorized(reply) : missing(reply, request.params.id);
    if (!intent) return missing(reply, request.params.id);
    const expand = new URL(request.url, 'http://x').searchParams.getAll('expand[0]').includes('latest_charge') || request.url.includes('latest_charge');
    return view(intent, expand && who === 'secret');
  });

  /** The outcome of confirming `intent` with `card` (a test PaymentMethod id or card number). */
  const confirm = (intent: Obj, card: string) => {
    const outcome = CARDS[card.replace(/\s+/g, '')];
    if (!outcome) return error(402, { type: 'card_error', code: 'incorrect_number', param: 'number', message: 'Your card number is incorrect.' });
    if (!['requires_payment_method', 'requires_confirmation'].includes(intent.status as string)) {
      return error(400, { type: 'invalid_request_error', code: 'payment_intent_unexpected_state', message: `This PaymentIntent's status is ${String(intent.status)}`, payment_intent: intent });
    }
    intent.payment_method = card.startsWith('pm_') ? card : rid('pm');
    if (outcome === 'declined' || outcome === 'insufficient_funds') {
      const decline = outcome === 'declined' ? 'generic_decline' : 'insufficient_funds';
      intent.last_payment_error = { type: 'card_error', code: 'card_declined', decline_code: decline, message: outcome === 'declined' ? 'Your card was declined.' : 'Your card has insufficient funds.' };
      intent.status = 'requires_payment_method';
      raise('payment_intent.payment_failed', intent);
      return error(402, { ...(intent.last_payment_error as Obj), payment_intent: structuredClone(intent) });
    }
    if (outcome === '3ds') {
      intent.status = 'requires_action';
      intent.next_action = { type: 'use_stripe_sdk', use_stripe_sdk: { type: 'three_d_secure_redirect' } };
      raise('payment_intent.requires_action', intent);
      return { status: 200, body: structuredClone(intent) };
    }
    authorize(intent);
    return { status: 200, body: structuredClone(intent) };
  };

  /** Authorizes `intent` (a charge with the card's details): `requires_capture` for manual capture, else captured at once. */
  const authorize = (intent: Obj) => {
    const chargeId = rid('ch');
    const base = structuredClone(CHARGE_FIXTURE) as Obj & { payment_method_details: { card: Obj } };
    base.payment_method_details.card = { ...base.payment_method_details.card, brand: 'visa', last4: '4242' };
    const manual = String(intent.capture_method).startsWith('manual');
    charges.set(chargeId, {
      ...base, id: chargeId, amount: intent.amount, amount_captured: manual ? 0 : intent.amount, captured: !manual, currency: intent.currency,
      payment_intent: intent.id, created: now(), refunds: { object: 'list', data: [], has_more: false, url: `/v1/charges/${chargeId}/refunds` },
    });
    Object.assign(intent, { latest_charge: chargeId, next_action: null, last_payment_error: null });
    if (manual) {
      Object.assign(intent, { status: 'requires_capture', amount_capturable: intent.amount });
      raise('payment_intent.amount_capturable_updated', intent);
    } else {
      Object.assign(intent, { status: 'succeeded', amount_received: intent.amount });
      raise('payment_intent.succeeded', intent);
    }
  };

  app.post<{ Params: { id: string } }>('/v1/payment_intents/:id/confirm', async (request, reply) => {
    const intent = intents.get(request.params.id);
    if (!intent) return missing(reply, request.params.id);
    if (!caller(request, intent)) return unauthorized(reply);
    return once(request, reply, async () => {
      const f = formFields(request.body);
      return confirm(intent, f.get('payment_method') ?? f.get('payment_method_data[card][number]') ?? '');
    });
  });

  app.post<{ Params: { id: string } }>('/v1/payment_intents/:id/authenticate', async (request, reply) => {
    const intent = intents.get(request.params.id);
    if (!intent) return missing(reply, request.params.id);
    if (!caller(request, intent)) return unauthorized(reply);
    if (intent.status !== 'requires_action') return stripeError(reply, 400, { type: 'invalid_request_error', code: 'payment_intent_unexpected_state', message: 'Nothing to authenticate' });
    if (formFields(request.body).get('result') === 'fail') {
      Object.assign(intent, {
        status: 'requires_payment_method', next_action: null,
        last_payment_error: { type: 'card_error', code: 'payment_intent_authentication_failure', message: 'We are unable to authenticate your payment method.' },
      });
      raise('payment_intent.payment_failed', intent);
      return structuredClone(intent);
    }
    authorize(intent);
    return structuredClone(intent);
  });

  app.post<{ Params: { id: string } }>('/v1/payment_intents/:id/capture', async (request, reply) => {
    if (caller(request) !== 'secret') return unauthorized(reply);
    const intent = intents.get(request.params.id);
    if (!intent) return missing(reply, request.params.id);
    return once(request, reply, async () => {
      if (intent.status !== 'requires_capture') {
        return error(400, { type: 'invalid_request_error', code: 'payment_intent_unexpected_state', message: `This PaymentIntent could not be captured because it has a status of ${String(intent.status)}.` });
      }
      const amount = Number(formFields(request.body).get('amount_to_capture') ?? intent.amount_capturable);
      if (!Number.isInteger(amount) || amount < 1 || amount > (intent.amount_capturable as number)) {
        return error(400, { type: 'invalid_request_error', code: 'amount_too_large', param: 'amount_to_capture', message: 'The amount to capture is larger than what can be captured.' });
      }
      Object.assign(intent, { status: 'succeeded', amount_received: amount, amount_capturable: 0 });
      const charge = charges.get(intent.latest_charge as string);
      if (charge) Object.assign(charge, { captured: true, amount_captured: amount });
      raise('payment_intent.succeeded', intent);
      return { status: 200, body: structuredClone(intent) };
    });
  });

  app.post<{ Params: { id: string } }>('/v1/payment_intents/:id/cancel', async (request, reply) => {
    if (caller(request) !== 'secret') return unauthorized(reply);
    const intent = intents.get(request.params.id);
    if (!intent) return missing(reply, request.params.id);
    return once(request, reply, async () => {
      if (!['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action'].includes(intent.status as string)) {
        return error(400, { type: 'invalid_request_error', code: 'payment_intent_unexpected_state', message: `You cannot cancel this PaymentIntent because it has a status of ${String(intent.status)}.` });
      }
      Object.assign(intent, { status: 'canceled', canceled_at: now(), cancellation_reason: 'requested_by_customer', amount_capturable: 0 });
      raise('payment_intent.canceled', intent);
      return { status: 200, body: structuredClone(intent) };
    });
  });

  app.post('/v1/refunds', async (request, reply) => {
    if (caller(request) !== 'secret') return unauthorized(reply);
    return once(request, reply, async () => {
      const f = formFields(request.body);
      const intent = intents.get(f.get('payment_intent') ?? '');
      if (!intent) return error(404, { type: 'invalid_request_error', code: 'resource_missing', param: 'payment_intent', message: 'No such payment_intent' });
      const refunded = refunds.filter((r) => r.payment_intent === intent.id).reduce((n, r) => n + (r.amount as number), 0);
      const left = (intent.amount_received as number) - refunded;
      const amount = Number(f.get('amount') ?? left);
      if (intent.status !== 'succeeded' || !Number.isInteger(amount) || amount < 1 || amount > left) {
        return error(400, { type: 'invalid_request_error', code: 'charge_already_refunded', message: `Refund amount (${amount}) is greater than unrefunded amount on charge (${left})` });
      }
      const refund = { ...structuredClone(REFUND_FIXTURE), id: rid('re'), amount, charge: intent.latest_charge, currency: intent.currency, payment_intent: intent.id, created: now(), status: 'succeeded' };
      refunds.push(refund);
      const charge = charges.get(intent.latest_charge as string);
      if (charge) {
        Object.assign(charge, { amount_refunded: refunded + amount, refunded: refunded + amount === intent.amount_received });
        raise('charge.refunded', charge);
      }
      return { status: 200, body: refund };
    });
  });

  app.get('/v3/', async (request, reply) => {
    const host = `http://${request.headers.host ?? '127.0.0.1'}`;
    return reply.type('application/javascript').send(STRIPE_JS(host));
  });

  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: address,
    intents,
    events,
    requests,
    async confirmAsBrowser(id, paymentMethod) {
      const intent = intents.get(id);
      const res = await fetch(`${address}/v1/payment_intents/${id}/confirm`, {
        method: 'POST',
        headers: { authorization: `Bearer ${options.publishableKey}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_secret: String(intent?.client_secret ?? ''), payment_method: paymentMethod }).toString(),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    },
    async deliver(filter = () => true) {
      const chosen = events.filter((e) => !e.delivered && filter(e));
      for (const e of chosen) await deliverOne(e);
      return chosen;
    },
    setWebhookUrl(url) {
      options.webhookUrl = url;
    },
    failNext(count) {
      failures = count;
    },
    close: () => app.close(),
  };
}
