import type { Hono } from "hono";
import { z } from "zod";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";
import { ApiError } from "../http/errors.ts";
import { validate } from "../http/validate.ts";
import { getReviewItem } from "../queries/review.ts";

export function registerReviewGet(app: Hono<AppEnv>) {
  app.get(
    "/api/review/:id",
    allow("agent", "manager", "admin"),
    validate("param", z.object({ id: z.uuid() })),
    async (c) => {
      const { id } = c.req.valid("param");
      const detail = await getReviewItem(c.var.ctx, id);
      if (!detail) throw new ApiError("NOT_FOUND", `review item ${id} not found`);
      return c.json(detail);
    },
  );
}
