import type { Hono } from "hono";
import { z } from "zod";
import { fieldMappingSchema } from "../../integrations/commerce/mapping.ts";
import { updateFeedMapping } from "../domain/commerce/update-feed-mapping.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";
import { ApiError } from "../http/errors.ts";
import { validate } from "../http/validate.ts";
import { getFeed } from "../queries/feeds.ts";
import { requestActor } from "./actor.ts";

/** Roles (at merge): logistics, admin. */
export function registerFeedsMapping(app: Hono<AppEnv>) {
  app.put(
    "/api/feeds/:id/mapping",
    allow("logistics", "admin"),
    validate("param", z.object({ id: z.uuid() })),
    validate("json", z.object({ mapping: fieldMappingSchema })),
    async (c) => {
      const { ctx } = c.var;
      const { id } = c.req.valid("param");
      await updateFeedMapping(
        { ctx, actor: requestActor(c) },
        { feedId: id, mapping: c.req.valid("json").mapping },
      );
      const feed = await getFeed(ctx.db, id, ctx.clock());
      if (!feed) throw new ApiError("NOT_FOUND", `feed ${id} not found`);
      return c.json({ feed });
    },
  );
}
