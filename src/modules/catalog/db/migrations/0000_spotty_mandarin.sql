CREATE SCHEMA "catalog";
--> statement-breakpoint
CREATE TABLE "catalog"."category" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"slug" text NOT NULL,
	"parent_id" text,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog"."product" (
	"id" text PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"category_id" text NOT NULL,
	"images" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "product_status_ck" CHECK ("catalog"."product"."status" in ('draft', 'active', 'archived'))
);
--> statement-breakpoint
CREATE TABLE "catalog"."stock_movement" (
	"id" text PRIMARY KEY NOT NULL,
	"variant_id" text NOT NULL,
	"sku" text NOT NULL,
	"type" text NOT NULL,
	"quantity" integer NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"actor" text,
	"reference" text,
	"on_hand_after" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stock_movement_quantity_ck" CHECK ("catalog"."stock_movement"."quantity" <> 0)
);
--> statement-breakpoint
CREATE TABLE "catalog"."variant" (
	"id" text PRIMARY KEY NOT NULL,
	"product_id" text NOT NULL,
	"sku" text NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"options" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"price_amount" integer NOT NULL,
	"price_currency" text NOT NULL,
	"cost_amount" integer,
	"cost_currency" text,
	"on_hand" integer DEFAULT 0 NOT NULL,
	"low_stock_threshold" integer DEFAULT 5 NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "variant_on_hand_ck" CHECK ("catalog"."variant"."on_hand" >= 0),
	CONSTRAINT "variant_price_ck" CHECK ("catalog"."variant"."price_amount" >= 0),
	CONSTRAINT "variant_cost_ck" CHECK ("catalog"."variant"."cost_amount" is null or "catalog"."variant"."cost_amount" >= 0)
);
--> statement-breakpoint
ALTER TABLE "catalog"."category" ADD CONSTRAINT "category_parent_id_category_id_fk" FOREIGN KEY ("parent_id") REFERENCES "catalog"."category"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog"."product" ADD CONSTRAINT "product_category_id_category_id_fk" FOREIGN KEY ("category_id") REFERENCES "catalog"."category"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog"."stock_movement" ADD CONSTRAINT "stock_movement_variant_id_variant_id_fk" FOREIGN KEY ("variant_id") REFERENCES "catalog"."variant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog"."variant" ADD CONSTRAINT "variant_product_id_product_id_fk" FOREIGN KEY ("product_id") REFERENCES "catalog"."product"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "category_slug_uq" ON "catalog"."category" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "category_parent_idx" ON "catalog"."category" USING btree ("parent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "product_slug_uq" ON "catalog"."product" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "product_category_idx" ON "catalog"."product" USING btree ("category_id");--> statement-breakpoint
CREATE INDEX "product_status_created_idx" ON "catalog"."product" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "stock_movement_variant_idx" ON "catalog"."stock_movement" USING btree ("variant_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "stock_movement_reference_uq" ON "catalog"."stock_movement" USING btree ("reference");--> statement-breakpoint
CREATE UNIQUE INDEX "variant_sku_uq" ON "catalog"."variant" USING btree ("sku");--> statement-breakpoint
CREATE INDEX "variant_product_idx" ON "catalog"."variant" USING btree ("product_id");