import type { Hono } from "hono";
import { z } from "zod";
import { receiveFeedDelivery } from "../domain/commerce/receive-feed-delivery.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";
import { ApiError } from "../http/errors.ts";
import { readText } from "../http/raw-body.ts";
import { validate } from "../http/validate.ts";

/**
 * A feed's webhook: public, authenticated by the feed's signature alone. The raw body is read before
 * anything parses it (signatures are over the exact bytes). Bad signature → 401, kept and logged, not
 * applied; unreadable or unplaceable → 422, kept for replay; applied or a repeat → 200.
 */
export function registerWebhooksFeed(app: Hono<AppEnv>) {
  app.post(
    "/webhooks/feeds/:feedId",
    allow.public(),
    validate("param", z.object({ feedId: z.uuid() })),
    async (c) => {
      const { feedId } = c.req.valid("param");
      const outcome = await receiveFeedDelivery(c.var.ctx, feedId, {
        body: await readText(c, 2 * 1024 * 1024, "the payload"),
        headers: c.req.header(),
      });
      if (outcome.verdict === "rejected")
        throw new ApiError("UNAUTHENTICATED", `signature check failed: ${outcome.error}`);
      if (outcome.verdict === "invalid" || outcome.verdict === "failed")
        throw new ApiError(
          "UNPROCESSABLE",
          `not applied (kept as delivery ${outcome.deliveryId} for replay): ${outcome.error}`,
        );
      return c.json({ deliveryId: outcome.deliveryId, verdict: outcome.verdict, summary: outcome.summary });
    },
  );
}
