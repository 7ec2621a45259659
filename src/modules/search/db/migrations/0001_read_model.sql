CREATE SCHEMA "search";
--> statement-breakpoint
CREATE TABLE "search"."categories" (
	"id" text PRIMARY KEY NOT NULL,
	"slug" text,
	"name" text NOT NULL,
	"path_ids" text[] NOT NULL,
	"path_names" text[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search"."documents" (
	"product_id" text PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"status" text NOT NULL,
	"category_id" text NOT NULL,
	"category_name" text NOT NULL,
	"category_slug" text NOT NULL,
	"category_path_ids" text[] NOT NULL,
	"category_path_names" text[] NOT NULL,
	"price_amount" integer NOT NULL,
	"price_currency" text NOT NULL,
	"images" jsonb NOT NULL,
	"title_words" text[] NOT NULL,
	"in_stock" boolean NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"source_updated_at" timestamp with time zone NOT NULL,
	"title_vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, translate("title", '<>', '  ')), 'A')) STORED NOT NULL,
	"search_vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, translate("title", '<>', '  ')), 'A') || setweight(to_tsvector('english'::regconfig, translate("description", '<>', '  ')), 'B') || setweight(to_tsvector('english'::regconfig, "category_name"), 'C')) STORED NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search"."stock" (
	"variant_id" text PRIMARY KEY NOT NULL,
	"product_id" text NOT NULL,
	"sku" text NOT NULL,
	"available" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search"."words" (
	"word" text PRIMARY KEY NOT NULL,
	"documents" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "categories_slug_idx" ON "search"."categories" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "categories_path_idx" ON "search"."categories" USING gin ("path_ids") WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "documents_search_vector_idx" ON "search"."documents" USING gin ("search_vector") WITH (fastupdate=false) WHERE status = 'active';--> statement-breakpoint
CREATE INDEX "documents_category_path_idx" ON "search"."documents" USING gin ("category_path_ids") WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "stock_product_idx" ON "search"."stock" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "words_trgm_idx" ON "search"."words" USING gin ("word" gin_trgm_ops) WITH (fastupdate=false);