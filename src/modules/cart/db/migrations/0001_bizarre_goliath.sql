DROP INDEX "cart"."cart_user_active_uq";--> statement-breakpoint
ALTER TABLE "cart"."cart" ADD COLUMN "site" text DEFAULT 'default' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "cart_user_site_active_uq" ON "cart"."cart" USING btree ("user_id","site") WHERE status = 'active' and user_id is not null;