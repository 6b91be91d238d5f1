import { randomUUID } from "node:crypto";
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { type Executor, rowsOf } from "../../../db/client.ts";
import { commerceEvents, feedDeliveries, type shipmentEvents, shipments } from "../../../db/schema/index.ts";
import type { NormalisedUpdate } from "../../../integrations/commerce/normalised.ts";
import { withTransaction } from "../../context.ts";
import { DomainError } from "../errors.ts";
import {
  type ApplyReport,
  applyCommerceUpdate,
  planShipmentChange,
  type ShipmentRow,
} from "./apply-commerce-update.ts";
import type { DeliveryOutcome } from "./receive-feed-delivery.ts";
import { settleDeliveredOrders } from "./settle-delivered-orders.ts";

/** A verified, normalised delivery waiting to be applied with others. */
export interface PendingDelivery {
  feedId: string;
  deliveryKey: string | null;
  body: string;
  headers: Record<string, string>;
  update: NormalisedUpdate;
  receivedAt: Date;
}

const emptyReport = (): ApplyReport => ({ orders: 0, shipments: 0, events: 0, returns: 0, stale: 0 });

/**
 * Apply many deliveries in one transaction: one commit for all of them (a commit waits on the disk,
 * and webhooks come in bursts). Tracking updates for known parcels — most of the volume — are applied
 * set-wise in a fixed handful of statements; anything else runs through the general upsert in its own
 * savepoint, so one delivery's failure is recorded against it alone. Each delivery's row is written in
 * the same transaction as its effect.
 */
