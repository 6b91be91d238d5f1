import type { Hono } from "hono";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";

/** Readiness: the database and the job queue's store both answer; 503 names what does not. */
export function registerReadyz(app: Hono<AppEnv>) {
  app.get("/readyz", allow.public(), async (c) => {
    const { pingDatabase, queue } = c.var.ctx;
    const [database, jobs] = await Promise.all([pingDatabase(), queue.ping()]);
    const body = {
      status: database && jobs ? "ready" : "unavailable",
      database,
      queue: { kind: queue.kind, ok: jobs },
    };
    return c.json(body, database && jobs ? 200 : 503);
  });
}
