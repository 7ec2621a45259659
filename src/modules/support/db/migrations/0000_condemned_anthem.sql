CREATE SCHEMA "support";
--> statement-breakpoint
CREATE TABLE "support"."attachment" (
	"id" text PRIMARY KEY NOT NULL,
	"ticket_id" text NOT NULL,
	"message_id" text NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"storage_key" text NOT NULL,
	"scan_state" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "support"."canned_reply" (
	"id" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"body_en" text NOT NULL,
	"body_fr" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "support"."history" (
	"id" text PRIMARY KEY NOT NULL,
	"ticket_id" text NOT NULL,
	"actor" text NOT NULL,
	"field" text NOT NULL,
	"from_value" text,
	"to_value" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "support"."inbound_mail" (
	"id" text PRIMARY KEY NOT NULL,
	"ticket_id" text NOT NULL,
	"message_id" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "support"."message" (
	"id" text PRIMARY KEY NOT NULL,
	"ticket_id" text NOT NULL,
	"visibility" text NOT NULL,
	"author_type" text NOT NULL,
	"author_id" text,
	"body" text NOT NULL,
	"via" text DEFAULT 'web' NOT NULL,
	"mail_message_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "message_visibility_ck" CHECK ("support"."message"."visibility" in ('public', 'internal'))
);
--> statement-breakpoint
CREATE TABLE "support"."ticket" (
	"id" text PRIMARY KEY NOT NULL,
	"subject" text NOT NULL,
	"category" text NOT NULL,
	"state" text DEFAULT 'new' NOT NULL,
	"priority" text DEFAULT 'normal' NOT NULL,
	"customer_id" text,
	"email" text NOT NULL,
	"name" text,
	"locale" text DEFAULT 'en' NOT NULL,
	"order_id" text,
	"assignee_id" text,
	"team" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"first_response_due_at" timestamp with time zone NOT NULL,
	"resolution_due_at" timestamp with time zone NOT NULL,
	"first_response_at" timestamp with time zone,
	"solved_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"message_count" integer DEFAULT 0 NOT NULL,
	"search" "tsvector" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ticket_state_ck" CHECK ("support"."ticket"."state" in ('new', 'open', 'pending', 'solved', 'closed')),
	CONSTRAINT "ticket_priority_ck" CHECK ("support"."ticket"."priority" in ('low', 'normal', 'high', 'urgent')),
	CONSTRAINT "ticket_category_ck" CHECK ("support"."ticket"."category" in ('order_problem', 'return_request', 'product_question', 'other'))
);
--> statement-breakpoint
ALTER TABLE "support"."attachment" ADD CONSTRAINT "attachment_ticket_id_ticket_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "support"."ticket"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support"."attachment" ADD CONSTRAINT "attachment_message_id_message_id_fk" FOREIGN KEY ("message_id") REFERENCES "support"."message"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support"."history" ADD CONSTRAINT "history_ticket_id_ticket_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "support"."ticket"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support"."inbound_mail" ADD CONSTRAINT "inbound_mail_ticket_id_ticket_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "support"."ticket"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support"."message" ADD CONSTRAINT "message_ticket_id_ticket_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "support"."ticket"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attachment_ticket_idx" ON "support"."attachment" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "attachment_pending_idx" ON "support"."attachment" USING btree ("created_at") WHERE "support"."attachment"."scan_state" = 'pending';--> statement-breakpoint
CREATE INDEX "history_ticket_idx" ON "support"."history" USING btree ("ticket_id","at");--> statement-breakpoint
CREATE INDEX "message_ticket_idx" ON "support"."message" USING btree ("ticket_id","created_at");--> statement-breakpoint
CREATE INDEX "message_mail_id_idx" ON "support"."message" USING btree ("mail_message_id");--> statement-breakpoint
CREATE INDEX "ticket_state_updated_idx" ON "support"."ticket" USING btree ("state","updated_at");--> statement-breakpoint
CREATE INDEX "ticket_assignee_idx" ON "support"."ticket" USING btree ("assignee_id","updated_at");--> statement-breakpoint
CREATE INDEX "ticket_customer_idx" ON "support"."ticket" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "ticket_email_idx" ON "support"."ticket" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "ticket_search_idx" ON "support"."ticket" USING gin ("search");