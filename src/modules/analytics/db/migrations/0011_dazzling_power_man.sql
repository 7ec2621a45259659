-- The company's customer rollup starts from what the per-store one already holds (the same facts,
-- up to the rollup watermark); the rollup job adds every later fact to both.
INSERT INTO "analytics"."sales_month_company_customer" ("month", "customer_ref", "currency", "last_day", "receipts", "net_revenue")
SELECT "month", "customer_ref", "currency", max("last_day"), sum("receipts"), sum("net_revenue")
FROM "analytics"."sales_month_customer"
GROUP BY "month", "customer_ref", "currency";
