import type { Hono } from "hono";
import type { FeedListResponse } from "../api/types.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";
import { listFeeds } from "../queries/feeds.ts";

/** Roles (at merge): logistics, admin. */
export function registerFeedsList(app: Hono<AppEnv>) {
  app.get("/api/feeds", allow("logistics", "admin"), async (c) => {
    const { ctx } = c.var;
    const response: FeedListResponse = { feeds: await listFeeds(ctx.db, ctx.clock()) };
    return c.json(response);
  });
}
