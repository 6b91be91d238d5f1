import { and, gt, inArray } from "drizzle-orm";
import { deliveryStanding } from "../../../agent/lookup.ts";
import { commerceEvents, shipments } from "../../../db/schema/index.ts";
import type { AppContext } from "../../context.ts";

/** States in which a parcel is still on its way, so it can become late. */
const moving = ["info_received", "in_transit", "out_for_delivery"] as const;

/**
 * Record `shipment.late` for every parcel that has become late (ETA passed, or no scan for the
 * carrier's N days) — once per parcel and reason, with the reason in words ("late: ETA 8 Nov passed"),
 * for the transactional flows. Exceptions and failed attempts are recorded as they arrive.
 */
export async function detectLateShipments(ctx: AppContext, batch = 1000): Promise<{ late: number }> {
  const now = ctx.clock();
  const lateness = ctx.config.commerce.lateness;
  let late = 0;
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const rows = await ctx.db
      .select({
        id: shipments.id,
        orderId: shipments.orderId,
        carrier: shipments.carrier,
        trackingNumber: shipments.trackingNumber,
        state: shipments.state,
        estimatedDeliveryAt: shipments.estimatedDeliveryAt,
        deliveredAt: shipments.deliveredAt,
        lastEventAt: shipments.lastEventAt,
        shippedAt: shipments.shippedAt,
      })
      .from(shipments)
      .where(and(inArray(shipments.state, [...moving]), gt(shipments.id, after)))
      .orderBy(shipments.id)
      .limit(batch);
    if (rows.length === 0) break;
    after = (rows.at(-1) as { id: string }).id;
    const found = rows.flatMap((s) => {
      const standing = deliveryStanding(s, now, lateness);
      if (standing.standing !== "late") return [];
      // One event per parcel and cause: a new ETA that passes again, or a new silence, is news.
      const cause = standing.reason.startsWith("late: ETA")
        ? `eta:${s.estimatedDeliveryAt?.toISOString()}`
        : `quiet:${(s.lastEventAt ?? s.shippedAt)?.toISOString()}`;
      return [
        {
          type: "shipment.late" as const,
          dedupeKey: `shipment.late:${s.id}:${cause}`,
          orderId: s.orderId,
          shipmentId: s.id,
          detail: `${s.carrier} ${s.trackingNumber}: ${standing.reason}`,
          occurredAt: now,
        },
      ];
    });
    if (found.length > 0) {
      const inserted = await ctx.db
        .insert(commerceEvents)
        .values(found)
        .onConflictDoNothing()
        .returning({ id: commerceEvents.id });
      late += inserted.length;
    }
    if (rows.length < batch) break;
  }
  return { late };
}
