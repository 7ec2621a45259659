/**
 * Stripe API object shapes for the local Stripe stand-in (stripe-standin.ts), copied from
 * Stripe's published OpenAPI fixtures: github.com/stripe/openapi, file `openapi/fixtures3.json`
 * (commit f6c2a48f, "resources" → `payment_intent`, `charge`, `refund`, `event`). Only the
 * `charge` fixture's deprecated `source` member is left out, and the event's `data.object`
 * (a `plan` in the fixture) is emptied: the stand-in fills in a PaymentIntent. The stand-in
 * overrides the members that carry state (ids, amounts, status, …) and keeps the others as
 * the fixture has them, so the SDK parses responses of Stripe's real shape.
 */

/** `resources.payment_intent` of fixtures3.json. */
export const PAYMENT_INTENT_FIXTURE: Record<string, unknown> = {
  "amount": 1099,
  "amount_capturable": 0,
  "amount_details": {
    "tip": {}
  },
  "amount_received": 0,
  "application": null,
  "application_fee_amount": null,
  "automatic_payment_methods": {
    "enabled": true
  },
  "canceled_at": 1234567890,
  "cancellation_reason": null,
  "capture_method": "automatic",
  "client_secret": "pi_1PgafyB7WZ01zgkWSjxsAJo3_secret_Dm43xiq1k0ywrRRjDoi8y1gkM",
  "confirmation_method": "automatic",
  "created": 1234567890,
  "currency": "usd",
  "customer": null,
  "description": null,
  "id": "pi_1PgafyB7WZ01zgkWSjxsAJo3",
  "last_payment_error": {
    "type": "idempotency_error"
  },
  "latest_charge": null,
  "livemode": false,
  "metadata": {},
  "next_action": {
    "type": "type"
  },
  "object": "payment_intent",
  "on_behalf_of": null,
  "payment_method": null,
  "payment_method_configuration_details": {
    "id": "obj_123",
    "parent": null
  },
  "payment_method_options": {},
  "payment_method_types": [
    "card"
  ],
  "processing": {
    "type": "card"
  },
  "receipt_email": null,
  "review": null,
  "setup_future_usage": null,
  "shipping": {},
  "statement_descriptor": null,
  "statement_descriptor_suffix": null,
  "status": "requires_payment_method",
  "transfer_data": {
    "destination": {
      "id": "obj_123",
      "object": "account"
    }
  },
  "transfer_group": null,
  "source": null,
  "excluded_payment_method_types": null,
  "customer_account": null,
  "managed_payments": {
    "enabled": true
  }
};

/** `resources.charge` of fixtures3.json. */
export const CHARGE_FIXTURE: Record<string, unknown> = {
  "amount": 100,
  "amount_captured": 0,
  "amount_refunded": 0,
  "application": null,
  "application_fee": null,
  "application_fee_amount": null,
  "balance_transaction": "txn_1PgaxNB7WZ01zgkWEV3TLf40",
  "billing_details": {
    "address": {
      "city": null,
      "country": null,
      "line1": null,
      "line2": null,
      "postal_code": null,
      "state": null
    },
    "email": null,
    "name": "Jenny Rosen",
    "phone": null,
    "tax_id": null
  },
  "calculated_statement_descriptor": null,
  "captured": false,
  "created": 1234567890,
  "currency": "usd",
  "customer": null,
  "description": "My First Test Charge (created for API docs)",
  "disputed": false,
  "failure_balance_transaction": null,
  "failure_code": null,
  "failure_message": null,
  "fraud_details": {},
  "id": "ch_1PgafuB7WZ01zgkWXYmPNZs8",
  "livemode": false,
  "metadata": {},
  "object": "charge",
  "on_behalf_of": null,
  "outcome": {
    "advice_code": null,
    "network_advice_code": null,
    "network_decline_code": null,
    "network_status": null,
    "reason": null,
    "seller_message": null,
    "type": "type"
  },
  "paid": true,
  "payment_intent": null,
  "payment_method": "card_1PgaftB7WZ01zgkWm3waTcFp",
  "payment_method_details": {
    "card": {
      "amount_authorized": null,
      "brand": "visa",
      "checks": {
        "address_line1_check": null,
        "address_postal_code_check": null,
        "cvc_check": "pass"
      },
      "country": "US",
      "exp_month": 8,
      "exp_year": 2030,
      "extended_authorization": {
        "status": "disabled"
      },
      "fingerprint": "AOB934RVNwzk6xtn",
      "funding": "credit",
      "incremental_authorization": {
        "status": "unavailable"
      },
      "installments": {
        "plan": {
          "count": null,
          "interval": null,
          "type": "fixed_count"
        }
      },
      "last4": "4242",
      "mandate": null,
      "multicapture": {
        "status": "unavailable"
      },
      "network": "visa",
      "network_token": {
        "used": false
      },
      "overcapture": {
        "maximum_amount_capturable": 100,
        "status": "unavailable"
      },
      "three_d_secure": {
        "authentication_flow": null,
        "electronic_commerce_indicator": null,
        "exemption_indicator": null,
        "result": null,
        "result_reason": null,
        "transaction_id": null,
        "version": null
      },
      "wallet": {
        "dynamic_last4": null,
        "type": "link"
      },
      "authorization_code": null,
      "regulated_status": null,
      "network_transaction_id": null,
      "transaction_link_id": null
    },
    "type": "card"
  },
  "receipt_email": null,
  "receipt_number": null,
  "receipt_url": "https://sangeekp-15t6ai--manage-mydev.dev.stripe.me/receipts/payment/CAcaFwoVYWNjdF8xUGdhZlRCN1daMDF6Z2tXKI_ei7UGMgZv2S_KfiY6LCJrxC7awazgQA9I88krZKw5uuCkZ5Nup2tomEtAbSpdfzjVZHO3ZYP5KFZP",
  "refunded": false,
  "refunds": {
    "data": [],
    "has_more": false,
    "object": "list",
    "url": "/v1/charges/ch_1PgafuB7WZ01zgkWXYmPNZs8/refunds"
  },
  "review": null,
  "shipping": {},
  "source_transfer": null,
  "statement_descriptor": null,
  "statement_descriptor_suffix": null,
  "status": "succeeded",
  "transfer_data": {
    "amount": null,
    "destination": {
      "id": "obj_123",
      "object": "account"
    }
  },
  "transfer_group": null
};

/** `resources.refund` of fixtures3.json. */
export const REFUND_FIXTURE: Record<string, unknown> = {
  "amount": 100,
  "balance_transaction": null,
  "charge": "ch_1PgafuB7WZ01zgkWXYmPNZs8",
  "created": 1234567890,
  "currency": "usd",
  "destination_details": {
    "card": {
      "type": "reversal"
    },
    "type": "card"
  },
  "id": "re_1Pgc72B7WZ01zgkWqPvrRrPE",
  "metadata": {},
  "object": "refund",
  "payment_intent": null,
  "reason": null,
  "receipt_number": null,
  "source_transfer_reversal": null,
  "status": "succeeded",
  "transfer_reversal": null,
  "customer": null,
  "customer_account": null,
  "payment_method": null
};

/** `resources.event` of fixtures3.json. */
export const EVENT_FIXTURE: Record<string, unknown> = {
  "api_version": null,
  "created": 1234567890,
  "data": {
    "object": {}
  },
  "id": "evt_1Pgc76B7WZ01zgkWwyRHS12y",
  "livemode": false,
  "object": "event",
  "pending_webhooks": 0,
  "request": {
    "id": null,
    "idempotency_key": null
  },
  "type": "plan.created"
};
