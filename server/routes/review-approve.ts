import type { Hono } from "hono";
import { z } from "zod";
import type { ApproveResponse } from "../api/types.ts";
import { approveReviewItem, approveReviewItemInput } from "../domain/review/approve-review-item.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";
import { ApiError } from "../http/errors.ts";
import { validate } from "../http/validate.ts";
import { reviewItemSummary } from "../queries/review.ts";
import { requestActor } from "./actor.ts";

const body = approveReviewItemInput.omit({ itemId: true });

export function registerReviewApprove(app: Hono<AppEnv>) {
  app.post(
    "/api/review/:id/approve",
    allow("agent", "manager", "admin"),
    validate("param", z.object({ id: z.uuid() })),
    validate("json", body),
    async (c) => {
      const { ctx } = c.var;
      const { id } = c.req.valid("param");
      const { sendId } = await approveReviewItem(
        { ctx, actor: requestActor(c) },
        { itemId: id, ...c.req.valid("json") },
      );
      const detail = await reviewItemSummary(ctx.db, id);
      if (!detail) throw new ApiError("NOT_FOUND", `review item ${id} not found`);
      const response: ApproveResponse = { item: detail.item, send: { id: sendId, status: "pending" } };
      return c.json(response, 202);
    },
  );
}
