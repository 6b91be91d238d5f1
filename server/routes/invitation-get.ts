import type { Hono } from "hono";
import { z } from "zod";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";
import { ApiError } from "../http/errors.ts";
import { validate } from "../http/validate.ts";
import { getOpenInvitation } from "../queries/users.ts";

/** What an invitation link offers (email and role), so the invitee knows before setting a password. */
export function registerInvitationGet(app: Hono<AppEnv>) {
  app.get(
    "/api/auth/invitations/:token",
    allow.public(),
    validate("param", z.object({ token: z.string().min(20).max(200) })),
    async (c) => {
      const { ctx } = c.var;
      const invitation = await getOpenInvitation(ctx.db, c.req.valid("param").token, ctx.clock());
      if (!invitation) {
        throw new ApiError(
          "NOT_FOUND",
          "this invitation link is not valid: it was used, replaced, or has expired",
        );
      }
      return c.json(invitation);
    },
  );
}
