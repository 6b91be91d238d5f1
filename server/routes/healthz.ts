import type { Hono } from "hono";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";

/** Liveness: the process answers. */
export function registerHealthz(app: Hono<AppEnv>) {
  app.get("/healthz", allow.public(), (c) => c.json({ status: "ok" }));
}
