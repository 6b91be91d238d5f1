import type { Hono } from "hono";
import { z } from "zod";
import type { FeedDetailResponse } from "../api/types.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";
import { ApiError } from "../http/errors.ts";
import { validate } from "../http/validate.ts";
import { getFeed, listDeliveries } from "../queries/feeds.ts";

const query = z.object({
  /** "errors": only deliveries that were not applied. */
  show: z.enum(["all", "errors"]).default("all"),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

/** Roles (at merge): logistics, admin. */
export function registerFeedsGet(app: Hono<AppEnv>) {
  app.get(
    "/api/feeds/:id",
    allow("logistics", "admin"),
    validate("param", z.object({ id: z.uuid() })),
    validate("query", query),
    async (c) => {
      const { ctx } = c.var;
      const { id } = c.req.valid("param");
      const { show, limit } = c.req.valid("query");
      const feed = await getFeed(ctx.db, id, ctx.clock());
      if (!feed) throw new ApiError("NOT_FOUND", `feed ${id} not found`);
      const deliveries = await listDeliveries(ctx.db, id, {
        limit,
        verdicts: show === "errors" ? ["rejected", "invalid", "failed"] : undefined,
      });
      const response: FeedDetailResponse = { feed, deliveries };
      return c.json(response);
    },
  );
}
