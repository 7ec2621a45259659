CREATE TABLE "support"."contact_message" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"topic" text NOT NULL,
	"team" text NOT NULL,
	"message" text NOT NULL,
	"order_number" text,
	"locale" text DEFAULT 'en' NOT NULL,
	"state" text DEFAULT 'new' NOT NULL,
	"ticket_id" text,
	"ip" text,
	"reply" text,
	"answered_by" text,
	"answered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "contact_message_state_idx" ON "support"."contact_message" USING btree ("state","created_at");--> statement-breakpoint
CREATE INDEX "contact_message_team_idx" ON "support"."contact_message" USING btree ("team","created_at");