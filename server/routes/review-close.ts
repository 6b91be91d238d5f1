import type { Hono } from "hono";
import { z } from "zod";
import { closeReviewItem, closeReviewItemInput } from "../domain/review/close-review-item.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";
import { validate } from "../http/validate.ts";
import { reviewItemSummary } from "../queries/review.ts";
import { requestActor } from "./actor.ts";

const body = closeReviewItemInput.omit({ itemId: true });

export function registerReviewClose(app: Hono<AppEnv>) {
  app.post(
    "/api/review/:id/close",
    allow("agent", "manager", "admin"),
    validate("param", z.object({ id: z.uuid() })),
    validate("json", body),
    async (c) => {
      const { ctx } = c.var;
      const { id } = c.req.valid("param");
      await closeReviewItem({ ctx, actor: requestActor(c) }, { itemId: id, ...c.req.valid("json") });
      const detail = await reviewItemSummary(ctx.db, id);
      return c.json({ item: detail?.item, notes: detail?.notes }, 200);
    },
  );
}
