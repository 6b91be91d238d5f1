import type { Hono } from "hono";
import { signOut } from "../domain/auth/sign-out.ts";
import { allow, clearSessionCookie } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";

export function registerAuthLogout(app: Hono<AppEnv>) {
  app.post("/api/auth/logout", allow.signedIn(), async (c) => {
    const { user, sessionId } = c.var;
    if (user && sessionId) await signOut(c.var.ctx, { sessionId, userId: user.id });
    clearSessionCookie(c);
    return c.body(null, 204);
  });
}
