import type { Hono } from "hono";
import { z } from "zod";
import type { MailboxListResponse } from "../api/types.ts";
import { disconnectMailbox, pauseMailbox, resumeMailbox } from "../domain/mail/mailbox-lifecycle.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";
import { validate } from "../http/validate.ts";
import { listMailboxes } from "../queries/mailboxes.ts";
import { requestActor } from "./actor.ts";

const byId = validate("param", z.object({ id: z.uuid() }));

/**
 * The Mailboxes page: list, pause, resume, disconnect. Connecting is per provider (mailboxes-gmail.ts…).
 * Managers read the list too, to set each mailbox's signature (mailboxes-signature.ts).
 */
export function registerMailboxes(app: Hono<AppEnv>) {
  app.get("/api/mailboxes", allow("manager", "admin"), async (c) => {
    const { ctx } = c.var;
    const response: MailboxListResponse = {
      mailboxes: await listMailboxes(ctx.db),
      connectable: {
        gmail: Boolean(ctx.config.google.clientId && ctx.config.google.clientSecret),
        outlook: Boolean(ctx.config.microsoft.clientId && ctx.config.microsoft.clientSecret),
      },
    };
    return c.json(response);
  });

  app.post("/api/mailboxes/:id/pause", allow("admin"), byId, async (c) => {
    await pauseMailbox({ ctx: c.var.ctx, actor: requestActor(c) }, c.req.valid("param").id);
    return c.body(null, 204);
  });

  app.post("/api/mailboxes/:id/resume", allow("admin"), byId, async (c) => {
    await resumeMailbox({ ctx: c.var.ctx, actor: requestActor(c) }, c.req.valid("param").id);
    return c.body(null, 204);
  });

  app.delete("/api/mailboxes/:id", allow("admin"), byId, async (c) => {
    await disconnectMailbox({ ctx: c.var.ctx, actor: requestActor(c) }, c.req.valid("param").id);
    return c.body(null, 204);
  });
}
