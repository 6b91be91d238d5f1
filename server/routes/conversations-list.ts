import type { Hono } from "hono";
import { z } from "zod";
import type { ConversationListResponse } from "../api/types.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";
import { validate } from "../http/validate.ts";
import { listConversations } from "../queries/conversations.ts";

export function registerConversationsList(app: Hono<AppEnv>) {
  app.get(
    "/api/conversations",
    allow("agent", "manager", "admin"),
    validate("query", z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) })),
    async (c) => {
      const response: ConversationListResponse = {
        conversations: await listConversations(c.var.ctx.db, c.req.valid("query").limit),
      };
      return c.json(response);
    },
  );
}