export async function applyDeliveryBatch(
  db: Executor,
  items: PendingDelivery[],
  now: Date,
): Promise<DeliveryOutcome[]> {
  return withTransaction(db, async (tx) => {
    const outcomes: ({
      verdict: "applied" | "failed";
      error: string | null;
      summary: ApplyReport | null;
    } | null)[] = items.map(() => null);

    // The sender's delivery ids: applied before → a duplicate; kept unapplied before → retried in
    // that row's place; the same id twice in this batch → the second is a duplicate.
    const keys = [...new Set(items.flatMap((i) => (i.deliveryKey ? [i.deliveryKey] : [])))];
    const earlier =
      keys.length > 0
        ? await tx
            .select({
              id: feedDeliveries.id,
              feedId: feedDeliveries.feedId,
              deliveryKey: feedDeliveries.deliveryKey,
              verdict: feedDeliveries.verdict,
            })
            .from(feedDeliveries)
            .where(
              and(
                inArray(feedDeliveries.feedId, [...new Set(items.map((i) => i.feedId))]),
                inArray(feedDeliveries.deliveryKey, keys),
                ne(feedDeliveries.verdict, "rejected"),
              ),
            )
        : [];
    const replaces: (string | null)[] = items.map(() => null);
    const duplicate: boolean[] = items.map(() => false);
    const seen = new Set<string>();
    for (const [i, item] of items.entries()) {
      if (!item.deliveryKey) continue;
      const id = `${item.feedId}|${item.deliveryKey}`;
      const before = earlier.find((e) => e.feedId === item.feedId && e.deliveryKey === item.deliveryKey);
      if (seen.has(id) || before?.verdict === "applied" || before?.verdict === "duplicate")
        duplicate[i] = true;
      else if (before) replaces[i] = before.id;
      seen.add(id);
    }
    const isTracking = (u: NormalisedUpdate) =>
      u.orders.length === 0 && u.returns.length === 0 && u.shipments.length > 0;
    const trackingNumbers = [
      ...new Set(
        items.flatMap((i) => (isTracking(i.update) ? i.update.shipments.map((s) => s.trackingNumber) : [])),
      ),
    ];
    // Locked in id order, so concurrent batches over the same parcels queue rather than deadlock.
    const rows =
      trackingNumbers.length > 0
        ? await tx
            .select({
              id: shipments.id,
              orderId: shipments.orderId,
              state: shipments.state,
              lastEventAt: shipments.lastEventAt,
              carrier: shipments.carrier,
              trackingNumber: shipments.trackingNumber,
            })
            .from(shipments)
            .where(inArray(shipments.trackingNumber, trackingNumbers))
            .orderBy(shipments.id)
            .for("update")
        : [];
    const byNumber = new Map<string, ShipmentRow[]>();
    for (const r of rows) byNumber.set(r.trackingNumber, [...(byNumber.get(r.trackingNumber) ?? []), r]);
    const rowFor = (trackingNumber: string, carrier: string | undefined): ShipmentRow | null => {
      const candidates = byNumber.get(trackingNumber) ?? [];
      const exact = carrier ? candidates.filter((c) => c.carrier === carrier) : [];
      const pool = exact.length > 0 ? exact : candidates;
      return pool.length === 1 ? (pool[0] as ShipmentRow) : null;
    };

    // The general path: anything that is not a tracking update for one known parcel per shipment.
    for (const [i, item] of items.entries()) {
      if (duplicate[i]) continue;
      const fast =
        isTracking(item.update) && item.update.shipments.every((s) => rowFor(s.trackingNumber, s.carrier));
      if (fast) continue;
      try {
        const summary = await tx.transaction((sp) =>
          applyCommerceUpdate(sp, item.update, { now, source: `feed:${item.feedId}` }),
        );
        outcomes[i] = { verdict: "applied", error: null, summary };
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        outcomes[i] = { verdict: "failed", error: error.message, summary: null };
      }
    }

    // The set-wise path. Rows are planned in arrival order against their in-memory state, so two
    // events for one parcel in the same batch are judged as if applied one after the other.
    const sets = new Map<string, Partial<typeof shipments.$inferInsert>>();
    const events: (typeof shipmentEvents.$inferInsert & { item: number })[] = [];
    const facts: (typeof commerceEvents.$inferInsert)[] = [];
    const delivered = new Set<string>();
    for (const [i, item] of items.entries()) {
      if (outcomes[i] || duplicate[i]) continue;
      const summary = emptyReport();
      for (const s of item.update.shipments) {
        const row = rowFor(s.trackingNumber, s.carrier) as ShipmentRow;
        summary.shipments++;
        for (const e of s.events)
          events.push({
            item: i,
            shipmentId: row.id,
            state: e.state,
            rawStatus: e.rawStatus ?? null,
            description: e.description,
            location: e.location ?? null,
            occurredAt: e.occurredAt,
          });
        const plan = planShipmentChange(row, s, now);
        if (plan.stale) summary.stale++;
        if (plan.set.state) row.state = plan.set.state;
        if (plan.set.lastEventAt) row.lastEventAt = plan.set.lastEventAt as Date;
        sets.set(row.id, { ...sets.get(row.id), ...plan.set });
        if (plan.event) facts.push(plan.event);
        if (plan.set.state === "delivered") delivered.add(row.orderId);
      }
      outcomes[i] = { verdict: "applied", error: null, summary };
    }
    if (events.length > 0) {
      // unnest() of one array per column: a few parameters however many rows (a bulk insert's bind
      // cost otherwise grows with rows × columns).
      const col = <T>(f: (e: (typeof events)[number]) => T) => events.map(f);
      const inserted = rowsOf<{ shipment_id: string; state: string; at_ms: number }>(
        await tx.execute(sql`
          insert into shipment_events (shipment_id, state, raw_status, description, location, occurred_at)
          select * from unnest(
            ${sql.param(col((e) => e.shipmentId))}::uuid[], ${sql.param(col((e) => e.state))}::text[],
            ${sql.param(col((e) => e.rawStatus ?? null))}::text[], ${sql.param(col((e) => e.description ?? ""))}::text[],
            ${sql.param(col((e) => e.location ?? null))}::text[], ${sql.param(col((e) => (e.occurredAt as Date).toISOString()))}::timestamptz[])
          on conflict do nothing
          returning shipment_id, state, (extract(epoch from occurred_at) * 1000)::float8 as at_ms`),
      ).map((r) => ({ shipmentId: r.shipment_id, state: r.state, at: new Date(Number(r.at_ms)) }));
      const key = (e: { shipmentId: string; state: string; at: Date }) =>
        `${e.shipmentId}|${e.state}|${e.at.getTime()}`;
      const fresh = new Set(inserted.map(key));
      for (const e of events) {
        const k = key({ shipmentId: e.shipmentId, state: e.state, at: e.occurredAt as Date });
        if (!fresh.delete(k)) continue;
        const summary = outcomes[e.item]?.summary;
        if (summary) summary.events++;
      }
    }
    const changed = [...sets].filter(([, set]) => Object.keys(set).length > 0);
    if (changed.length > 0) {
      const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : null);
      const tuples = changed.map(
        ([id, v]) =>
          sql`(${id}::uuid, ${v.state ?? null}, ${v.rawStatus ?? null}, ${iso(v.lastEventAt)}::timestamptz,
               ${iso(v.estimatedDeliveryAt)}::timestamptz, ${iso(v.deliveredAt)}::timestamptz,
               ${v.trackingUrl ?? null}, ${iso(v.shippedAt)}::timestamptz)`,
      );
      // One statement for every parcel the batch moved; an absent value keeps the stored one.
      await tx.execute(sql`
        update shipments s set
          state = coalesce(v.state, s.state),
          raw_status = coalesce(v.raw_status, s.raw_status),
          last_event_at = coalesce(v.last_event_at, s.last_event_at),
          estimated_delivery_at = coalesce(v.eta, s.estimated_delivery_at),
          delivered_at = coalesce(v.delivered_at, s.delivered_at),
          tracking_url = coalesce(v.tracking_url, s.tracking_url),
          shipped_at = coalesce(v.shipped_at, s.shipped_at),
          updated_at = now()
        from (values ${sql.join(tuples, sql`, `)})
          as v(id, state, raw_status, last_event_at, eta, delivered_at, tracking_url, shipped_at)
        where s.id = v.id`);
    }
    if (facts.length > 0) await tx.insert(commerceEvents).values(facts).onConflictDoNothing();
    await settleDeliveredOrders(tx, delivered, now);

    // Each delivery's own row. A second delivery with the same sender id (in this batch or racing
    // another) loses the unique index and is kept as a duplicate instead.
    const result: DeliveryOutcome[] = [];
    const fresh: (typeof feedDeliveries.$inferInsert & { id: string })[] = [];
    for (const [i, item] of items.entries()) {
      const o = outcomes[i];
      const id = replaces[i] ?? randomUUID();
      const row = {
        id,
        feedId: item.feedId,
        deliveryKey: o ? item.deliveryKey : null,
        via: "webhook",
        body: item.body,
        headers: item.headers,
        verdict: o?.verdict ?? ("duplicate" as const),
        error: o ? o.error : `delivery ${item.deliveryKey} was applied already`,
        summary: o?.summary ? { ...o.summary } : null,
        receivedAt: item.receivedAt,
      };
      if (replaces[i]) {
        const { id: _, ...set } = row;
        await tx.update(feedDeliveries).set(set).where(eq(feedDeliveries.id, id));
      } else fresh.push(row);
      result.push({
        deliveryId: id,
        verdict: row.verdict,
        error: o?.error ?? null,
        summary: o?.summary ?? null,
      });
    }
    // A delivery id racing another batch loses the unique index: kept as a duplicate instead.
    const written = new Set(
      fresh.length > 0
        ? rowsOf<{ id: string }>(
            await tx.execute(sql`
              insert into feed_deliveries
                (id, feed_id, delivery_key, via, body, headers, verdict, error, summary, received_at)
              select * from unnest(
                ${sql.param(fresh.map((r) => r.id))}::uuid[], ${sql.param(fresh.map((r) => r.feedId))}::uuid[],
                ${sql.param(fresh.map((r) => r.deliveryKey ?? null))}::text[], ${sql.param(fresh.map((r) => r.via))}::text[],
                ${sql.param(fresh.map((r) => r.body))}::text[], ${sql.param(fresh.map((r) => JSON.stringify(r.headers ?? {})))}::jsonb[],
                ${sql.param(fresh.map((r) => r.verdict))}::text[], ${sql.param(fresh.map((r) => r.error ?? null))}::text[],
                ${sql.param(fresh.map((r) => (r.summary ? JSON.stringify(r.summary) : null)))}::jsonb[],
                ${sql.param(fresh.map((r) => (r.receivedAt as Date).toISOString()))}::timestamptz[])
              on conflict do nothing
              returning id`),
          ).map((w) => w.id)
        : [],
    );
    for (const row of fresh) {
      if (written.has(row.id)) continue;
      await tx
        .insert(feedDeliveries)
        .values({ ...row, deliveryKey: null, verdict: "duplicate", summary: null });
      const r = result.find((x) => x.deliveryId === row.id);
      if (r) Object.assign(r, { verdict: "duplicate", error: null, summary: null });
    }
    return result;
  });
}
