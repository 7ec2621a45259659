-- The sales fact table is append-only: corrections are new rows. UPDATE and DELETE raise;
-- TRUNCATE (a test's reset, never the application) is a statement, not a row change.
CREATE FUNCTION analytics.refuse_fact_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'analytics.sale_line is append-only: % refused', TG_OP USING ERRCODE = 'check_violation';
END
$$;
--> statement-breakpoint
CREATE TRIGGER sale_line_append_only BEFORE UPDATE OR DELETE ON analytics.sale_line
  FOR EACH ROW EXECUTE FUNCTION analytics.refuse_fact_change();
--> statement-breakpoint
INSERT INTO analytics.rollup_state (name) VALUES ('sales');
