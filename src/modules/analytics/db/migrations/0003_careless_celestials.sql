CREATE TABLE "analytics"."report_export" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"report" text NOT NULL,
	"query" jsonb NOT NULL,
	"format" text NOT NULL,
	"locale" text NOT NULL,
	"status" text NOT NULL,
	"rows_done" integer DEFAULT 0 NOT NULL,
	"rows_total" integer,
	"file_name" text,
	"notice" text,
	"error" text,
	"lease_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics"."report_subscription" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"report" text NOT NULL,
	"query" jsonb NOT NULL,
	"frequency" text NOT NULL,
	"format" text NOT NULL,
	"locale" text NOT NULL,
	"next_run_at" timestamp with time zone NOT NULL,
	"last_run_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "report_export_status_idx" ON "analytics"."report_export" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "report_export_user_idx" ON "analytics"."report_export" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "report_subscription_due_idx" ON "analytics"."report_subscription" USING btree ("next_run_at");--> statement-breakpoint
CREATE INDEX "report_subscription_user_idx" ON "analytics"."report_subscription" USING btree ("user_id");