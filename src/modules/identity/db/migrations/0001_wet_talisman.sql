CREATE TABLE "identity"."login_throttle" (
	"account_key" text PRIMARY KEY NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"last_failure_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "identity"."refresh_tokens" ADD COLUMN "family_started_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "identity"."users" ADD COLUMN "email_verified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "identity"."users" ADD COLUMN "token_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "login_throttle_last_failure_at_idx" ON "identity"."login_throttle" USING btree ("last_failure_at");--> statement-breakpoint
ALTER TABLE "identity"."users" ADD CONSTRAINT "users_token_version_nonnegative" CHECK ("identity"."users"."token_version" >= 0);--> statement-breakpoint
-- Accounts that existed before e-mail verification could already sign in: keep them verified.
UPDATE "identity"."users" SET "email_verified_at" = "created_at" WHERE "email" IS NOT NULL AND "password_hash" IS NOT NULL;--> statement-breakpoint
-- A family started with its oldest token.
UPDATE "identity"."refresh_tokens" AS t SET "family_started_at" = f."started" FROM (SELECT "family_id", min("created_at") AS "started" FROM "identity"."refresh_tokens" GROUP BY "family_id") AS f WHERE t."family_id" = f."family_id";
