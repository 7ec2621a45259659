DROP INDEX "promotions"."redemption_customer_idx";--> statement-breakpoint
ALTER TABLE "promotions"."promotion" ADD COLUMN "requires_account" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "promotions"."redemption" ADD COLUMN "user_id" text;--> statement-breakpoint
ALTER TABLE "promotions"."redemption" ADD COLUMN "email_key" text;--> statement-breakpoint
CREATE INDEX "redemption_user_idx" ON "promotions"."redemption" USING btree ("promotion_id","user_id");--> statement-breakpoint
CREATE INDEX "redemption_email_idx" ON "promotions"."redemption" USING btree ("promotion_id","email_key");--> statement-breakpoint
-- Backfill: a key without '@' was a user id; one with '@' an e-mail, normalised as limitEmailKey does
-- (lower-case, plus-tag removed, Gmail dots removed and googlemail.com read as gmail.com).
UPDATE "promotions"."redemption" SET "user_id" = "customer_key" WHERE "customer_key" IS NOT NULL AND strpos("customer_key", '@') = 0;--> statement-breakpoint
UPDATE "promotions"."redemption" r SET "email_key" = CASE
    WHEN e.domain IN ('gmail.com', 'googlemail.com') THEN replace(e.local, '.', '') || '@gmail.com'
    ELSE e.local || '@' || e.domain
  END
  FROM (
    SELECT id, regexp_replace(substring(k from '^(.*)@[^@]*$'), '^(.[^+]*)\+.*$', '\1') AS local, substring(k from '@([^@]*)$') AS domain
    FROM (SELECT id, lower(trim("customer_key")) AS k FROM "promotions"."redemption" WHERE strpos("customer_key", '@') > 0) keys
  ) e
  WHERE r.id = e.id AND e.local <> '' AND e.domain <> '';
