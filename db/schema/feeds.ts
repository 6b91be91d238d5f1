import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, id, timestamps } from "./columns.ts";

/**
 * Connectors that bring order, warehouse and carrier data in (DESIGN.md: `CommerceFeed`). A feed's
 * kind says which payload shape and signature it speaks; `generic_json` and `rest_poll` read
 * payloads through the field mapping a logistics user sets in the UI.
 */
export const feedKinds = ["generic_json", "shopify", "aftership", "easypost", "rest_poll"] as const;
export type FeedKind = (typeof feedKinds)[number];

export const feeds = pgTable("feeds", {
  id: id(),
  name: text("name").notNull(),
  kind: text("kind", { enum: feedKinds }).notNull(),
  /** Sealed with the SecretBox, the feed id as owner (invariant 6). */
  secretSealed: text("secret_sealed").notNull(),
  /** The secret before the last rotation, still accepted until `previousSecretUntil` (senders switch over). */
  previousSecretSealed: text("previous_secret_sealed"),
  previousSecretUntil: at("previous_secret_until"),
  /** The field mapping (generic_json, rest_poll), zod-parsed on read. */
  mapping: jsonb("mapping"),
  /** REST polling settings (rest_poll): url, auth header name, cursor parameter, interval; zod-parsed on read. */
  poll: jsonb("poll"),
  /** The sealed value of the poll's auth header (invariant 6). */
  pollAuthSealed: text("poll_auth_sealed"),
  pollCursor: text("poll_cursor"),
  lastPolledAt: at("last_polled_at"),
  enabled: boolean("enabled").notNull().default(true),
  ...timestamps(),
});

export const deliveryVerdicts = [
  /** Signature good, payload normalised and applied. */
  "applied",
  /** Signature missing, wrong or too old: not applied (401). */
  "rejected",
  /** Not JSON, or the mapping could not read it: kept for a replay after a mapping fix. */
  "invalid",
  /** Read but could not be applied (e.g. a tracking number for no known shipment): kept for replay. */
  "failed",
  /** The same delivery id arrived again: not applied twice. */
  "duplicate",
] as const;
export type DeliveryVerdict = (typeof deliveryVerdicts)[number];

/** Every payload a feed received, raw, with what became of it — inspectable and replayable. */
export const feedDeliveries = pgTable(
  "feed_deliveries",
  {
    id: id(),
    feedId: uuid("feed_id")
      .notNull()
      .references(() => feeds.id, { onDelete: "cascade" }),
    /** The sender's own delivery id (X-Shopify-Webhook-Id, AfterShip event_id…), to apply each once. */
    deliveryKey: text("delivery_key"),
    /** "webhook", "poll", "csv" or "replay". */
    via: text("via").notNull(),
    /** The body as received: signatures are over these exact bytes, so it is kept as text, unparsed. */
    body: text("body").notNull(),
    /** The headers that matter for replay and diagnosis (topic, content type); never the signature secret. */
    headers: jsonb("headers").$type<Record<string, string>>().notNull().default({}),
    verdict: text("verdict", { enum: deliveryVerdicts }).notNull(),
    error: text("error"),
    /** What the payload changed: counts of orders, shipments, events. */
    summary: jsonb("summary").$type<Record<string, number>>(),
    receivedAt: at("received_at").notNull(),
    replayedAt: at("replayed_at"),
    replays: integer("replays").notNull().default(0),
  },
  (t) => [
    uniqueIndex("feed_deliveries_key_uq")
      .on(t.feedId, t.deliveryKey)
      .where(sql`${t.deliveryKey} is not null and ${t.verdict} <> 'rejected'`),
    index("feed_deliveries_feed_received_idx").on(t.feedId, t.receivedAt),
  ],
);

export const commerceEventTypes = [
  "order.created",
  "order.cancelled",
  /** Every item shipped and every parcel delivered. */
  "order.delivered",
  "shipment.shipped",
  "shipment.out_for_delivery",
  "shipment.delivered",
  "shipment.attempt_failed",
  "shipment.exception",
  "shipment.returned",
  "shipment.late",
  "return.created",
] as const;
export type CommerceEventType = (typeof commerceEventTypes)[number];

/**
 * What changed in the store's data, for the transactional flows to come (order confirmed, shipped…).
 * `dedupeKey` makes each fact happen once however often its payload is replayed.
 */
export const commerceEvents = pgTable(
  "commerce_events",
  {
    id: id(),
    type: text("type", { enum: commerceEventTypes }).notNull(),
    dedupeKey: text("dedupe_key").notNull(),
    orderId: uuid("order_id"),
    shipmentId: uuid("shipment_id"),
    returnId: uuid("return_id"),
    /** In words: "late: ETA 8 Nov passed". */
    detail: text("detail").notNull().default(""),
    occurredAt: at("occurred_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("commerce_events_dedupe_uq").on(t.dedupeKey),
    index("commerce_events_created_idx").on(t.createdAt),
  ],
);
