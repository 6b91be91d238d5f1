import { randomUUID } from "node:crypto";
import { Hono } from "hono";
import type { AppContext } from "../context.ts";
import { requireDeclaredAccess } from "./auth.ts";
import type { AppEnv } from "./env.ts";
import { ApiError, handleError } from "./errors.ts";

/**
 * The one app factory: request ids, services on `c.var.ctx`, JSON errors. Production and tests both
 * build their app with it.
 */
export function newApp(ctx: AppContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    const requestId = c.req.header("x-request-id") ?? randomUUID();
    c.set("requestId", requestId);
    c.set("ctx", ctx);
    c.header("x-request-id", requestId);
    await next();
  });
  app.use(requireDeclaredAccess);
  app.onError(handleError);
  app.notFound((c) =>
    handleError(new ApiError("NOT_FOUND", `no route for ${c.req.method} ${c.req.path}`), c),
  );
  return app;
}
