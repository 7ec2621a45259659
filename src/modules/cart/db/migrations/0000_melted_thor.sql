CREATE SCHEMA "cart";
--> statement-breakpoint
CREATE TABLE "cart"."cart" (
	"id" text PRIMARY KEY NOT NULL,
	"token_hash" text,
	"user_id" text,
	"status" text DEFAULT 'active' NOT NULL,
	"currency" text NOT NULL,
	"promotion_code" text,
	"country" text,
	"shipping_method_id" text,
	"order_id" text,
	"last_activity_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cart_status_ck" CHECK ("cart"."cart"."status" in ('active', 'merged', 'ordered')),
	CONSTRAINT "cart_owner_ck" CHECK ("cart"."cart"."user_id" is not null or "cart"."cart"."token_hash" is not null)
);
--> statement-breakpoint
CREATE TABLE "cart"."cart_item" (
	"id" text PRIMARY KEY NOT NULL,
	"cart_id" text NOT NULL,
	"sku" text NOT NULL,
	"quantity" integer NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cart_item_quantity_ck" CHECK ("cart"."cart_item"."quantity" > 0)
);
--> statement-breakpoint
ALTER TABLE "cart"."cart_item" ADD CONSTRAINT "cart_item_cart_id_cart_id_fk" FOREIGN KEY ("cart_id") REFERENCES "cart"."cart"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "cart_user_active_uq" ON "cart"."cart" USING btree ("user_id") WHERE status = 'active' and user_id is not null;--> statement-breakpoint
CREATE INDEX "cart_guest_activity_idx" ON "cart"."cart" USING btree ("last_activity_at") WHERE user_id is null;--> statement-breakpoint
CREATE UNIQUE INDEX "cart_item_cart_sku_uq" ON "cart"."cart_item" USING btree ("cart_id","sku");