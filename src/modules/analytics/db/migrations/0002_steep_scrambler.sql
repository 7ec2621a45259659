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
ALTER TABLE "analytics"."sales_month_product" DROP CONSTRAINT "sales_month_product_store_id_month_sku_pk";--> statement-breakpoint
ALTER TABLE "analytics"."sales_month_product" ADD CONSTRAINT "sales_month_product_store_id_month_sku_category_pk" PRIMARY KEY("store_id","month","sku","category");--> statement-breakpoint
CREATE INDEX "sales_day_category_day_idx" ON "analytics"."sales_day_category" USING btree ("day");--> statement-breakpoint
CREATE INDEX "sales_month_store_month_idx" ON "analytics"."sales_month_store" USING btree ("month");