CREATE SCHEMA "orders";
--> statement-breakpoint
CREATE TABLE "orders"."order" (
	"id" text PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"source" text DEFAULT 'web' NOT NULL,
	"external_ref" text,
	"customer_id" text,
	"email" text,
	"country" text,
	"status" text NOT NULL,
	"currency" text NOT NULL,
	"subtotal" integer NOT NULL,
	"fees_total" integer DEFAULT 0 NOT NULL,
	"total" integer NOT NULL,
	"placed_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "orders"."order_adjustment" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"code" text NOT NULL,
	"description" text NOT NULL,
	"amount" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "orders"."order_line" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"position" integer NOT NULL,
	"sku" text NOT NULL,
	"title" text NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price" integer NOT NULL,
	"line_total" integer NOT NULL,
	CONSTRAINT "order_line_quantity_ck" CHECK ("orders"."order_line"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "orders"."order_return" (
	"id" text PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"external_ref" text NOT NULL,
	"customer_id" text,
	"currency" text NOT NULL,
	"total" integer NOT NULL,
	"fees_total" integer DEFAULT 0 NOT NULL,
	"returned_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "orders"."return_line" (
	"id" text PRIMARY KEY NOT NULL,
	"return_id" text NOT NULL,
	"order_id" text,
	"sku" text NOT NULL,
	"title" text NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price" integer NOT NULL,
	CONSTRAINT "return_line_quantity_ck" CHECK ("orders"."return_line"."quantity" > 0)
);
--> statement-breakpoint
ALTER TABLE "orders"."order_adjustment" ADD CONSTRAINT "order_adjustment_order_id_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "orders"."order"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders"."order_line" ADD CONSTRAINT "order_line_order_id_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "orders"."order"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders"."return_line" ADD CONSTRAINT "return_line_return_id_order_return_id_fk" FOREIGN KEY ("return_id") REFERENCES "orders"."order_return"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders"."return_line" ADD CONSTRAINT "return_line_order_id_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "orders"."order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "order_number_uq" ON "orders"."order" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "order_source_ref_uq" ON "orders"."order" USING btree ("source","external_ref");--> statement-breakpoint
CREATE INDEX "order_customer_idx" ON "orders"."order" USING btree ("customer_id","placed_at");--> statement-breakpoint
CREATE INDEX "order_placed_idx" ON "orders"."order" USING btree ("placed_at");--> statement-breakpoint
CREATE INDEX "order_adjustment_order_idx" ON "orders"."order_adjustment" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "order_line_order_idx" ON "orders"."order_line" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "order_line_sku_idx" ON "orders"."order_line" USING btree ("sku");--> statement-breakpoint
CREATE UNIQUE INDEX "order_return_source_ref_uq" ON "orders"."order_return" USING btree ("source","external_ref");--> statement-breakpoint
CREATE INDEX "order_return_customer_idx" ON "orders"."order_return" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "return_line_return_idx" ON "orders"."return_line" USING btree ("return_id");--> statement-breakpoint
CREATE INDEX "return_line_order_idx" ON "orders"."return_line" USING btree ("order_id");