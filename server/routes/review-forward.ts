import type { Hono } from "hono";
import { z } from "zod";
import { forwardReviewItem, forwardReviewItemInput } from "../domain/review/forward-review-item.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";
import { validate } from "../http/validate.ts";
import { requestActor } from "./actor.ts";

const body = forwardReviewItemInput.omit({ itemId: true });

/** Forward the customer's message with a note (to the warehouse, say); the send runs in the background. */
export function registerReviewForward(app: Hono<AppEnv>) {
  app.post(
    "/api/review/:id/forward",
    allow("agent", "manager", "admin"),
    validate("param", z.object({ id: z.uuid() })),
    validate("json", body),
    async (c) => {
      const { id } = c.req.valid("param");
      const { sendId } = await forwardReviewItem(
        { ctx: c.var.ctx, actor: requestActor(c) },
        { itemId: id, ...c.req.valid("json") },
      );
      return c.json({ send: { id: sendId, status: "pending" } }, 202);
    },
  );
}
