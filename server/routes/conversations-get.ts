import type { Hono } from "hono";
import { z } from "zod";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";
import { ApiError } from "../http/errors.ts";
import { validate } from "../http/validate.ts";
import { getConversation } from "../queries/conversations.ts";

export function registerConversationsGet(app: Hono<AppEnv>) {
  app.get(
    "/api/conversations/:id",
    allow("agent", "manager", "admin"),
    validate("param", z.object({ id: z.uuid() })),
    async (c) => {
      const { id } = c.req.valid("param");
      const detail = await getConversation(c.var.ctx.db, id);
      if (!detail) throw new ApiError("NOT_FOUND", `conversation ${id} not found`);
      return c.json(detail);
    },
  );
}
