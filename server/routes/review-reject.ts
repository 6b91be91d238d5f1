import type { Hono } from "hono";
import { z } from "zod";
import { rejectReviewItem } from "../domain/review/reject-review-item.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";
import { validate } from "../http/validate.ts";
import { reviewItemSummary } from "../queries/review.ts";
import { requestActor } from "./actor.ts";

const body = z.object({ reason: z.string().trim().min(1, "say why the draft is rejected").max(2000) });

export function registerReviewReject(app: Hono<AppEnv>) {
  app.post(
    "/api/review/:id/reject",
    allow("agent", "manager", "admin"),
    validate("param", z.object({ id: z.uuid() })),
    validate("json", body),
    async (c) => {
      const { ctx } = c.var;
      const { id } = c.req.valid("param");
      await rejectReviewItem(
        { ctx, actor: requestActor(c) },
        { itemId: id, reason: c.req.valid("json").reason },
      );
      const detail = await reviewItemSummary(ctx.db, id);
      return c.json({ item: detail?.item });
    },
  );
}
