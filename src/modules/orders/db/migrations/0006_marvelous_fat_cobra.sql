CREATE TABLE "orders"."return_authorization" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"status" text DEFAULT 'authorized' NOT NULL,
	"lines" jsonb NOT NULL,
	"reason" text NOT NULL,
	"reference" text,
	"actor" text,
	"refund_id" text,
	"received_by" text,
	"received_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "return_authorization_status_ck" CHECK ("orders"."return_authorization"."status" in ('authorized', 'received'))
);
--> statement-breakpoint
ALTER TABLE "orders"."return_authorization" ADD CONSTRAINT "return_authorization_order_id_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "orders"."order"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "return_authorization_order_idx" ON "orders"."return_authorization" USING btree ("order_id","created_at");