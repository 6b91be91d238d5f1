import type { Hono } from "hono";
import { z } from "zod";
import type { RedraftResponse } from "../api/types.ts";
import { redraftRequest, redraftReviewItem } from "../domain/review/redraft-review-item.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";
import { ApiError } from "../http/errors.ts";
import { validate } from "../http/validate.ts";
import { getReviewItem } from "../queries/review.ts";
import { requestActor } from "./actor.ts";

/** "Regenerate": the reply written again by the configured engine, following the person's instruction. */
export function registerReviewRedraft(app: Hono<AppEnv>) {
  app.post(
    "/api/review/:id/redraft",
    allow("agent", "manager", "admin"),
    validate("param", z.object({ id: z.uuid() })),
    validate("json", redraftRequest),
    async (c) => {
      const { ctx } = c.var;
      const { id } = c.req.valid("param");
      await redraftReviewItem({ ctx, actor: requestActor(c) }, { itemId: id, ...c.req.valid("json") });
      const detail = await getReviewItem(ctx, id);
      if (!detail?.draft) throw new ApiError("NOT_FOUND", `review item ${id} not found`);
      const response: RedraftResponse = { draft: detail.draft };
      return c.json(response, 200);
    },
  );
}
