CREATE TABLE "analytics"."sales_month_customer" (
	"month" date NOT NULL,
	"store_id" text NOT NULL,
	"customer_ref" text NOT NULL,
	"currency" text NOT NULL,
	"last_day" date,
	"receipts" bigint DEFAULT 0 NOT NULL,
	"net_revenue" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "sales_month_customer_store_id_month_customer_ref_pk" PRIMARY KEY("store_id","month","customer_ref")
);
