import { desc, inArray } from "drizzle-orm";
import type { Executor } from "../client.ts";
import { orderLines, orders, returns, shipmentEvents, shipments } from "../schema/index.ts";

export interface OrderDetail {
  order: typeof orders.$inferSelect;
  lines: (typeof orderLines.$inferSelect)[];
  shipments: { shipment: typeof shipments.$inferSelect; events: (typeof shipmentEvents.$inferSelect)[] }[];
  /** Returns and refunds, newest first; read only when asked (`withReturns`). */
  returns: (typeof returns.$inferSelect)[];
}

/**
 * Orders with their lines, shipments and tracking events (newest event first), in four queries; with
 * `withReturns` (the order panel) their returns and refunds too, in a fifth.
 */
export async function orderDetails(
  db: Executor,
  orderIds: string[],
  options: { withReturns?: boolean } = {},
): Promise<OrderDetail[]> {
  if (orderIds.length === 0) return [];
  const [orderRows, lineRows, shipmentRows, returnRows] = await Promise.all([
    db.select().from(orders).where(inArray(orders.id, orderIds)),
    db.select().from(orderLines).where(inArray(orderLines.orderId, orderIds)),
    db.select().from(shipments).where(inArray(shipments.orderId, orderIds)),
    options.withReturns
      ? db.select().from(returns).where(inArray(returns.orderId, orderIds)).orderBy(desc(returns.updatedAt))
      : Promise.resolve([]),
  ]);
  const shipmentIds = shipmentRows.map((s) => s.id);
  const events =
    shipmentIds.length > 0
      ? await db
          .select()
          .from(shipmentEvents)
          .where(inArray(shipmentEvents.shipmentId, shipmentIds))
          .orderBy(desc(shipmentEvents.occurredAt))
      : [];
  const byOrder = new Map(orderRows.map((o) => [o.id, o]));
  return orderIds.flatMap((id) => {
    const order = byOrder.get(id);
    if (!order) return [];
    return [
      {
        order,
        lines: lineRows.filter((l) => l.orderId === id),
        shipments: shipmentRows
          .filter((s) => s.orderId === id)
          .map((shipment) => ({ shipment, events: events.filter((e) => e.shipmentId === shipment.id) })),
        returns: returnRows.filter((r) => r.orderId === id),
      },
    ];
  });
}
