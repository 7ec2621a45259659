-- Custom SQL migration file, put your code below! --
-- catalog.refuse_sale(sku, requested): raises the error of a stock movement that cannot be made,
-- for the movement statement to fail in SQL (so that nothing of its transaction commits, even
-- with the COMMIT already written behind it). Volatile: its read takes a fresh snapshot, so the
-- on-hand it reports is the latest committed one.
-- Errors: P0001, hint INVENTORY.INSUFFICIENT_STOCK, detail = the on-hand (integer, as text);
-- P0002, hint INVENTORY.SKU_NOT_FOUND, when no variant has that SKU.
CREATE FUNCTION catalog.refuse_sale(p_sku text, p_requested integer) RETURNS integer
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_on_hand integer;
BEGIN
  SELECT v.on_hand INTO v_on_hand FROM catalog.variant v WHERE v.sku = p_sku;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'No variant with SKU %', p_sku USING ERRCODE = 'P0002', HINT = 'INVENTORY.SKU_NOT_FOUND';
  END IF;
  RAISE EXCEPTION 'Only % of % on hand; cannot remove %', v_on_hand, p_sku, p_requested
    USING ERRCODE = 'P0001', DETAIL = v_on_hand::text, HINT = 'INVENTORY.INSUFFICIENT_STOCK';
END
$$;
