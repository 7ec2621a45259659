CREATE SCHEMA "notifications";
--> statement-breakpoint
CREATE TABLE "notifications"."mail_message" (
	"id" text PRIMARY KEY NOT NULL,
	"to" text NOT NULL,
	"subject" text NOT NULL,
	"text" text NOT NULL,
	"html" text NOT NULL,
	"locale" text NOT NULL,
	"template" text NOT NULL,
	"status" text NOT NULL,
	"provider_message_id" text,
	"error" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"source_event_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "mail_message_status_ck" CHECK ("notifications"."mail_message"."status" in ('stored', 'queued', 'sent', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "notifications"."notification" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"link" text,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source_event_id" text
);
--> statement-breakpoint
CREATE TABLE "notifications"."sms_message" (
	"id" text PRIMARY KEY NOT NULL,
	"to" text NOT NULL,
	"body" text NOT NULL,
	"status" text NOT NULL,
	"provider" text NOT NULL,
	"provider_message_id" text,
	"error" text,
	"source_event_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sms_message_status_ck" CHECK ("notifications"."sms_message"."status" in ('sent', 'failed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "mail_message_template_event_uq" ON "notifications"."mail_message" USING btree ("template","source_event_id");--> statement-breakpoint
CREATE INDEX "mail_message_created_idx" ON "notifications"."mail_message" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "mail_message_to_idx" ON "notifications"."mail_message" USING btree (lower("to"));--> statement-breakpoint
CREATE INDEX "mail_message_queued_idx" ON "notifications"."mail_message" USING btree ("next_attempt_at") WHERE "notifications"."mail_message"."status" = 'queued';--> statement-breakpoint
CREATE INDEX "notification_user_created_idx" ON "notifications"."notification" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "notification_user_unread_idx" ON "notifications"."notification" USING btree ("user_id") WHERE "notifications"."notification"."read_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "notification_kind_event_uq" ON "notifications"."notification" USING btree ("kind","source_event_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sms_message_event_uq" ON "notifications"."sms_message" USING btree ("source_event_id");--> statement-breakpoint
CREATE INDEX "sms_message_created_idx" ON "notifications"."sms_message" USING btree ("created_at");