-- Custom SQL migration file, put your code below! ---- A cancelled order's stock put back is a `release`, not a customer `return`: the ledger rows
-- that cancellations recorded as returns (reference `order:<id>:release:<sku>`, reason
-- `Released: order:<id>`) become releases. Returns recorded by hand are left as they are.
UPDATE "catalog"."stock_movement" SET "type" = 'release'
WHERE "type" = 'return' AND "reference" LIKE 'order:%:release:%' AND "reason" LIKE 'Released: %';
