import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "../../../db/client.ts";
import { customers, orderLines, orders, shipmentEvents, shipments } from "../../../db/schema/index.ts";
import { type OrderImport, orderImportSchema } from "../../../integrations/commerce/order-import.ts";
import { withTransaction } from "../../context.ts";
import { InvalidInputError } from "../errors.ts";

export interface ImportReport {
  customers: number;
  orders: number;
  shipments: number;
  events: number;
}

/**
 * Load orders, shipments and their events in the documented JSON shape (README: "Importing orders").
 * Upserts on natural keys (customer email, order number, carrier + tracking number), so re-importing
 * the same file changes nothing.
 */
export async function importOrders(db: Executor, input: OrderImport): Promise<ImportReport> {
  const parsed = orderImportSchema.safeParse(input);
  if (!parsed.success) {
    const first = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new InvalidInputError(`invalid order import: ${first.join("; ")}`);
  }
  const data = parsed.data;
  const report: ImportReport = { customers: 0, orders: 0, shipments: 0, events: 0 };
  await withTransaction(db, async (tx) => {
    const emails = new Set([...data.customers.map((c) => c.email), ...data.orders.map((o) => o.email)]);
    for (const email of emails) {
      const customer = data.customers.find((c) => c.email === email);
      await tx
        .insert(customers)
        .values({
          email,
          name: customer?.name ?? null,
          phone: customer?.phone ?? null,
          locale: customer?.locale ?? null,
          timeZone: customer?.timeZone ?? null,
          vip: customer?.vip ?? false,
          tags: customer?.tags ?? [],
        })
        .onConflictDoUpdate({
          target: customers.email,
          set: customer
            ? {
                name: customer.name ?? null,
                vip: customer.vip,
                tags: customer.tags,
                locale: customer.locale ?? null,
              }
            : { email },
        });
      report.customers++;
    }
    for (const order of data.orders) {
      const [customer] = await tx
        .select({ id: customers.id })
        .from(customers)
        .where(eq(customers.email, order.email));
      const values = {
        number: order.number,
        customerId: customer?.id ?? null,
        email: order.email,
        status: order.status,
        placedAt: new Date(order.placedAt),
        total: order.total,
        currency: order.currency.toUpperCase(),
      };
      const [row] = await tx
        .insert(orders)
        .values(values)
        .onConflictDoUpdate({ target: orders.number, set: values })
        .returning({ id: orders.id });
      if (!row) continue;
      report.orders++;
      for (const line of order.lines) {
        await tx
          .insert(orderLines)
          .values({ orderId: row.id, ...line })
          .onConflictDoUpdate({
            target: [orderLines.orderId, orderLines.sku],
            set: { title: line.title, quantity: line.quantity, unitPrice: line.unitPrice },
          });
      }
      for (const shipment of order.shipments) {
        const shipmentValues = {
          orderId: row.id,
          carrier: shipment.carrier,
          trackingNumber: shipment.trackingNumber,
          trackingUrl: shipment.trackingUrl ?? null,
          state: shipment.state,
          rawStatus: shipment.rawStatus ?? null,
          shippedAt: date(shipment.shippedAt),
          estimatedDeliveryAt: date(shipment.estimatedDeliveryAt),
          deliveredAt: date(shipment.deliveredAt),
          lastEventAt: date(
            shipment.events
              .map((e) => e.occurredAt)
              .sort()
              .at(-1),
          ),
        };
        const [s] = await tx
          .insert(shipments)
          .values(shipmentValues)
          .onConflictDoUpdate({ target: [shipments.carrier, shipments.trackingNumber], set: shipmentValues })
          .returning({ id: shipments.id });
        if (!s) continue;
        report.shipments++;
        for (const event of shipment.events) {
          const inserted = await tx
            .insert(shipmentEvents)
            .values({
              shipmentId: s.id,
              state: event.state,
              description: event.description,
              location: event.location ?? null,
              occurredAt: new Date(event.occurredAt),
            })
            .onConflictDoNothing()
            .returning({ id: shipmentEvents.id });
          report.events += inserted.length;
        }
      }
    }
  });
  return report;
}

function date(value: string | undefined): Date | null {
  return value ? new Date(value) : null;
}

/** True when the store has no orders yet (first start: seed the demo). */
export async function storeIsEmpty(db: Executor): Promise<boolean> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(orders).where(and());
  return (row?.n ?? 0) === 0;
}
