import { eq } from "drizzle-orm";
import type { Hono } from "hono";
import { z } from "zod";
import { feeds } from "../../db/schema/index.ts";
import type { FeedSecretResponse } from "../api/types.ts";
import { recordAudit } from "../domain/audit.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";
import { ApiError } from "../http/errors.ts";
import { validate } from "../http/validate.ts";
import { requestActor } from "./actor.ts";

/** Roles (at merge): logistics, admin. The feed's secret, to copy into the sender; each reveal is audited. */
export function registerFeedsSecret(app: Hono<AppEnv>) {
  app.get(
    "/api/feeds/:id/secret",
    allow("logistics", "admin"),
    validate("param", z.object({ id: z.uuid() })),
    async (c) => {
      const { ctx } = c.var;
      const { id } = c.req.valid("param");
      const [feed] = await ctx.db.select().from(feeds).where(eq(feeds.id, id));
      if (!feed) throw new ApiError("NOT_FOUND", `feed ${id} not found`);
      await recordAudit(ctx.db, {
        actor: requestActor(c),
        action: "feed.secret_revealed",
        subjectType: "feed",
        subjectId: id,
      });
      const response: FeedSecretResponse = {
        feedId: id,
        secret: ctx.secrets.open(feed.secretSealed, id),
        previousValidUntil: feed.previousSecretUntil?.toISOString() ?? null,
      };
      c.header("cache-control", "no-store");
      return c.json(response);
    },
  );
}
