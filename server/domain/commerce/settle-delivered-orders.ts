import { sql } from "drizzle-orm";
import { type Executor, rowsOf } from "../../../db/client.ts";
import { commerceEvents } from "../../../db/schema/index.ts";

/**
 * An order is delivered once every item has shipped (status `fulfilled`) and every parcel of it has
 * been delivered. Run after parcels move to delivered and after orders change, in the same
 * transaction; emits `order.delivered` once per order. A partly fulfilled order waits for its last
 * parcel to be shipped and delivered. Returns the orders it marked.
 */
export async function settleDeliveredOrders(
  tx: Executor,
  orderIds: Iterable<string>,
  now: Date,
): Promise<string[]> {
  const ids = [...new Set(orderIds)];
  if (ids.length === 0) return [];
  const marked = rowsOf<{ id: string; number: string; delivered_at: string | Date | null }>(
    await tx.execute(sql`
      update orders o set status = 'delivered', updated_at = now()
      where o.id = any(${sql.param(ids)}::uuid[])
        and o.status = 'fulfilled'
        and exists (select 1 from shipments s where s.order_id = o.id)
        and not exists (select 1 from shipments s where s.order_id = o.id and s.state <> 'delivered')
      returning o.id, o.number,
        (select max(s.delivered_at) from shipments s where s.order_id = o.id) as delivered_at`),
  );
  if (marked.length > 0)
    await tx
      .insert(commerceEvents)
      .values(
        marked.map((o) => ({
          type: "order.delivered" as const,
          dedupeKey: `order.delivered:${o.id}`,
          orderId: o.id,
          detail: `order ${o.number}: every parcel delivered`,
          occurredAt: o.delivered_at ? new Date(o.delivered_at) : now,
        })),
      )
      .onConflictDoNothing();
  return marked.map((o) => o.id);
}
