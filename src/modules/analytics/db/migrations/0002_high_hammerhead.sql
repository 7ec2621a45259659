CREATE TABLE "analytics"."web_order" (
	"order_id" text PRIMARY KEY NOT NULL,
	"store_id" text NOT NULL,
	"placed_at" timestamp with time zone NOT NULL,
	"currency" text NOT NULL,
	"customer_ref" text,
	"net_revenue" bigint NOT NULL,
	"tax" bigint NOT NULL
);
