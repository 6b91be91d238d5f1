import type { Hono } from "hono";
import { z } from "zod";
import type { FeedSecretResponse } from "../api/types.ts";
import { rotateFeedSecret } from "../domain/commerce/rotate-feed-secret.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";
import { validate } from "../http/validate.ts";
import { requestActor } from "./actor.ts";

/** Roles (at merge): logistics, admin. */
export function registerFeedsRotateSecret(app: Hono<AppEnv>) {
  app.post(
    "/api/feeds/:id/rotate-secret",
    allow("logistics", "admin"),
    validate("param", z.object({ id: z.uuid() })),
    validate("json", z.object({ immediately: z.boolean().default(false) })),
    async (c) => {
      const { ctx } = c.var;
      const { id } = c.req.valid("param");
      const { secret, previousValidUntil } = await rotateFeedSecret(
        { ctx, actor: requestActor(c) },
        { feedId: id, immediately: c.req.valid("json").immediately },
      );
      const response: FeedSecretResponse = {
        feedId: id,
        secret,
        previousValidUntil: previousValidUntil?.toISOString() ?? null,
      };
      c.header("cache-control", "no-store");
      return c.json(response);
    },
  );
}
