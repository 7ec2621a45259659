-- The customer rollup of the facts already rolled up (later ones come with the next catch-up).
INSERT INTO analytics.sales_month_customer (store_id, month, customer_ref, currency, last_day, receipts, net_revenue)
SELECT store_id, date_trunc('month', local_at)::date, customer_ref, min(currency),
  max(local_at::date) FILTER (WHERE quantity > 0),
  count(DISTINCT (local_at::date, reference)) FILTER (WHERE quantity > 0),
  sum(net_revenue)
FROM analytics.sale_line
WHERE customer_ref IS NOT NULL AND id <= (SELECT last_fact_id FROM analytics.rollup_state WHERE name = 'sales')
GROUP BY 1, 2, 3;
--> statement-breakpoint
ALTER TABLE analytics.sales_month_customer SET (fillfactor = 70);
