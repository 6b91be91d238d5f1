import type { AppContext } from "../context.ts";
import type { SessionUser } from "../domain/auth/sessions.ts";

/** The typed Hono environment: every handler reads its services from `c.var.ctx`. */
export interface AppEnv {
  Variables: {
    ctx: AppContext;
    requestId: string;
    /** The signed-in person; set by `allow(...)` on every non-public route (server/http/auth.ts). */
    user: SessionUser | undefined;
    /** The session behind `user`, for sign-out. */
    sessionId: string | undefined;
  };
}
