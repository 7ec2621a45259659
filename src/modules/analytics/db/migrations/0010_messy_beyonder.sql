CREATE TABLE "analytics"."sales_month_company_customer" (
	"month" date NOT NULL,
	"customer_ref" text NOT NULL,
	"currency" text NOT NULL,
	"last_day" date,
	"receipts" bigint DEFAULT 0 NOT NULL,
	"net_revenue" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "sales_month_company_customer_month_customer_ref_currency_pk" PRIMARY KEY("month","customer_ref","currency")
);
