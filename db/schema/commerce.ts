import {
  boolean,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { at, createdAt, id, timestamps } from "./columns.ts";

export const customers = pgTable(
  "customers",
  {
    id: id(),
    /** Lower-cased; customers are merged by email. */
    email: text("email").notNull(),
    name: text("name"),
    phone: text("phone"),
    locale: text("locale"),
    timeZone: text("time_zone"),
    vip: boolean("vip").notNull().default(false),
    tags: text("tags").array().notNull().default([]),
    ...timestamps(),
  },
  (t) => [uniqueIndex("customers_email_uq").on(t.email)],
);

export const orderStatuses = [
  "pending",
  "confirmed",
  "partially_fulfilled",
  "fulfilled",
  "delivered",
  "cancelled",
  "refunded",
] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export const orders = pgTable(
  "orders",
  {
    id: id(),
    /** The number customers see, e.g. "100234" or "RO-2024-0042"; stored without a leading '#'. */
    number: text("number").notNull(),
    customerId: uuid("customer_id").references(() => customers.id, { onDelete: "set null" }),
    email: text("email").notNull(),
    status: text("status", { enum: orderStatuses }).notNull().default("confirmed"),
    placedAt: at("placed_at").notNull(),
    /** Money as exact decimals in the order's currency. */
    total: numeric("total", { precision: 12, scale: 2 }).notNull(),
    currency: text("currency").notNull(),
    shippingAddress: jsonb("shipping_address").$type<Record<string, string>>(),
    source: text("source").notNull().default("manual"),
    /** When the source system last changed the order: an older payload never overwrites a newer one. */
    sourceUpdatedAt: at("source_updated_at"),
    ...timestamps(),
  },
  (t) => [uniqueIndex("orders_number_uq").on(t.number), index("orders_email_idx").on(t.email)],
);

export const orderLines = pgTable(
  "order_lines",
  {
    id: id(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    sku: text("sku").notNull(),
    title: text("title").notNull(),
    quantity: integer("quantity").notNull(),
    unitPrice: numeric("unit_price", { precision: 12, scale: 2 }).notNull(),
  },
  (t) => [uniqueIndex("order_lines_order_sku_uq").on(t.orderId, t.sku)],
);

/** One vocabulary for every carrier's states (see PROVIDERS.md: AfterShip tags, EasyPost statuses). */
export const shipmentStates = [
  "pending",
  "info_received",
  "in_transit",
  "out_for_delivery",
  "attempt_fail",
  "delivered",
  "exception",
  "expired",
  "returned",
] as const;
export type ShipmentState = (typeof shipmentStates)[number];

export const shipments = pgTable(
  "shipments",
  {
    id: id(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    carrier: text("carrier").notNull(),
    trackingNumber: text("tracking_number").notNull(),
    trackingUrl: text("tracking_url"),
    state: text("state", { enum: shipmentStates }).notNull().default("pending"),
    /** The carrier's own status string, kept beside the normalised state. */
    rawStatus: text("raw_status"),
    shippedAt: at("shipped_at"),
    estimatedDeliveryAt: at("estimated_delivery_at"),
    deliveredAt: at("delivered_at"),
    lastEventAt: at("last_event_at"),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("shipments_carrier_tracking_uq").on(t.carrier, t.trackingNumber),
    index("shipments_order_idx").on(t.orderId),
    index("shipments_tracking_idx").on(t.trackingNumber),
  ],
);

export const shipmentEvents = pgTable(
  "shipment_events",
  {
    id: id(),
    shipmentId: uuid("shipment_id")
      .notNull()
      .references(() => shipments.id, { onDelete: "cascade" }),
    state: text("state", { enum: shipmentStates }).notNull(),
    rawStatus: text("raw_status"),
    description: text("description").notNull().default(""),
    location: text("location"),
    occurredAt: at("occurred_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("shipment_events_uq").on(t.shipmentId, t.occurredAt, t.state)],
);

export const returnStatuses = ["requested", "approved", "received", "refunded", "rejected"] as const;
export type ReturnStatus = (typeof returnStatuses)[number];

export const returns = pgTable(
  "returns",
  {
    id: id(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    rmaNumber: text("rma_number").notNull(),
    status: text("status", { enum: returnStatuses }).notNull().default("requested"),
    reason: text("reason"),
    sourceUpdatedAt: at("source_updated_at"),
    ...timestamps(),
  },
  (t) => [uniqueIndex("returns_rma_uq").on(t.rmaNumber)],
);
