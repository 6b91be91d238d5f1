import { and, asc, eq, sql } from "drizzle-orm";
import { commerceEvents, customers, orders } from "../../db/schema/index.ts";
import type { OrderInsightsView, OrderPageResponse } from "../api/types.ts";
import type { AppContext } from "../context.ts";
import { orderViews } from "./views.ts";

/**
 * Order value bands in euros-ish units of the order's currency (a label for people and flows, not
 * accounting): below 50 low, up to the high-value threshold medium, above it high.
 */
export function valueBand(total: number, highValueThreshold: number): OrderInsightsView["valueBand"] {
  if (total > highValueThreshold) return "high";
  return total < 50 ? "low" : "medium";
}

/** One order for the order page: the panel's view, the customer, derived facts and the commerce events. */
export async function orderPage(
  ctx: Pick<AppContext, "db" | "clock" | "config">,
  number: string,
): Promise<OrderPageResponse | null> {
  const { db } = ctx;
  const now = ctx.clock();
  const { highValueThreshold } = ctx.config.policy;
  const [order] = await db
    .select({ id: orders.id, email: orders.email, total: orders.total, placedAt: orders.placedAt })
    .from(orders)
    .where(eq(orders.number, number.replace(/^#/, "")));
  if (!order) return null;
  const [[view], [customer], [history], events] = await Promise.all([
    orderViews(db, [order.id], now, ctx.config.commerce.lateness),
    db
      .select({ email: customers.email, name: customers.name, vip: customers.vip, tags: customers.tags })
      .from(customers)
      .where(eq(customers.email, order.email)),
    db
      .select({
        count: sql<number>`count(*)::int`,
        earlier: sql<number>`count(*) filter (where ${orders.placedAt} < ${order.placedAt.toISOString()})::int`,
      })
      .from(orders)
      .where(and(eq(orders.email, order.email))),
    db
      .select({
        type: commerceEvents.type,
        detail: commerceEvents.detail,
        occurredAt: commerceEvents.occurredAt,
      })
      .from(commerceEvents)
      .where(eq(commerceEvents.orderId, order.id))
      .orderBy(asc(commerceEvents.occurredAt)),
  ]);
  if (!view) return null;
  const vip = Boolean(customer?.vip || customer?.tags.some((t) => t.toLowerCase() === "vip"));
  return {
    order: view,
    customer: customer ?? null,
    insights: {
      valueBand: valueBand(Number(order.total), highValueThreshold),
      firstTimeCustomer: (history?.earlier ?? 0) === 0,
      vip,
      customerOrders: history?.count ?? 1,
    },
    events: events.map((e) => ({ type: e.type, detail: e.detail, occurredAt: e.occurredAt.toISOString() })),
  };
}
