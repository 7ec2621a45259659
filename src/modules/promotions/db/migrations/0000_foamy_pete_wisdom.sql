CREATE SCHEMA "promotions";
--> statement-breakpoint
CREATE TABLE "promotions"."promotion" (
	"id" text PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"type" text NOT NULL,
	"value" integer DEFAULT 0 NOT NULL,
	"currency" text DEFAULT 'GBP' NOT NULL,
	"min_subtotal" integer,
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"usage_limit" integer,
	"per_customer_limit" integer,
	"times_used" integer DEFAULT 0 NOT NULL,
	"skus" text[] DEFAULT '{}'::text[] NOT NULL,
	"category_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "promotion_code_upper_ck" CHECK ("promotions"."promotion"."code" = upper("promotions"."promotion"."code")),
	CONSTRAINT "promotion_type_ck" CHECK ("promotions"."promotion"."type" in ('percentage', 'fixed_amount', 'free_shipping')),
	CONSTRAINT "promotion_value_ck" CHECK (("promotions"."promotion"."type" = 'percentage' and "promotions"."promotion"."value" between 1 and 100) or ("promotions"."promotion"."type" = 'fixed_amount' and "promotions"."promotion"."value" > 0) or ("promotions"."promotion"."type" = 'free_shipping' and "promotions"."promotion"."value" = 0)),
	CONSTRAINT "promotion_min_subtotal_ck" CHECK ("promotions"."promotion"."min_subtotal" is null or "promotions"."promotion"."min_subtotal" >= 0),
	CONSTRAINT "promotion_period_ck" CHECK ("promotions"."promotion"."starts_at" is null or "promotions"."promotion"."ends_at" is null or "promotions"."promotion"."ends_at" > "promotions"."promotion"."starts_at"),
	CONSTRAINT "promotion_usage_limit_ck" CHECK ("promotions"."promotion"."usage_limit" is null or "promotions"."promotion"."usage_limit" >= 1),
	CONSTRAINT "promotion_per_customer_limit_ck" CHECK ("promotions"."promotion"."per_customer_limit" is null or "promotions"."promotion"."per_customer_limit" >= 1),
	CONSTRAINT "promotion_times_used_ck" CHECK ("promotions"."promotion"."times_used" >= 0 and ("promotions"."promotion"."usage_limit" is null or "promotions"."promotion"."times_used" <= "promotions"."promotion"."usage_limit"))
);
--> statement-breakpoint
CREATE TABLE "promotions"."redemption" (
	"id" text PRIMARY KEY NOT NULL,
	"promotion_id" text NOT NULL,
	"order_id" text NOT NULL,
	"customer_key" text,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"released_at" timestamp with time zone,
	CONSTRAINT "redemption_status_ck" CHECK ("promotions"."redemption"."status" in ('active', 'released'))
);
--> statement-breakpoint
ALTER TABLE "promotions"."redemption" ADD CONSTRAINT "redemption_promotion_id_promotion_id_fk" FOREIGN KEY ("promotion_id") REFERENCES "promotions"."promotion"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "promotion_code_uq" ON "promotions"."promotion" USING btree ("code");--> statement-breakpoint
CREATE INDEX "promotion_created_idx" ON "promotions"."promotion" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "redemption_promotion_order_uq" ON "promotions"."redemption" USING btree ("promotion_id","order_id");--> statement-breakpoint
CREATE INDEX "redemption_order_idx" ON "promotions"."redemption" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "redemption_customer_idx" ON "promotions"."redemption" USING btree ("promotion_id","customer_key");