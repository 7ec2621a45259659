ALTER TABLE "notifications"."sms_message" DROP CONSTRAINT "sms_message_status_ck";--> statement-breakpoint
ALTER TABLE "notifications"."sms_message" ADD COLUMN "next_attempt_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "sms_message_queued_idx" ON "notifications"."sms_message" USING btree ("id") WHERE status = 'queued';--> statement-breakpoint
ALTER TABLE "notifications"."sms_message" ADD CONSTRAINT "sms_message_status_ck" CHECK ("notifications"."sms_message"."status" in ('queued', 'sent', 'failed'));