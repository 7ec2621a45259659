CREATE TABLE "identity"."address" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"label" text,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"line1" text NOT NULL,
	"line2" text,
	"city" text NOT NULL,
	"region" text,
	"postal_code" text NOT NULL,
	"country" text NOT NULL,
	"phone" text,
	"default_shipping" boolean DEFAULT false NOT NULL,
	"default_billing" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "address_country_iso" CHECK ("identity"."address"."country" ~ '^[A-Z]{2}$')
);
--> statement-breakpoint
ALTER TABLE "identity"."address" ADD CONSTRAINT "address_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "address_user_idx" ON "identity"."address" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "address_default_shipping_uq" ON "identity"."address" USING btree ("user_id") WHERE default_shipping;--> statement-breakpoint
CREATE UNIQUE INDEX "address_default_billing_uq" ON "identity"."address" USING btree ("user_id") WHERE default_billing;