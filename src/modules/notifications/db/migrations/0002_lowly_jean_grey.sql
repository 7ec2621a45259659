CREATE TABLE "notifications"."mail_attachment" (
	"mail_id" text NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"content_base64" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notifications"."mail_attachment" ADD CONSTRAINT "mail_attachment_mail_id_mail_message_id_fk" FOREIGN KEY ("mail_id") REFERENCES "notifications"."mail_message"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mail_attachment_mail_idx" ON "notifications"."mail_attachment" USING btree ("mail_id");