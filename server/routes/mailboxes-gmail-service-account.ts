import type { Hono } from "hono";
import { z } from "zod";
import { connectGmailServiceAccount, ServiceAccountKey } from "../domain/mail/connect-gmail-oauth.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";
import { validate } from "../http/validate.ts";
import { requestActor } from "./actor.ts";

const body = z.object({
  address: z.email(),
  displayName: z.string().trim().min(1).max(200).optional(),
  key: ServiceAccountKey,
});

/** Connect a shared Google Workspace address with a service account's key (domain-wide delegation). */
export function registerMailboxesGmailServiceAccount(app: Hono<AppEnv>) {
  app.post("/api/mailboxes/gmail/service-account", allow("admin"), validate("json", body), async (c) => {
    const { mailboxId } = await connectGmailServiceAccount(
      { ctx: c.var.ctx, actor: requestActor(c) },
      c.req.valid("json"),
    );
    return c.json({ mailboxId }, 201);
  });
}
