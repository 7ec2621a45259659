CREATE TABLE "analytics"."sales_month_company_product" (
	"month" date NOT NULL,
	"sku" text NOT NULL,
	"category" text NOT NULL,
	"currency" text NOT NULL,
	"net_revenue" bigint DEFAULT 0 NOT NULL,
	"cost" bigint DEFAULT 0 NOT NULL,
	"costed_revenue" bigint DEFAULT 0 NOT NULL,
	"units" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "sales_month_company_product_month_sku_category_currency_pk" PRIMARY KEY("month","sku","category","currency")
);
