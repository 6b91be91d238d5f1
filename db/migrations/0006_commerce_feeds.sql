CREATE TABLE "commerce_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"type" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"order_id" uuid,
	"shipment_id" uuid,
	"return_id" uuid,
	"detail" text DEFAULT '' NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feed_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"feed_id" uuid NOT NULL,
	"delivery_key" text,
	"via" text NOT NULL,
	"body" text NOT NULL,
	"headers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"verdict" text NOT NULL,
	"error" text,
	"summary" jsonb,
	"received_at" timestamp with time zone NOT NULL,
	"replayed_at" timestamp with time zone,
	"replays" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feeds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"secret_sealed" text NOT NULL,
	"previous_secret_sealed" text,
	"previous_secret_until" timestamp with time zone,
	"mapping" jsonb,
	"poll" jsonb,
	"poll_auth_sealed" text,
	"poll_cursor" text,
	"last_polled_at" timestamp with time zone,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "source_updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "returns" ADD COLUMN "source_updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "feed_deliveries" ADD CONSTRAINT "feed_deliveries_feed_id_feeds_id_fk" FOREIGN KEY ("feed_id") REFERENCES "public"."feeds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "commerce_events_dedupe_uq" ON "commerce_events" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "commerce_events_created_idx" ON "commerce_events" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "feed_deliveries_key_uq" ON "feed_deliveries" USING btree ("feed_id","delivery_key") WHERE "feed_deliveries"."delivery_key" is not null and "feed_deliveries"."verdict" <> 'rejected';--> statement-breakpoint
CREATE INDEX "feed_deliveries_feed_received_idx" ON "feed_deliveries" USING btree ("feed_id","received_at");