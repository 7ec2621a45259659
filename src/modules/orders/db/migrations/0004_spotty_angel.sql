CREATE TABLE "orders"."shipment_event" (
	"id" text PRIMARY KEY NOT NULL,
	"shipment_id" text NOT NULL,
	"status" text NOT NULL,
	"detail" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"source" text NOT NULL,
	"actor" text,
	"external_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "orders"."shipment" ADD COLUMN "estimated_delivery_on" date;--> statement-breakpoint
ALTER TABLE "orders"."shipment_event" ADD CONSTRAINT "shipment_event_shipment_id_shipment_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "orders"."shipment"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "shipment_event_shipment_idx" ON "orders"."shipment_event" USING btree ("shipment_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "shipment_event_external_uq" ON "orders"."shipment_event" USING btree ("shipment_id","external_id");--> statement-breakpoint
CREATE INDEX "shipment_tracking_idx" ON "orders"."shipment" USING btree ("tracking_number");