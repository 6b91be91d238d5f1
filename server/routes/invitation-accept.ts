import type { Hono } from "hono";
import { z } from "zod";
import type { SessionView } from "../api/types.ts";
import { acceptInvitation, acceptInvitationInput } from "../domain/auth/accept-invitation.ts";
import { allow, requestClient, setSessionCookie } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";
import { validate } from "../http/validate.ts";

/** The invitee sets a name and password and is signed in. The link's token is the credential. */
export function registerInvitationAccept(app: Hono<AppEnv>) {
  app.post(
    "/api/auth/invitations/:token/accept",
    allow.public(),
    validate("param", z.object({ token: z.string().min(20).max(200) })),
    validate("json", acceptInvitationInput.omit({ token: true })),
    async (c) => {
      const { user, session } = await acceptInvitation(
        c.var.ctx,
        { ...c.req.valid("json"), token: c.req.valid("param").token },
        requestClient(c),
      );
      setSessionCookie(c, session);
      const response: SessionView = { user, csrfToken: session.csrfToken };
      return c.json(response, 201);
    },
  );
}
