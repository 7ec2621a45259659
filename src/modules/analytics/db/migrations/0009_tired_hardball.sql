-- The company's product rollup starts from what the per-store one already holds (the same facts,
-- up to the rollup watermark); the rollup job adds every later fact to both.
INSERT INTO "analytics"."sales_month_company_product" ("month", "sku", "category", "currency", "net_revenue", "cost", "costed_revenue", "units")
SELECT "month", "sku", "category", "currency", sum("net_revenue"), sum("cost"), sum("costed_revenue"), sum("units")
FROM "analytics"."sales_month_product"
GROUP BY "month", "sku", "category", "currency";
