import type { Hono } from "hono";
import type { FeedSecretResponse, FeedView } from "../api/types.ts";
import { createFeed, createFeedInput } from "../domain/commerce/create-feed.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";
import { ApiError } from "../http/errors.ts";
import { validate } from "../http/validate.ts";
import { getFeed } from "../queries/feeds.ts";
import { requestActor } from "./actor.ts";

/** Roles (at merge): logistics, admin. Answers the new feed and its secret (shown once, copyable). */
export function registerFeedsCreate(app: Hono<AppEnv>) {
  app.post("/api/feeds", allow("logistics", "admin"), validate("json", createFeedInput), async (c) => {
    const { ctx } = c.var;
    const { id, secret } = await createFeed({ ctx, actor: requestActor(c) }, c.req.valid("json"));
    const feed = await getFeed(ctx.db, id, ctx.clock());
    if (!feed) throw new ApiError("NOT_FOUND", `feed ${id} not found`);
    const response: { feed: FeedView } & FeedSecretResponse = {
      feed,
      feedId: id,
      secret,
      previousValidUntil: null,
    };
    return c.json(response, 201);
  });
}
