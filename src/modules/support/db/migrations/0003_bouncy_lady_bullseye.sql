CREATE TABLE "support"."help_article" (
	"id" text PRIMARY KEY NOT NULL,
	"category_id" text NOT NULL,
	"slug" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"title_en" text NOT NULL,
	"title_fr" text NOT NULL,
	"body_en" text NOT NULL,
	"body_fr" text NOT NULL,
	"html_en" text NOT NULL,
	"html_fr" text NOT NULL,
	"outdated_en" boolean DEFAULT false NOT NULL,
	"outdated_fr" boolean DEFAULT false NOT NULL,
	"helpful_yes" integer DEFAULT 0 NOT NULL,
	"helpful_no" integer DEFAULT 0 NOT NULL,
	"search_en" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, "title_en"), 'A') || setweight(to_tsvector('english'::regconfig, "body_en"), 'B')) STORED NOT NULL,
	"search_fr" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('french'::regconfig, "title_fr"), 'A') || setweight(to_tsvector('french'::regconfig, "body_fr"), 'B')) STORED NOT NULL,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "help_article_status_ck" CHECK ("support"."help_article"."status" in ('draft', 'published'))
);
--> statement-breakpoint
CREATE TABLE "support"."help_category" (
	"id" text PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"name_en" text NOT NULL,
	"name_fr" text NOT NULL,
	"description_en" text DEFAULT '' NOT NULL,
	"description_fr" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "support"."help_search_miss" (
	"locale" text NOT NULL,
	"query" text NOT NULL,
	"count" integer DEFAULT 1 NOT NULL,
	"first_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "help_search_miss_locale_query_pk" PRIMARY KEY("locale","query")
);
--> statement-breakpoint
CREATE TABLE "support"."help_vote" (
	"article_id" text NOT NULL,
	"voter" text NOT NULL,
	"helpful" boolean NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "help_vote_article_id_voter_pk" PRIMARY KEY("article_id","voter")
);
--> statement-breakpoint
CREATE TABLE "support"."help_word" (
	"locale" text NOT NULL,
	"word" text NOT NULL,
	"documents" integer NOT NULL,
	CONSTRAINT "help_word_locale_word_pk" PRIMARY KEY("locale","word")
);
--> statement-breakpoint
ALTER TABLE "support"."help_article" ADD CONSTRAINT "help_article_category_id_help_category_id_fk" FOREIGN KEY ("category_id") REFERENCES "support"."help_category"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support"."help_vote" ADD CONSTRAINT "help_vote_article_id_help_article_id_fk" FOREIGN KEY ("article_id") REFERENCES "support"."help_article"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "help_article_slug_idx" ON "support"."help_article" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "help_article_category_idx" ON "support"."help_article" USING btree ("category_id","position");--> statement-breakpoint
CREATE INDEX "help_article_search_en_idx" ON "support"."help_article" USING gin ("search_en") WITH (fastupdate=false) WHERE status = 'published';--> statement-breakpoint
CREATE INDEX "help_article_search_fr_idx" ON "support"."help_article" USING gin ("search_fr") WITH (fastupdate=false) WHERE status = 'published';--> statement-breakpoint
CREATE UNIQUE INDEX "help_category_slug_idx" ON "support"."help_category" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "help_search_miss_last_idx" ON "support"."help_search_miss" USING btree ("last_at");--> statement-breakpoint
CREATE INDEX "help_word_trgm_idx" ON "support"."help_word" USING gin ("word" gin_trgm_ops) WITH (fastupdate=false);