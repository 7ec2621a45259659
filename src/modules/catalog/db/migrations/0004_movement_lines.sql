-- Custom SQL migration file, put your code below! --
-- catalog.movement_lines(skus, quantities, ids, refs, changed_ids, low_ids): the lines of one
-- stock movement statement as rows (the parallel arrays unnested, one row per SKU). It exists for
-- the planner: STRICT keeps it from being inlined and ROWS 1 says a movement has few lines, so the
-- movement statement's generic plan costs about what its custom plans cost and PostgreSQL keeps
-- the prepared statement's generic plan instead of planning it again at every execution (a bare
-- unnest of parameters is estimated at 10 rows, which kept every execution on a custom plan).
CREATE FUNCTION catalog.movement_lines(skus text[], quantities integer[], ids text[], refs text[], changed_ids text[], low_ids text[])
RETURNS TABLE (sku text, quantity integer, id text, reference text, changed_id text, low_id text)
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE ROWS 1 AS $$
  SELECT * FROM unnest(skus, quantities, ids, refs, changed_ids, low_ids)
$$;
