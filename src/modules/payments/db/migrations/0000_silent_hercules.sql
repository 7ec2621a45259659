CREATE SCHEMA "payments";
--> statement-breakpoint
CREATE TABLE "payments"."payment" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"provider" text NOT NULL,
	"provider_ref" text NOT NULL,
	"status" text NOT NULL,
	"amount" integer NOT NULL,
	"currency" text NOT NULL,
	"captured_amount" integer DEFAULT 0 NOT NULL,
	"refunded_amount" integer DEFAULT 0 NOT NULL,
	"failure_code" text,
	"failure_message" text,
	"card_brand" text,
	"card_last4" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payment_status_ck" CHECK ("payments"."payment"."status" in ('authorized', 'captured', 'partially_refunded', 'refunded', 'voided', 'failed')),
	CONSTRAINT "payment_amount_ck" CHECK ("payments"."payment"."amount" > 0),
	CONSTRAINT "payment_captured_ck" CHECK ("payments"."payment"."captured_amount" >= 0 and "payments"."payment"."captured_amount" <= "payments"."payment"."amount"),
	CONSTRAINT "payment_refunded_ck" CHECK ("payments"."payment"."refunded_amount" >= 0 and "payments"."payment"."refunded_amount" <= "payments"."payment"."captured_amount"),
	CONSTRAINT "payment_last4_ck" CHECK ("payments"."payment"."card_last4" is null or "payments"."payment"."card_last4" ~ '^[0-9]{4}$')
);
--> statement-breakpoint
CREATE TABLE "payments"."refund" (
	"id" text PRIMARY KEY NOT NULL,
	"payment_id" text NOT NULL,
	"amount" integer NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text,
	CONSTRAINT "refund_amount_ck" CHECK ("payments"."refund"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "payments"."webhook_event" (
	"provider" text NOT NULL,
	"event_id" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"payload" jsonb NOT NULL,
	CONSTRAINT "webhook_event_provider_event_id_pk" PRIMARY KEY("provider","event_id")
);
--> statement-breakpoint
ALTER TABLE "payments"."refund" ADD CONSTRAINT "refund_payment_id_payment_id_fk" FOREIGN KEY ("payment_id") REFERENCES "payments"."payment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "payment_order_active_uq" ON "payments"."payment" USING btree ("order_id") WHERE status <> 'failed';--> statement-breakpoint
CREATE INDEX "payment_order_idx" ON "payments"."payment" USING btree ("order_id","created_at");--> statement-breakpoint
CREATE INDEX "payment_provider_ref_idx" ON "payments"."payment" USING btree ("provider","provider_ref");--> statement-breakpoint
CREATE INDEX "payment_created_idx" ON "payments"."payment" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "refund_payment_idx" ON "payments"."refund" USING btree ("payment_id","created_at");