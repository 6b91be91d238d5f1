import { and, inArray, notInArray } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { orderDetails } from "../db/queries/orders.ts";
import { customers, orders, type shipmentEvents, type shipments } from "../db/schema/index.ts";
import {
  defaultLatenessRules,
  type LatenessRules,
  noScanDaysFor,
} from "../integrations/commerce/lateness.ts";
import type { DeliveryStanding, Facts, OrderFacts, ShipmentFacts } from "./types.ts";
import { type OrderNumberFormat, orderNumberCandidates } from "./understand/extract.ts";

const dayMs = 86_400_000;

export interface FactsQuery {
  senderEmail: string;
  orderNumbers: string[];
}

/**
 * What the store knows that bears on this email. Only the sender's own orders are ever returned;
 * a named order that belongs to someone else is reported by number only, never its contents.
 */
export async function lookupFacts(
  db: Executor,
  input: FactsQuery & { format: OrderNumberFormat; now: Date },
): Promise<Facts> {
  const [facts] = await lookupFactsMany(db, [input], input.format, input.now);
  return facts as Facts;
}

/**
 * The same for many emails at once, in a fixed handful of queries however many there are (a sync
 * page's mail is triaged together). Answers come back in the order asked.
 */
export async function lookupFactsMany(
  db: Executor,
  queries: FactsQuery[],
  format: OrderNumberFormat,
  now: Date,
  lateness: LatenessRules = defaultLatenessRules,
): Promise<Facts[]> {
  if (queries.length === 0) return [];
  const emails = [...new Set(queries.map((q) => q.senderEmail.toLowerCase()))];
  const named = queries.map(
    (q) => new Map(q.orderNumbers.map((n) => [n, orderNumberCandidates(n, format)] as const)),
  );
  const candidates = [...new Set(named.flatMap((m) => [...m.values()].flat()))];
  // Senders who named no order: if they have exactly one still on its way, that is the one they mean.
  const unnamed = [
    ...new Set(queries.filter((q) => q.orderNumbers.length === 0).map((q) => q.senderEmail.toLowerCase())),
  ];

  const [customerRows, found, open] = await Promise.all([
    db
      .select({ email: customers.email, name: customers.name, vip: customers.vip })
      .from(customers)
      .where(inArray(customers.email, emails)),
    candidates.length > 0
      ? db
          .select({ id: orders.id, number: orders.number, email: orders.email })
          .from(orders)
          .where(inArray(orders.number, candidates))
      : Promise.resolve([]),
    unnamed.length > 0
      ? db
          .select({ id: orders.id, email: orders.email })
          .from(orders)
          .where(
            and(
              inArray(orders.email, unnamed),
              notInArray(orders.status, ["delivered", "cancelled", "refunded"]),
            ),
          )
      : Promise.resolve([]),
  ]);
  const customerOf = new Map(customerRows.map((c) => [c.email, c]));
  const openOf = new Map<string, string[]>();
  for (const o of open) openOf.set(o.email, [...(openOf.get(o.email) ?? []), o.id]);

  const resolved = queries.map((q, i) => {
    const email = q.senderEmail.toLowerCase();
    const ownedIds: string[] = [];
    const foreignOrderNumbers: string[] = [];
    const unknownOrderNumbers: string[] = [];
    for (const [written, forms] of named[i] ?? []) {
      const match = found.find((o) => forms.includes(o.number));
      if (!match) unknownOrderNumbers.push(written);
      else if (match.email === email) ownedIds.push(match.id);
      else foreignOrderNumbers.push(written);
    }
    const openIds = q.orderNumbers.length === 0 ? (openOf.get(email) ?? []) : [];
    const orderInferred = openIds.length === 1;
    if (orderInferred) ownedIds.push(openIds[0] as string);
    return {
      email,
      ownedIds: [...new Set(ownedIds)],
      foreignOrderNumbers,
      unknownOrderNumbers,
      orderInferred,
    };
  });

  const details = new Map(
    (await loadOrders(db, [...new Set(resolved.flatMap((r) => r.ownedIds))], now, lateness)).map((o) => [
      o.id,
      o.facts,
    ]),
  );
  return resolved.map(({ email, ownedIds, foreignOrderNumbers, unknownOrderNumbers, orderInferred }) => {
    const customer = customerOf.get(email);
    return {
      sender: { email, known: Boolean(customer), name: customer?.name ?? null, vip: customer?.vip ?? false },
      orders: ownedIds.flatMap((id) => details.get(id) ?? []),
      foreignOrderNumbers,
      unknownOrderNumbers,
      orderInferred,
    };
  });
}

