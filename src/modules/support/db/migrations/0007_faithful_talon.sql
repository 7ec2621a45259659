ALTER TABLE "support"."contact_message" ADD COLUMN "site" text DEFAULT 'default' NOT NULL;--> statement-breakpoint
ALTER TABLE "support"."ticket" ADD COLUMN "site" text DEFAULT 'default' NOT NULL;