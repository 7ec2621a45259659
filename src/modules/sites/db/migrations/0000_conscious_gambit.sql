CREATE SCHEMA "sites";
--> statement-breakpoint
CREATE TABLE "sites"."site" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"hosts" text[] DEFAULT '{}'::text[] NOT NULL,
	"default_language" text DEFAULT 'en' NOT NULL,
	"languages" text[] DEFAULT '{en}'::text[] NOT NULL,
	"currency" text NOT NULL,
	"theme" jsonb NOT NULL,
	"contact_email" text NOT NULL,
	"legal_pages" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"shipping_method_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"tax" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "site_code_ck" CHECK ("sites"."site"."code" ~ '^[a-z0-9][a-z0-9-]*$'),
	CONSTRAINT "site_language_ck" CHECK ("sites"."site"."default_language" in ('en', 'fr') and "sites"."site"."default_language" = any("sites"."site"."languages")),
	CONSTRAINT "site_currency_ck" CHECK ("sites"."site"."currency" ~ '^[A-Z]{3}$')
);
