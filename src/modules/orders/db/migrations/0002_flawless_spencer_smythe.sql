ALTER TABLE "orders"."order" ADD COLUMN "payment_method" text;--> statement-breakpoint
ALTER TABLE "orders"."order" ADD COLUMN "bank_details" jsonb;--> statement-breakpoint
CREATE INDEX "order_awaiting_payment_idx" ON "orders"."order" USING btree ("payment_method","placed_at") WHERE status = 'awaiting_payment';