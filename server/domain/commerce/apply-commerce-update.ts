import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "../../../db/client.ts";
import type { ShipmentState } from "../../../db/schema/commerce.ts";
import {
  type CommerceEventType,
  commerceEvents,
  customers,
  orderLines,
  orders,
  returns,
  shipmentEvents,
  shipments,
} from "../../../db/schema/index.ts";
import type {
  NormalisedOrder,
  NormalisedReturn,
  NormalisedShipment,
  NormalisedUpdate,
} from "../../../integrations/commerce/normalised.ts";
import { stateProgress } from "../../../integrations/commerce/states.ts";
import { InvalidInputError } from "../errors.ts";
import { settleDeliveredOrders } from "./settle-delivered-orders.ts";

export interface ApplyReport {
  orders: number;
  shipments: number;
  events: number;
  returns: number;
  /** Payload parts older than what is stored, left alone (out-of-order delivery). */
  stale: number;
}

export interface ApplyOptions {
  now: Date;
  /** Where the data came from ("feed:<id>", "csv", "import"), kept on new orders. */
  source: string;
}

/**
 * Upsert a normalised update on natural keys: customers merged by email, orders by number, shipments
 * by tracking number (and carrier), returns by RMA number. Idempotent, and an older payload never
 * overwrites a newer state: orders compare the source's `updatedAt`, shipments the time of their
 * newest event. Run inside the caller's transaction; throws InvalidInputError for data that cannot be
 * placed (a shipment for an order the store does not know).
 */
export async function applyCommerceUpdate(
  tx: Executor,
  update: NormalisedUpdate,
  options: ApplyOptions,
): Promise<ApplyReport> {
  const report: ApplyReport = { orders: 0, shipments: 0, events: 0, returns: 0, stale: 0 };
  // Orders that may now be delivered: those changed, and those a parcel of which was just delivered.
  const settle = new Set<string>();
  for (const order of update.orders) {
    const id = await applyOrder(tx, order, options, report);
    if (id) settle.add(id);
  }
  for (const shipment of update.shipments) {
    const delivered = await applyShipment(tx, shipment, options, report);
    if (delivered) settle.add(delivered);
  }
  for (const r of update.returns) await applyReturn(tx, r, options, report);
  await settleDeliveredOrders(tx, settle, options.now);
  return report;
}

async function recordEvent(
  tx: Executor,
  type: CommerceEventType,
  dedupeKey: string,
  subject: { orderId?: string; shipmentId?: string; returnId?: string },
  detail: string,
  occurredAt: Date,
): Promise<void> {
  await tx
    .insert(commerceEvents)
    .values({ type, dedupeKey: `${type}:${dedupeKey}`, ...subject, detail, occurredAt })
    .onConflictDoNothing();
}

async function upsertCustomer(tx: Executor, order: NormalisedOrder): Promise<string | null> {
  if (!order.email) return null;
  const tags = order.customerTags ?? [];
  const vip = tags.some((t) => t.toLowerCase() === "vip");
  const [row] = await tx
    .insert(customers)
    .values({
      email: order.email,
      name: order.customerName ?? null,
      phone: order.phone ?? null,
      vip,
      tags,
    })
    .onConflictDoUpdate({
      target: customers.email,
      set: {
        name: sql`coalesce(excluded.name, ${customers.name})`,
        phone: sql`coalesce(excluded.phone, ${customers.phone})`,
        // A VIP stays a VIP; tags from every source are merged.
        vip: sql`${customers.vip} or excluded.vip`,
        tags: sql`array(select distinct unnest(${customers.tags} || excluded.tags))`,
      },
    })
    .returning({ id: customers.id });
  return row?.id ?? null;
}

/** Returns the order's id, or null when the payload was older than what is stored. */
async function applyOrder(
  tx: Executor,
  order: NormalisedOrder,
  options: ApplyOptions,
  report: ApplyReport,
): Promise<string | null> {
  const customerId = await upsertCustomer(tx, order);
  const [existing] = await tx
    .select({ id: orders.id, status: orders.status, sourceUpdatedAt: orders.sourceUpdatedAt })
    .from(orders)
    .where(eq(orders.number, order.number))
    .for("update");
  let orderId: string;
  if (!existing) {
    const missing = [!order.email && "email", !order.total && "total", !order.currency && "currency"].filter(
      Boolean,
    );
    if (missing.length > 0)
      throw new InvalidInputError(`order ${order.number} is new and has no ${missing.join(", ")}`);
    const [created] = await tx
      .insert(orders)
      .values({
        number: order.number,
        customerId,
        email: order.email as string,
        status: order.status ?? "confirmed",
        placedAt: order.placedAt ?? options.now,
        total: order.total as string,
        currency: order.currency as string,
        source: options.source,
        sourceUpdatedAt: order.updatedAt ?? null,
      })
      .onConflictDoNothing()
      .returning({ id: orders.id });
    // Another delivery created it a moment ago: apply this one as an update.
    if (!created) return applyOrder(tx, order, options, report);
    orderId = created.id;
    await recordEvent(
      tx,
      "order.created",
      orderId,
      { orderId },
      `order ${order.number}`,
      order.placedAt ?? options.now,
    );
  } else {
    orderId = existing.id;
    if (order.updatedAt && existing.sourceUpdatedAt && order.updatedAt < existing.sourceUpdatedAt) {
      report.stale++;
      return null;
    }
    const set = defined({
      customerId: customerId ?? undefined,
      email: order.email,
      status: order.status,
      placedAt: order.placedAt,
      total: order.total,
      currency: order.currency,
      sourceUpdatedAt: order.updatedAt,
    });
    if (Object.keys(set).length > 0) await tx.update(orders).set(set).where(eq(orders.id, orderId));
    if (order.status === "cancelled" && existing.status !== "cancelled")
      await recordEvent(tx, "order.cancelled", orderId, { orderId }, `order ${order.number}`, options.now);
  }
  report.orders++;
  for (const line of order.lines ?? []) {
    await tx
      .insert(orderLines)
      .values({ orderId, ...line })
      .onConflictDoUpdate({
        target: [orderLines.orderId, orderLines.sku],
        set: { title: line.title, quantity: line.quantity, unitPrice: line.unitPrice },
      });
  }
  return orderId;
}

