import type { Context } from "hono";
import type { Actor } from "../domain/audit.ts";
import type { AppEnv } from "../http/env.ts";

/**
 * Who is acting. There are no logins yet (the review-workspace issue adds accounts and roles), so the
 * audit log records the web UI and the request id until then.
 */
export function requestActor(c: Context<AppEnv>): Actor {
  return { type: "system", name: `web:${c.get("requestId")}` };
}
