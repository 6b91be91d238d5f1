import type { AppContext } from "../context.ts";

/** The typed Hono environment: every handler reads its services from `c.var.ctx`. */
export interface AppEnv {
  Variables: {
    ctx: AppContext;
    requestId: string;
  };
}