async function findShipment(tx: Executor, s: NormalisedShipment): Promise<ShipmentRow | undefined> {
  const rows = await tx
    .select({
      id: shipments.id,
      orderId: shipments.orderId,
      state: shipments.state,
      lastEventAt: shipments.lastEventAt,
      carrier: shipments.carrier,
      trackingNumber: shipments.trackingNumber,
    })
    .from(shipments)
    .where(
      s.carrier
        ? and(eq(shipments.trackingNumber, s.trackingNumber), eq(shipments.carrier, s.carrier))
        : eq(shipments.trackingNumber, s.trackingNumber),
    )
    .limit(2)
    .for("update");
  if (rows.length > 1)
    throw new InvalidInputError(
      `tracking number ${s.trackingNumber} is on several carriers' shipments: name the carrier`,
    );
  // A carrier name spelt differently ("DHL" vs "DHL Express") still finds the one shipment with that number.
  if (rows.length === 0 && s.carrier) return findShipment(tx, { ...s, carrier: undefined });
  return rows[0];
}

/** Which of two (state, time) pairs is newer: later time wins; at the same instant, the further state. */
function isNewer(state: ShipmentState, at: Date, than: { state: ShipmentState; at: Date | null }): boolean {
  if (!than.at) return true;
  if (at.getTime() !== than.at.getTime()) return at > than.at;
  return stateProgress[state] > stateProgress[than.state];
}

const eventForState: Partial<Record<ShipmentState, CommerceEventType>> = {
  in_transit: "shipment.shipped",
  out_for_delivery: "shipment.out_for_delivery",
  delivered: "shipment.delivered",
  attempt_fail: "shipment.attempt_failed",
  exception: "shipment.exception",
  expired: "shipment.exception",
  returned: "shipment.returned",
};

/** Returns the parcel's order when this payload delivered it. */
async function applyShipment(
  tx: Executor,
  s: NormalisedShipment,
  options: ApplyOptions,
  report: ApplyReport,
): Promise<string | null> {
  let row = await findShipment(tx, s);
  if (!row) {
    if (!s.orderNumber)
      throw new InvalidInputError(
        `tracking number ${s.trackingNumber} matches no shipment, and the payload names no order to add it to`,
      );
    const [order] = await tx.select({ id: orders.id }).from(orders).where(eq(orders.number, s.orderNumber));
    if (!order)
      throw new InvalidInputError(
        `order ${s.orderNumber} is not known (tracking number ${s.trackingNumber})`,
      );
    if (!s.carrier)
      throw new InvalidInputError(`tracking number ${s.trackingNumber} is new and names no carrier`);
    await tx
      .insert(shipments)
      .values({ orderId: order.id, carrier: s.carrier, trackingNumber: s.trackingNumber, state: "pending" })
      .onConflictDoNothing();
    row = await findShipment(tx, s);
    if (!row) throw new InvalidInputError(`shipment ${s.trackingNumber} could not be created`);
  }
  report.shipments++;

  if (s.events.length > 0) {
    const inserted = await tx
      .insert(shipmentEvents)
      .values(
        s.events.map((e) => ({
          shipmentId: row.id,
          state: e.state,
          rawStatus: e.rawStatus ?? null,
          description: e.description,
          location: e.location ?? null,
          occurredAt: e.occurredAt,
        })),
      )
      .onConflictDoNothing()
      .returning({ id: shipmentEvents.id });
    report.events += inserted.length;
  }

  const plan = planShipmentChange(row, s, options.now);
  if (plan.stale) report.stale++;
  if (Object.keys(plan.set).length > 0)
    await tx.update(shipments).set(plan.set).where(eq(shipments.id, row.id));
  if (plan.event) await tx.insert(commerceEvents).values(plan.event).onConflictDoNothing();
  return plan.set.state === "delivered" ? row.orderId : null;
}

