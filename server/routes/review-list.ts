import type { Hono } from "hono";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";
import { validate } from "../http/validate.ts";
import { listReviewItems, reviewListFilter } from "../queries/review-list.ts";

export function registerReviewList(app: Hono<AppEnv>) {
  app.get(
    "/api/review",
    allow("agent", "manager", "admin"),
    validate("query", reviewListFilter),
    async (c) => {
      const { ctx, user } = c.var;
      const result = await listReviewItems(ctx.db, c.req.valid("query"), {
        viewerId: user?.id ?? "00000000-0000-0000-0000-000000000000",
        now: ctx.clock(),
      });
      return c.json(result);
    },
  );
}
