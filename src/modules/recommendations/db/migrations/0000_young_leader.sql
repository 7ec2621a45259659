CREATE SCHEMA "recommendations";
--> statement-breakpoint
CREATE TABLE "recommendations"."build" (
	"id" text PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"trigger" text NOT NULL,
	"baskets" integer,
	"items" integer,
	"customers" integer,
	"duration_ms" integer,
	"peak_memory_mb" integer,
	"error" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "build_status_ck" CHECK ("recommendations"."build"."status" in ('running', 'succeeded', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "recommendations"."candidate" (
	"customer_id" text NOT NULL,
	"kind" text NOT NULL,
	"rank" integer NOT NULL,
	"sku" text NOT NULL,
	"score" real NOT NULL,
	"times" integer,
	"every_days" integer,
	CONSTRAINT "candidate_customer_id_kind_rank_pk" PRIMARY KEY("customer_id","kind","rank")
);
--> statement-breakpoint
CREATE TABLE "recommendations"."exclusion" (
	"kind" text NOT NULL,
	"target_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "exclusion_kind_target_id_pk" PRIMARY KEY("kind","target_id"),
	CONSTRAINT "exclusion_kind_ck" CHECK ("recommendations"."exclusion"."kind" in ('product', 'category'))
);
--> statement-breakpoint
CREATE TABLE "recommendations"."item" (
	"sku" text PRIMARY KEY NOT NULL,
	"category_id" text,
	"baskets" integer NOT NULL,
	"recent" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recommendations"."neighbour" (
	"sku" text NOT NULL,
	"other_sku" text NOT NULL,
	"support" integer NOT NULL,
	"score" real NOT NULL,
	CONSTRAINT "neighbour_sku_other_sku_pk" PRIMARY KEY("sku","other_sku")
);
--> statement-breakpoint
CREATE TABLE "recommendations"."pin" (
	"product_id" text NOT NULL,
	"pinned_product_id" text NOT NULL,
	"position" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pin_product_id_pinned_product_id_pk" PRIMARY KEY("product_id","pinned_product_id")
);
--> statement-breakpoint
CREATE TABLE "recommendations"."web_basket" (
	"order_id" text PRIMARY KEY NOT NULL,
	"customer_id" text,
	"placed_at" timestamp with time zone NOT NULL,
	"skus" text[] NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "build_one_running_uq" ON "recommendations"."build" USING btree ("status") WHERE status = 'running';--> statement-breakpoint
CREATE INDEX "build_started_idx" ON "recommendations"."build" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "item_category_idx" ON "recommendations"."item" USING btree ("category_id","recent" DESC NULLS LAST,"baskets" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "neighbour_rank_idx" ON "recommendations"."neighbour" USING btree ("sku","score" DESC NULLS LAST);