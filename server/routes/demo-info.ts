import { asc, eq, inArray } from "drizzle-orm";
import type { Hono } from "hono";
import { customers, mailboxes, orders, shipments } from "../../db/schema/index.ts";
import type { DemoInfo } from "../api/types.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";

/** What the "send a test email as a customer" form offers: the sandbox mailbox and the demo customers. */
export function registerDemoInfo(app: Hono<AppEnv>) {
  app.get("/api/demo", allow.public(), async (c) => {
    const { db, config } = c.var.ctx;
    const [mailbox] = await db
      .select({ id: mailboxes.id, address: mailboxes.address, displayName: mailboxes.displayName })
      .from(mailboxes)
      .where(eq(mailboxes.provider, "sandbox"))
      .limit(1);
    const people = config.demo
      ? await db.select().from(customers).orderBy(asc(customers.name)).limit(50)
      : [];
    const orderRows =
      people.length > 0
        ? await db
            .select({ id: orders.id, number: orders.number, email: orders.email })
            .from(orders)
            .where(
              inArray(
                orders.email,
                people.map((p) => p.email),
              ),
            )
        : [];
    const shipmentRows =
      orderRows.length > 0
        ? await db
            .select({ orderId: shipments.orderId, state: shipments.state })
            .from(shipments)
            .where(
              inArray(
                shipments.orderId,
                orderRows.map((o) => o.id),
              ),
            )
        : [];
    const info: DemoInfo = {
      demo: config.demo,
      mailbox: mailbox ?? null,
      customers: people.map((p) => ({
        email: p.email,
        name: p.name,
        orders: orderRows
          .filter((o) => o.email === p.email)
          .map((o) => ({
            number: o.number,
            state: shipmentRows.find((s) => s.orderId === o.id)?.state ?? "not shipped",
          })),
      })),
    };
    return c.json(info);
  });
}
