CREATE TABLE "analytics"."scenario" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"author_id" text NOT NULL,
	"definition" jsonb NOT NULL,
	"nodes" text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "scenario_updated_idx" ON "analytics"."scenario" USING btree ("updated_at");