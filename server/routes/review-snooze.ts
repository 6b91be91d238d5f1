import type { Hono } from "hono";
import { z } from "zod";
import { snoozeReviewItem, snoozeReviewItemInput } from "../domain/review/snooze-review-item.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";
import { validate } from "../http/validate.ts";
import { reviewItemSummary } from "../queries/review.ts";
import { requestActor } from "./actor.ts";

const body = snoozeReviewItemInput.omit({ itemId: true });

export function registerReviewSnooze(app: Hono<AppEnv>) {
  app.post(
    "/api/review/:id/snooze",
    allow("agent", "manager", "admin"),
    validate("param", z.object({ id: z.uuid() })),
    validate("json", body),
    async (c) => {
      const { ctx } = c.var;
      const { id } = c.req.valid("param");
      await snoozeReviewItem({ ctx, actor: requestActor(c) }, { itemId: id, ...c.req.valid("json") });
      const detail = await reviewItemSummary(ctx.db, id);
      return c.json({ item: detail?.item, notes: detail?.notes }, 200);
    },
  );
}
