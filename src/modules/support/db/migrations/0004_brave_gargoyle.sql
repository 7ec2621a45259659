CREATE TABLE "support"."sla_target" (
	"priority" text PRIMARY KEY NOT NULL,
	"first_response_minutes" integer NOT NULL,
	"resolution_minutes" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sla_target_minutes_ck" CHECK ("support"."sla_target"."first_response_minutes" > 0 and "support"."sla_target"."resolution_minutes" >= "support"."sla_target"."first_response_minutes")
);
