import type { Hono } from "hono";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";
import { listUsers } from "../queries/users.ts";

export function registerUsersList(app: Hono<AppEnv>) {
  app.get("/api/users", allow("admin"), async (c) => {
    return c.json(await listUsers(c.var.ctx.db, c.var.ctx.clock()));
  });
}
