ALTER TABLE "orders"."return_authorization" ADD COLUMN "receive_key" text;--> statement-breakpoint
ALTER TABLE "orders"."return_authorization" ADD COLUMN "receive_request_hash" text;--> statement-breakpoint
CREATE UNIQUE INDEX "return_authorization_receive_key_uq" ON "orders"."return_authorization" USING btree ("receive_key");