/**
 * A facts source that gathers the look-ups asked for in the same turn of the event loop into one
 * `lookupFactsMany`: the emails of a triage batch are looked up together.
 */
export function batchedFactsSource(
  db: Executor,
  format: OrderNumberFormat,
  clock: () => Date,
  lateness: LatenessRules = defaultLatenessRules,
): (query: FactsQuery) => Promise<Facts> {
  let pending: { query: FactsQuery; resolve: (f: Facts) => void; reject: (e: unknown) => void }[] = [];
  const flush = () => {
    const batch = pending;
    pending = [];
    lookupFactsMany(
      db,
      batch.map((p) => p.query),
      format,
      clock(),
      lateness,
    ).then(
      (facts) => {
        for (const [i, p] of batch.entries()) p.resolve(facts[i] as Facts);
      },
      (error) => {
        for (const p of batch) p.reject(error);
      },
    );
  };
  return (query) =>
    new Promise<Facts>((resolve, reject) => {
      if (pending.length === 0) setImmediate(flush);
      pending.push({ query, resolve, reject });
    });
}

async function loadOrders(
  db: Executor,
  ids: string[],
  now: Date,
  lateness: LatenessRules,
): Promise<{ id: string; facts: OrderFacts }[]> {
  return (await orderDetails(db, ids)).map(({ order, lines, shipments: sent }) => {
    const orderShipments = sent.map(({ shipment, events }) =>
      shipmentFacts(shipment, events[0] ?? null, now, lateness),
    );
    const facts: OrderFacts = {
      number: order.number,
      status: order.status,
      placedAt: order.placedAt.toISOString(),
      total: order.total,
      currency: order.currency,
      lines: lines.map(({ title, quantity }) => ({ title, quantity })),
      shipments: orderShipments,
      standing: worstStanding(orderShipments.map((s) => s.standing)),
    };
    return { id: order.id, facts };
  });
}

type ShipmentRow = typeof shipments.$inferSelect;
type EventRow = typeof shipmentEvents.$inferSelect;

export function shipmentFacts(
  s: ShipmentRow,
  lastEvent: EventRow | null,
  now: Date,
  lateness: LatenessRules = defaultLatenessRules,
): ShipmentFacts {
  const { standing, daysLate, reason } = deliveryStanding(s, now, lateness);
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

/**
 * How a shipment stands for the customer. A passed ETA without delivery is late, and so is a parcel
 * in transit with no carrier scan for the carrier's N days (integrations/commerce/lateness.ts).
 */
export function deliveryStanding(
  s: Pick<ShipmentRow, "state" | "estimatedDeliveryAt" | "deliveredAt"> &
    Partial<Pick<ShipmentRow, "carrier" | "lastEventAt" | "shippedAt">>,
  now: Date,
  lateness: LatenessRules = defaultLatenessRules,
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
  const lastScan = s.lastEventAt ?? s.shippedAt;
  const quietDays = noScanDaysFor(lateness, s.carrier);
  if (lastScan && now.getTime() - lastScan.getTime() > quietDays * dayMs) {
    const silent = Math.floor((now.getTime() - lastScan.getTime()) / dayMs);
    return {
      standing: "late",
      daysLate: silent - quietDays,
      reason: `late: no carrier scan for ${silent} days (since ${day(lastScan)})`,
    };
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
