import { and, desc, eq, inArray, notInArray } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { orderDetails } from "../db/queries/orders.ts";
import { customers, orders, type shipmentEvents, type shipments } from "../db/schema/index.ts";
import type { DeliveryStanding, Facts, OrderFacts, ShipmentFacts } from "./types.ts";
import { type OrderNumberFormat, orderNumberCandidates } from "./understand/extract.ts";

const dayMs = 86_400_000;

/**
 * What the store knows that bears on this email. Only the sender's own orders are ever returned;
 * a named order that belongs to someone else is reported by number only, never its contents.
 */
export async function lookupFacts(
  db: Executor,
  input: { senderEmail: string; orderNumbers: string[]; format: OrderNumberFormat; now: Date },
): Promise<Facts> {
  const email = input.senderEmail.toLowerCase();
  const [customer] = await db
    .select({ name: customers.name, vip: customers.vip })
    .from(customers)
    .where(eq(customers.email, email));

  const named = new Map<string, string[]>();
  for (const n of input.orderNumbers) named.set(n, orderNumberCandidates(n, input.format));
  const candidates = [...named.values()].flat();
  const found =
    candidates.length > 0
      ? await db
          .select({ id: orders.id, number: orders.number, email: orders.email })
          .from(orders)
          .where(inArray(orders.number, candidates))
      : [];

  const ownedIds: string[] = [];
  const foreignOrderNumbers: string[] = [];
  const unknownOrderNumbers: string[] = [];
  for (const [written, forms] of named) {
    const match = found.find((o) => forms.includes(o.number));
    if (!match) unknownOrderNumbers.push(written);
    else if (match.email === email) ownedIds.push(match.id);
    else foreignOrderNumbers.push(written);
  }

  let orderInferred = false;
  if (input.orderNumbers.length === 0) {
    // No number named: if the sender has exactly one order still on its way, that is the one they mean.
    const open = await db
      .select({ id: orders.id })
      .from(orders)
      .where(and(eq(orders.email, email), notInArray(orders.status, ["delivered", "cancelled", "refunded"])))
      .orderBy(desc(orders.placedAt))
      .limit(2);
    if (open.length === 1 && open[0]) {
      ownedIds.push(open[0].id);
      orderInferred = true;
    }
  }

  return {
    sender: { email, known: Boolean(customer), name: customer?.name ?? null, vip: customer?.vip ?? false },
    orders: await loadOrders(db, [...new Set(ownedIds)], input.now),
    foreignOrderNumbers,
    unknownOrderNumbers,
    orderInferred,
  };
}

async function loadOrders(db: Executor, ids: string[], now: Date): Promise<OrderFacts[]> {
  return (await orderDetails(db, ids)).map(({ order, lines, shipments: sent }) => {
    const orderShipments = sent.map(({ shipment, events }) =>
      shipmentFacts(shipment, events[0] ?? null, now),
    );
    return {
      number: order.number,
      status: order.status,
      placedAt: order.placedAt.toISOString(),
      total: order.total,
      currency: order.currency,
      lines: lines.map(({ title, quantity }) => ({ title, quantity })),
      shipments: orderShipments,
      standing: worstStanding(orderShipments.map((s) => s.standing)),
    };
  });
}

type ShipmentRow = typeof shipments.$inferSelect;
type EventRow = typeof shipmentEvents.$inferSelect;

export function shipmentFacts(s: ShipmentRow, lastEvent: EventRow | null, now: Date): ShipmentFacts {
  const { standing, daysLate, reason } = deliveryStanding(s, now);
  return {
    carrier: s.carrier,
    trackingNumber: s.trackingNumber,
    trackingUrl: s.trackingUrl,
    state: s.state,
    estimatedDeliveryAt: s.estimatedDeliveryAt?.toISOString() ?? null,
    deliveredAt: s.deliveredAt?.toISOString() ?? null,
    lastEvent: lastEvent
      ? {
          description: lastEvent.description,
          location: lastEvent.location,
          occurredAt: lastEvent.occurredAt.toISOString(),
        }
      : null,
    standing,
    daysLate,
    standingReason: reason,
  };
}

const shortDate = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });

/** How a shipment stands for the customer. A passed ETA without delivery is late. */
export function deliveryStanding(
  s: Pick<ShipmentRow, "state" | "estimatedDeliveryAt" | "deliveredAt">,
  now: Date,
): { standing: DeliveryStanding; daysLate: number; reason: string } {
  const eta = s.estimatedDeliveryAt;
  const day = (d: Date) => shortDate.format(d);
  switch (s.state) {
    case "delivered":
      return {
        standing: "delivered",
        daysLate: 0,
        reason: `delivered${s.deliveredAt ? ` ${day(s.deliveredAt)}` : ""}`,
      };
    case "returned":
      return { standing: "returned", daysLate: 0, reason: "returned to sender" };
    case "exception":
    case "expired":
      return { standing: "exception", daysLate: 0, reason: `carrier reports ${s.state}` };
    case "attempt_fail":
      return { standing: "attempt_failed", daysLate: 0, reason: "delivery attempt failed" };
    case "pending":
      return { standing: "not_shipped", daysLate: 0, reason: "not yet handed to the carrier" };
  }
  if (eta && eta.getTime() < now.getTime()) {
    const daysLate = Math.max(1, Math.floor((now.getTime() - eta.getTime()) / dayMs));
    return { standing: "late", daysLate, reason: `late: ETA ${day(eta)} passed` };
  }
  return { standing: "on_time", daysLate: 0, reason: eta ? `on time: ETA ${day(eta)}` : "in transit" };
}

const severity: DeliveryStanding[] = [
  "delivered",
  "returned",
  "on_time",
  "not_shipped",
  "attempt_failed",
  "late",
  "exception",
];

function worstStanding(standings: DeliveryStanding[]): DeliveryStanding {
  if (standings.length === 0) return "not_shipped";
  return standings.reduce((worst, s) => (severity.indexOf(s) > severity.indexOf(worst) ? s : worst));
}
