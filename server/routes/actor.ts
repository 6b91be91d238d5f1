import type { Context } from "hono";
import type { Actor } from "../domain/audit.ts";
import type { AppEnv } from "../http/env.ts";

/**
 * Who is acting: the signed-in person (set by `allow(...)`), so every audit event names them. Public
 * routes have nobody signed in; their events name the request instead.
 */
export function requestActor(c: Context<AppEnv>): Actor {
  const user = c.get("user");
  return user ? { type: "user", id: user.id } : { type: "system", name: `web:${c.get("requestId")}` };
}
