CREATE SCHEMA "analytics";
--> statement-breakpoint
CREATE TABLE "analytics"."access_grant" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"node_kind" text NOT NULL,
	"node_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "access_grant_kind_ck" CHECK ("analytics"."access_grant"."node_kind" in ('region', 'store'))
);
--> statement-breakpoint
CREATE TABLE "analytics"."exchange_rate" (
	"currency" text NOT NULL,
	"reporting_currency" text NOT NULL,
	"month" date NOT NULL,
	"rate" numeric(20, 10) NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "exchange_rate_currency_reporting_currency_month_pk" PRIMARY KEY("currency","reporting_currency","month"),
	CONSTRAINT "exchange_rate_positive_ck" CHECK ("analytics"."exchange_rate"."rate" > 0),
	CONSTRAINT "exchange_rate_month_ck" CHECK (extract(day from "analytics"."exchange_rate"."month") = 1)
);
--> statement-breakpoint
CREATE TABLE "analytics"."product" (
	"sku" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"category" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics"."receipt" (
	"store_id" text NOT NULL,
	"day" date NOT NULL,
	"reference" text NOT NULL,
	CONSTRAINT "receipt_store_id_day_reference_pk" PRIMARY KEY("store_id","day","reference")
);
--> statement-breakpoint
CREATE TABLE "analytics"."region" (
	"id" text PRIMARY KEY NOT NULL,
	"parent_id" text,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics"."rollup_state" (
	"name" text PRIMARY KEY NOT NULL,
	"last_fact_id" bigint DEFAULT 0 NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL,
	"caught_up_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics"."sale_line" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"store_id" text NOT NULL,
	"sold_at" timestamp with time zone NOT NULL,
	"local_at" timestamp NOT NULL,
	"reference" text NOT NULL,
	"customer_ref" text,
	"sku" text NOT NULL,
	"category" text,
	"quantity" integer NOT NULL,
	"net_revenue" bigint NOT NULL,
	"tax" bigint DEFAULT 0 NOT NULL,
	"discount" bigint DEFAULT 0 NOT NULL,
	"unit_cost" bigint,
	"currency" text NOT NULL,
	"source" text NOT NULL,
	"source_key" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sale_line_cost_ck" CHECK ("analytics"."sale_line"."unit_cost" is null or "analytics"."sale_line"."unit_cost" >= 0)
);
--> statement-breakpoint
CREATE TABLE "analytics"."sales_day_category" (
	"day" date NOT NULL,
	"store_id" text NOT NULL,
	"category" text NOT NULL,
	"currency" text NOT NULL,
	"net_revenue" bigint DEFAULT 0 NOT NULL,
	"cost" bigint DEFAULT 0 NOT NULL,
	"costed_revenue" bigint DEFAULT 0 NOT NULL,
	"units" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "sales_day_category_store_id_day_category_pk" PRIMARY KEY("store_id","day","category")
);
--> statement-breakpoint
CREATE TABLE "analytics"."sales_day_store" (
	"day" date NOT NULL,
	"store_id" text NOT NULL,
	"currency" text NOT NULL,
	"net_revenue" bigint DEFAULT 0 NOT NULL,
	"tax" bigint DEFAULT 0 NOT NULL,
	"discount" bigint DEFAULT 0 NOT NULL,
	"cost" bigint DEFAULT 0 NOT NULL,
	"costed_revenue" bigint DEFAULT 0 NOT NULL,
	"units" bigint DEFAULT 0 NOT NULL,
	"returned_units" bigint DEFAULT 0 NOT NULL,
	"returned_revenue" bigint DEFAULT 0 NOT NULL,
	"lines" bigint DEFAULT 0 NOT NULL,
	"transactions" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "sales_day_store_store_id_day_pk" PRIMARY KEY("store_id","day")
);
--> statement-breakpoint
CREATE TABLE "analytics"."sales_month_category" (
	"month" date NOT NULL,
	"store_id" text NOT NULL,
	"category" text NOT NULL,
	"currency" text NOT NULL,
	"net_revenue" bigint DEFAULT 0 NOT NULL,
	"cost" bigint DEFAULT 0 NOT NULL,
	"costed_revenue" bigint DEFAULT 0 NOT NULL,
	"units" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "sales_month_category_store_id_month_category_pk" PRIMARY KEY("store_id","month","category")
);
--> statement-breakpoint
CREATE TABLE "analytics"."sales_month_product" (
	"month" date NOT NULL,
	"store_id" text NOT NULL,
	"sku" text NOT NULL,
	"category" text NOT NULL,
	"currency" text NOT NULL,
	"net_revenue" bigint DEFAULT 0 NOT NULL,
	"cost" bigint DEFAULT 0 NOT NULL,
	"costed_revenue" bigint DEFAULT 0 NOT NULL,
	"units" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "sales_month_product_store_id_month_sku_category_pk" PRIMARY KEY("store_id","month","sku","category")
);
--> statement-breakpoint
CREATE TABLE "analytics"."sales_month_store" (
	"month" date NOT NULL,
	"store_id" text NOT NULL,
	"currency" text NOT NULL,
	"net_revenue" bigint DEFAULT 0 NOT NULL,
	"tax" bigint DEFAULT 0 NOT NULL,
	"discount" bigint DEFAULT 0 NOT NULL,
	"cost" bigint DEFAULT 0 NOT NULL,
	"costed_revenue" bigint DEFAULT 0 NOT NULL,
	"units" bigint DEFAULT 0 NOT NULL,
	"returned_units" bigint DEFAULT 0 NOT NULL,
	"returned_revenue" bigint DEFAULT 0 NOT NULL,
	"lines" bigint DEFAULT 0 NOT NULL,
	"transactions" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "sales_month_store_store_id_month_pk" PRIMARY KEY("store_id","month")
);
--> statement-breakpoint
CREATE TABLE "analytics"."setting" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics"."store" (
	"id" text PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"region_id" text NOT NULL,
	"city" text DEFAULT '' NOT NULL,
	"country" text NOT NULL,
	"opened_on" date NOT NULL,
	"closed_on" date,
	"selling_area_m2" integer,
	"currency" text NOT NULL,
	"time_zone" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "store_kind_ck" CHECK ("analytics"."store"."kind" in ('physical', 'online')),
	CONSTRAINT "store_area_ck" CHECK ("analytics"."store"."selling_area_m2" is null or "analytics"."store"."selling_area_m2" > 0),
	CONSTRAINT "store_dates_ck" CHECK ("analytics"."store"."closed_on" is null or "analytics"."store"."closed_on" >= "analytics"."store"."opened_on"),
	CONSTRAINT "store_currency_ck" CHECK ("analytics"."store"."currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
CREATE TABLE "analytics"."store_move" (
	"id" text PRIMARY KEY NOT NULL,
	"store_id" text NOT NULL,
	"from_region_id" text NOT NULL,
	"to_region_id" text NOT NULL,
	"actor" text,
	"moved_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics"."target" (
	"id" text PRIMARY KEY NOT NULL,
	"level" text NOT NULL,
	"node_id" text NOT NULL,
	"fiscal_year" integer NOT NULL,
	"metric" text NOT NULL,
	"category" text DEFAULT '' NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text,
	"phasing" integer[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "target_level_ck" CHECK ("analytics"."target"."level" in ('store', 'region')),
	CONSTRAINT "target_metric_ck" CHECK ("analytics"."target"."metric" in ('revenue', 'gross_margin', 'units')),
	CONSTRAINT "target_amount_ck" CHECK ("analytics"."target"."amount" >= 0 or "analytics"."target"."metric" = 'gross_margin'),
	CONSTRAINT "target_phasing_ck" CHECK (cardinality("analytics"."target"."phasing") = 12)
);
--> statement-breakpoint
CREATE TABLE "analytics"."target_month" (
	"target_id" text NOT NULL,
	"month" date NOT NULL,
	"amount" bigint NOT NULL,
	CONSTRAINT "target_month_target_id_month_pk" PRIMARY KEY("target_id","month")
);
--> statement-breakpoint
CREATE TABLE "analytics"."web_order" (
	"order_id" text PRIMARY KEY NOT NULL,
	"store_id" text NOT NULL,
	"placed_at" timestamp with time zone NOT NULL,
	"currency" text NOT NULL,
	"customer_ref" text,
	"net_revenue" bigint NOT NULL,
	"tax" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "analytics"."region" ADD CONSTRAINT "region_parent_id_region_id_fk" FOREIGN KEY ("parent_id") REFERENCES "analytics"."region"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics"."sale_line" ADD CONSTRAINT "sale_line_store_id_store_id_fk" FOREIGN KEY ("store_id") REFERENCES "analytics"."store"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics"."store" ADD CONSTRAINT "store_region_id_region_id_fk" FOREIGN KEY ("region_id") REFERENCES "analytics"."region"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics"."store_move" ADD CONSTRAINT "store_move_store_id_store_id_fk" FOREIGN KEY ("store_id") REFERENCES "analytics"."store"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics"."store_move" ADD CONSTRAINT "store_move_from_region_id_region_id_fk" FOREIGN KEY ("from_region_id") REFERENCES "analytics"."region"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics"."store_move" ADD CONSTRAINT "store_move_to_region_id_region_id_fk" FOREIGN KEY ("to_region_id") REFERENCES "analytics"."region"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics"."target_month" ADD CONSTRAINT "target_month_target_id_target_id_fk" FOREIGN KEY ("target_id") REFERENCES "analytics"."target"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "access_grant_uq" ON "analytics"."access_grant" USING btree ("user_id","node_kind","node_id");--> statement-breakpoint
CREATE UNIQUE INDEX "region_code_uq" ON "analytics"."region" USING btree ("code");--> statement-breakpoint
CREATE INDEX "region_parent_idx" ON "analytics"."region" USING btree ("parent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "region_single_root_uq" ON "analytics"."region" USING btree (("parent_id" is null)) WHERE "analytics"."region"."parent_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "sale_line_source_key_uq" ON "analytics"."sale_line" USING btree ("source_key");--> statement-breakpoint
CREATE INDEX "sale_line_store_local_idx" ON "analytics"."sale_line" USING btree ("store_id","local_at");--> statement-breakpoint
CREATE INDEX "sales_day_category_day_idx" ON "analytics"."sales_day_category" USING btree ("day");--> statement-breakpoint
CREATE INDEX "sales_day_store_day_idx" ON "analytics"."sales_day_store" USING btree ("day");--> statement-breakpoint
CREATE INDEX "sales_month_category_month_idx" ON "analytics"."sales_month_category" USING btree ("month");--> statement-breakpoint
CREATE INDEX "sales_month_product_cat_idx" ON "analytics"."sales_month_product" USING btree ("store_id","category","month");--> statement-breakpoint
CREATE INDEX "sales_month_store_month_idx" ON "analytics"."sales_month_store" USING btree ("month");--> statement-breakpoint
CREATE UNIQUE INDEX "store_code_uq" ON "analytics"."store" USING btree ("code");--> statement-breakpoint
CREATE INDEX "store_region_idx" ON "analytics"."store" USING btree ("region_id");--> statement-breakpoint
CREATE INDEX "store_move_store_idx" ON "analytics"."store_move" USING btree ("store_id","moved_at");--> statement-breakpoint
CREATE UNIQUE INDEX "target_uq" ON "analytics"."target" USING btree ("level","node_id","fiscal_year","metric","category");--> statement-breakpoint
CREATE INDEX "target_month_month_idx" ON "analytics"."target_month" USING btree ("month");