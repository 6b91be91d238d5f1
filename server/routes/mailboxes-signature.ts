import type { Hono } from "hono";
import { z } from "zod";
import {
  updateMailboxSignature,
  updateMailboxSignatureInput,
} from "../domain/mail/update-mailbox-signature.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";
import { validate } from "../http/validate.ts";
import { requestActor } from "./actor.ts";

const body = updateMailboxSignatureInput.omit({ mailboxId: true });

/** The signature replies from a mailbox end with: part of the brand's voice, so managers set it too. */
export function registerMailboxesSignature(app: Hono<AppEnv>) {
  app.put(
    "/api/mailboxes/:id/signature",
    allow("manager", "admin"),
    validate("param", z.object({ id: z.uuid() })),
    validate("json", body),
    async (c) => {
      const signature = await updateMailboxSignature(
        { ctx: c.var.ctx, actor: requestActor(c) },
        { mailboxId: c.req.valid("param").id, ...c.req.valid("json") },
      );
      return c.json({ signature });
    },
  );
}
