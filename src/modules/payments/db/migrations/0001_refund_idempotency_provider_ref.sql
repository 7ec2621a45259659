ALTER TABLE "payments"."refund" ADD COLUMN "idempotency_key" text;--> statement-breakpoint
ALTER TABLE "payments"."refund" ADD COLUMN "request_hash" text;--> statement-breakpoint
ALTER TABLE "payments"."refund" ADD COLUMN "provider_ref" text;--> statement-breakpoint
CREATE UNIQUE INDEX "refund_idempotency_key_uq" ON "payments"."refund" USING btree ("idempotency_key") WHERE idempotency_key is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "refund_provider_ref_uq" ON "payments"."refund" USING btree ("payment_id","provider_ref") WHERE provider_ref is not null;