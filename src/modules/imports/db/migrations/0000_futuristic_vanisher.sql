CREATE SCHEMA "imports";
--> statement-breakpoint
CREATE TABLE "imports"."import_job" (
	"id" text PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"filename" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"options" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"progress" jsonb DEFAULT '{"phase":"queued","rows":0}'::jsonb NOT NULL,
	"report" jsonb,
	"error" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "import_job_created_idx" ON "imports"."import_job" USING btree ("created_at");