import type { Hono } from "hono";
import { z } from "zod";
import type { ReviewListResponse } from "../api/types.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";
import { validate } from "../http/validate.ts";
import { listReviewItems } from "../queries/review.ts";

const query = z.object({
  status: z.enum(["open", "approved", "rejected", "closed"]).default("open"),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export function registerReviewList(app: Hono<AppEnv>) {
  app.get("/api/review", allow("agent", "manager", "admin"), validate("query", query), async (c) => {
    const result: ReviewListResponse = await listReviewItems(c.var.ctx.db, c.req.valid("query"));
    return c.json(result);
  });
}
