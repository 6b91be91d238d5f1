import type { Hono } from "hono";
import { z } from "zod";
import type { ReplayResponse } from "../api/types.ts";
import { replayFailedDeliveries, replayFeedDelivery } from "../domain/commerce/replay-feed-delivery.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";
import { validate } from "../http/validate.ts";
import { requestActor } from "./actor.ts";

/** Roles (at merge): logistics, admin. Replay one kept payload with the feed's current mapping. */
export function registerFeedsReplay(app: Hono<AppEnv>) {
  app.post(
    "/api/feeds/:id/deliveries/:deliveryId/replay",
    allow("logistics", "admin"),
    validate("param", z.object({ id: z.uuid(), deliveryId: z.uuid() })),
    async (c) => {
      const { id, deliveryId } = c.req.valid("param");
      const outcome = await replayFeedDelivery(
        { ctx: c.var.ctx, actor: requestActor(c) },
        { feedId: id, deliveryId },
      );
      const response: ReplayResponse = { deliveryId, verdict: outcome.verdict, error: outcome.error };
      return c.json(response);
    },
  );
  /** Replay every payload of the feed that waits on a fix. */
  app.post(
    "/api/feeds/:id/replay",
    allow("logistics", "admin"),
    validate("param", z.object({ id: z.uuid() })),
    async (c) => {
      const { id } = c.req.valid("param");
      return c.json(await replayFailedDeliveries({ ctx: c.var.ctx, actor: requestActor(c) }, { feedId: id }));
    },
  );
}