export type ShipmentRow = Pick<
  typeof shipments.$inferSelect,
  "id" | "orderId" | "state" | "lastEventAt" | "carrier" | "trackingNumber"
>;

export interface ShipmentPlan {
  set: Partial<typeof shipments.$inferInsert>;
  /** The payload was older than what is stored: its state and ETA were left alone. */
  stale: boolean;
  event: typeof commerceEvents.$inferInsert | null;
}

/**
 * What a payload changes on a stored shipment, decided without touching the database (the single and
 * the batched ingest paths share it): the newest (state, time) wins, an older one never overwrites.
 */
export function planShipmentChange(row: ShipmentRow, s: NormalisedShipment, now: Date): ShipmentPlan {
  // The newest (state, time) the payload knows: its events, and its own state at its own time.
  // The payload's own state goes first, so at a tie its raw status (e.g. AfterShip's subtag) is kept.
  const candidates = s.events.map((e) => ({ state: e.state, rawStatus: e.rawStatus, at: e.occurredAt }));
  if (s.state && s.stateAt) candidates.unshift({ state: s.state, rawStatus: s.rawStatus, at: s.stateAt });
  const newest = candidates.reduce<(typeof candidates)[number] | null>(
    (best, c) => (!best || isNewer(c.state, c.at, { state: best.state, at: best.at }) ? c : best),
    null,
  );
  const current = { state: row.state, at: row.lastEventAt };
  const set: Partial<typeof shipments.$inferInsert> = {};
  let next: { state: ShipmentState; at: Date } | null = null;
  let stale = false;
  if (newest) {
    if (isNewer(newest.state, newest.at, current)) {
      next = newest;
      Object.assign(set, {
        state: newest.state,
        rawStatus: newest.rawStatus ?? newest.state,
        lastEventAt: newest.at,
      });
    } else if (newest.at < (current.at ?? newest.at)) {
      stale = true;
    }
  } else if (s.state && stateProgress[s.state] > stateProgress[row.state]) {
    // An undated state (a CSV's status column) may only move a shipment forward.
    next = { state: s.state, at: now };
    Object.assign(set, { state: s.state, rawStatus: s.rawStatus ?? s.state });
  }
  Object.assign(
    set,
    defined({
      trackingUrl: s.trackingUrl,
      shippedAt: s.shippedAt,
      // A revised ETA comes with newer news; a stale payload's ETA is as stale as its state.
      estimatedDeliveryAt: newest && !next ? undefined : s.estimatedDeliveryAt,
      deliveredAt: next?.state === "delivered" ? (s.deliveredAt ?? next.at) : undefined,
    }),
  );
  let event: ShipmentPlan["event"] = null;
  if (next && next.state !== row.state) {
    const type = eventForState[next.state];
    // shipped and delivered happen once per parcel; the others may recur, once per carrier scan.
    const once = type === "shipment.shipped" || type === "shipment.delivered" || type === "shipment.returned";
    if (type && !(type === "shipment.shipped" && stateProgress[row.state] >= stateProgress.in_transit)) {
      const key = once ? row.id : `${row.id}:${next.at.toISOString()}`;
      event = {
        type,
        dedupeKey: `${type}:${key}`,
        orderId: row.orderId,
        shipmentId: row.id,
        detail: `${row.carrier} ${row.trackingNumber}: ${next.state.replace(/_/g, " ")}`,
        occurredAt: next.at,
      };
    }
  }
  return { set, stale, event };
}

async function applyReturn(tx: Executor, r: NormalisedReturn, options: ApplyOptions, report: ApplyReport) {
  const [order] = await tx.select({ id: orders.id }).from(orders).where(eq(orders.number, r.orderNumber));
  if (!order) throw new InvalidInputError(`order ${r.orderNumber} is not known (return ${r.rmaNumber})`);
  const [created] = await tx
    .insert(returns)
    .values({
      orderId: order.id,
      rmaNumber: r.rmaNumber,
      status: r.status,
      reason: r.reason ?? null,
      sourceUpdatedAt: r.updatedAt ?? null,
    })
    .onConflictDoNothing()
    .returning({ id: returns.id });
  report.returns++;
  if (created) {
    await recordEvent(
      tx,
      "return.created",
      created.id,
      { orderId: order.id, returnId: created.id },
      `return ${r.rmaNumber}`,
      r.updatedAt ?? options.now,
    );
    return;
  }
  const updated = await tx
    .update(returns)
    .set(defined({ status: r.status, reason: r.reason, sourceUpdatedAt: r.updatedAt }))
    .where(
      and(
        eq(returns.rmaNumber, r.rmaNumber),
        r.updatedAt
          ? sql`(${returns.sourceUpdatedAt} is null or ${returns.sourceUpdatedAt} <= ${r.updatedAt.toISOString()})`
          : undefined,
      ),
    )
    .returning({ id: returns.id });
  if (updated.length === 0) report.stale++;
}

/** Only the fields a payload carries: an absent field leaves the stored value alone. */
function defined<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}
