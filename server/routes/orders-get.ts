import type { Hono } from "hono";
import { z } from "zod";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";
import { ApiError } from "../http/errors.ts";
import { validate } from "../http/validate.ts";
import { orderPage } from "../queries/orders.ts";

/** Roles (at merge): support, logistics, manager, admin. One order with its shipments, timeline and derived facts. */
export function registerOrdersGet(app: Hono<AppEnv>) {
  app.get(
    "/api/orders/:number",
    allow("agent", "manager", "logistics", "admin"),
    validate("param", z.object({ number: z.string().min(1).max(100) })),
    async (c) => {
      const { ctx } = c.var;
      const { number } = c.req.valid("param");
      const page = await orderPage(ctx, number);
      if (!page) throw new ApiError("NOT_FOUND", `order ${number} not found`);
      return c.json(page);
    },
  );
}
