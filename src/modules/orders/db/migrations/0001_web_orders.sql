CREATE SEQUENCE "orders"."order_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 100001 CACHE 1;--> statement-breakpoint
CREATE TABLE "orders"."idempotency_key" (
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"order_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_key_scope_key_pk" PRIMARY KEY("scope","key")
);
--> statement-breakpoint
CREATE TABLE "orders"."shipment" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"carrier" text NOT NULL,
	"tracking_number" text NOT NULL,
	"lines" jsonb NOT NULL,
	"status" text DEFAULT 'shipped' NOT NULL,
	"shipped_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	"actor" text
);
--> statement-breakpoint
CREATE TABLE "orders"."status_history" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"reason" text,
	"actor" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "orders"."order" ADD COLUMN "locale" text DEFAULT 'en' NOT NULL;--> statement-breakpoint
ALTER TABLE "orders"."order" ADD COLUMN "discount" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "orders"."order" ADD COLUMN "shipping" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "orders"."order" ADD COLUMN "tax" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "orders"."order" ADD COLUMN "promotion_code" text;--> statement-breakpoint
ALTER TABLE "orders"."order" ADD COLUMN "shipping_method_id" text;--> statement-breakpoint
ALTER TABLE "orders"."order" ADD COLUMN "shipping_method_name" text;--> statement-breakpoint
ALTER TABLE "orders"."order" ADD COLUMN "shipping_address" jsonb;--> statement-breakpoint
ALTER TABLE "orders"."order" ADD COLUMN "billing_address" jsonb;--> statement-breakpoint
ALTER TABLE "orders"."order" ADD COLUMN "cart_id" text;--> statement-breakpoint
ALTER TABLE "orders"."order" ADD COLUMN "access_token_hash" text;--> statement-breakpoint
ALTER TABLE "orders"."order" ADD COLUMN "cancel_reason" text;--> statement-breakpoint
ALTER TABLE "orders"."order_line" ADD COLUMN "discount" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "orders"."shipment" ADD CONSTRAINT "shipment_order_id_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "orders"."order"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders"."status_history" ADD CONSTRAINT "status_history_order_id_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "orders"."order"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "shipment_order_idx" ON "orders"."shipment" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "status_history_order_idx" ON "orders"."status_history" USING btree ("order_id","created_at");--> statement-breakpoint
CREATE INDEX "order_status_placed_idx" ON "orders"."order" USING btree ("status","placed_at");