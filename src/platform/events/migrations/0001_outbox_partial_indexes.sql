DROP INDEX "events"."outbox_pending_idx";--> statement-breakpoint
CREATE INDEX "outbox_pending_id_idx" ON "events"."outbox" USING btree ("id") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "outbox_dead_id_idx" ON "events"."outbox" USING btree ("id") WHERE status = 'dead';