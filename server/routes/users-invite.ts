import type { Hono } from "hono";
import type { InvitationIssued } from "../api/types.ts";
import { inviteUser, inviteUserInput } from "../domain/auth/invite-user.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";
import { validate } from "../http/validate.ts";
import { requestActor } from "./actor.ts";

/** An admin invites an email with a role; the answer carries the link, shown to the admin once. */
export function registerUsersInvite(app: Hono<AppEnv>) {
  app.post("/api/users/invitations", allow("admin"), validate("json", inviteUserInput), async (c) => {
    const issued = await inviteUser({ ctx: c.var.ctx, actor: requestActor(c) }, c.req.valid("json"));
    const response: InvitationIssued = {
      id: issued.id,
      email: issued.email,
      role: issued.role,
      expiresAt: issued.expiresAt.toISOString(),
      path: `/invite/${issued.token}`,
    };
    return c.json(response, 201);
  });
}
