import type { Hono } from "hono";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";
import { validate } from "../http/validate.ts";
import { forgetReviewCounts, reviewCounts } from "../queries/review-counts.ts";
import { forgetReviewLists, listReviewItems, reviewListFilter } from "../queries/review-list.ts";

export function registerReviewList(app: Hono<AppEnv>) {
  // A review write (approve, assign, snooze…) changes the counts every queue page shows, and the lists:
  // forget the counts, and let no later list join a read that began before the write.
  app.use("/api/review/*", async (c, next) => {
    await next();
    if (c.req.method !== "GET" && c.res.status < 400) {
      forgetReviewCounts(c.var.ctx);
      forgetReviewLists(c.var.ctx.db);
    }
  });
  app.get(
    "/api/review",
    allow("agent", "manager", "admin"),
    validate("query", reviewListFilter),
    async (c) => {
      const { ctx, user } = c.var;
      const viewer = {
        viewerId: user?.id ?? "00000000-0000-0000-0000-000000000000",
        now: ctx.clock(),
      };
      const [page, counts] = await Promise.all([
        listReviewItems(ctx.db, c.req.valid("query"), viewer),
        reviewCounts(ctx, viewer.viewerId, viewer.now),
      ]);
      return c.json({ ...page, counts });
    },
  );
}
