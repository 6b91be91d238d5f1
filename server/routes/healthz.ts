import type { Hono } from "hono";
import type { AppEnv } from "../http/env.ts";

/** Liveness: the process answers. */
export function registerHealthz(app: Hono<AppEnv>) {
  app.get("/healthz", (c) => c.json({ status: "ok" }));
}
