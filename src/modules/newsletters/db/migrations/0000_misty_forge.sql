CREATE SCHEMA "newsletters";
--> statement-breakpoint
CREATE TABLE "newsletters"."campaign" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"list_id" text NOT NULL,
	"content" jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"tracking" boolean DEFAULT false NOT NULL,
	"scheduled_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_status_ck" CHECK ("newsletters"."campaign"."status" in ('draft', 'scheduled', 'sending', 'sent', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "newsletters"."consent" (
	"id" text PRIMARY KEY NOT NULL,
	"subscriber_id" text NOT NULL,
	"action" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"ip" text,
	"user_agent" text,
	"site" text NOT NULL,
	"locale" text NOT NULL,
	"consent_text" text,
	"source" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "newsletters"."list" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"criteria" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "newsletters"."recipient" (
	"campaign_id" text NOT NULL,
	"subscriber_id" text NOT NULL,
	"email" text NOT NULL,
	"locale" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"claimed_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"message_id" text,
	"error" text,
	"opened_at" timestamp with time zone,
	"clicked_at" timestamp with time zone,
	CONSTRAINT "recipient_campaign_id_subscriber_id_pk" PRIMARY KEY("campaign_id","subscriber_id"),
	CONSTRAINT "recipient_status_ck" CHECK ("newsletters"."recipient"."status" in ('pending', 'sending', 'sent', 'failed', 'skipped', 'bounced'))
);
--> statement-breakpoint
CREATE TABLE "newsletters"."subscriber" (
	"id" text PRIMARY KEY NOT NULL,
	"site" text DEFAULT 'default' NOT NULL,
	"email" text NOT NULL,
	"email_lower" text NOT NULL,
	"locale" text DEFAULT 'en' NOT NULL,
	"country" text,
	"customer_id" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"source" text NOT NULL,
	"soft_bounces" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"confirmed_at" timestamp with time zone,
	"unsubscribed_at" timestamp with time zone,
	CONSTRAINT "subscriber_status_ck" CHECK ("newsletters"."subscriber"."status" in ('pending', 'confirmed', 'unsubscribed'))
);
--> statement-breakpoint
CREATE TABLE "newsletters"."suppression" (
	"email_lower" text PRIMARY KEY NOT NULL,
	"reason" text NOT NULL,
	"detail" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "newsletters"."campaign" ADD CONSTRAINT "campaign_list_id_list_id_fk" FOREIGN KEY ("list_id") REFERENCES "newsletters"."list"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "newsletters"."consent" ADD CONSTRAINT "consent_subscriber_id_subscriber_id_fk" FOREIGN KEY ("subscriber_id") REFERENCES "newsletters"."subscriber"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "newsletters"."recipient" ADD CONSTRAINT "recipient_campaign_id_campaign_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "newsletters"."campaign"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaign_status_idx" ON "newsletters"."campaign" USING btree ("status","scheduled_at");--> statement-breakpoint
CREATE INDEX "consent_subscriber_idx" ON "newsletters"."consent" USING btree ("subscriber_id","at");--> statement-breakpoint
CREATE INDEX "recipient_pending_idx" ON "newsletters"."recipient" USING btree ("campaign_id","subscriber_id") WHERE "newsletters"."recipient"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "recipient_email_idx" ON "newsletters"."recipient" USING btree (lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "subscriber_site_email_uq" ON "newsletters"."subscriber" USING btree ("site","email_lower");--> statement-breakpoint
CREATE INDEX "subscriber_customer_idx" ON "newsletters"."subscriber" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "subscriber_status_idx" ON "newsletters"."subscriber" USING btree ("status","site");