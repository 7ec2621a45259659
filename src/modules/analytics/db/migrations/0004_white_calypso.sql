ALTER TABLE "analytics"."sale_line" DROP CONSTRAINT "sale_line_store_id_store_id_fk";
