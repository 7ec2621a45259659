CREATE TABLE "catalog"."site_price" (
	"variant_id" text NOT NULL,
	"site" text NOT NULL,
	"amount" integer NOT NULL,
	"currency" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "site_price_variant_id_site_pk" PRIMARY KEY("variant_id","site"),
	CONSTRAINT "site_price_amount_ck" CHECK ("catalog"."site_price"."amount" >= 0)
);
--> statement-breakpoint
ALTER TABLE "catalog"."product" ADD COLUMN "sites" text[] DEFAULT '{default}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "catalog"."site_price" ADD CONSTRAINT "site_price_variant_id_variant_id_fk" FOREIGN KEY ("variant_id") REFERENCES "catalog"."variant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "site_price_site_idx" ON "catalog"."site_price" USING btree ("site","variant_id");--> statement-breakpoint
CREATE INDEX "product_sites_idx" ON "catalog"."product" USING gin ("sites");