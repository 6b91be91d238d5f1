import { eq } from "drizzle-orm";
import type { Hono } from "hono";
import { sessions } from "../../db/schema/index.ts";
import type { SessionView } from "../api/types.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";
import { ApiError } from "../http/errors.ts";

/** Who is signed in, and the CSRF token the UI sends back on unsafe requests. */
export function registerAuthMe(app: Hono<AppEnv>) {
  app.get("/api/auth/me", allow.signedIn(), async (c) => {
    const { user, sessionId, ctx } = c.var;
    const [session] = await ctx.db
      .select({ csrfToken: sessions.csrfToken })
      .from(sessions)
      .where(eq(sessions.id, sessionId ?? ""));
    if (!user || !session) throw new ApiError("UNAUTHENTICATED", "sign in first: no valid session");
    const response: SessionView = { user, csrfToken: session.csrfToken };
    return c.json(response);
  });
}
