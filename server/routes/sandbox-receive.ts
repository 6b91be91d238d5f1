import { eq } from "drizzle-orm";
import type { Hono } from "hono";
import { z } from "zod";
import { mailboxes } from "../../db/schema/index.ts";
import type { SandboxReceiveResponse } from "../api/types.ts";
import {
  maxRawBytes,
  receiveSandboxMessage,
  sandboxMessageInput,
} from "../domain/mail/receive-sandbox-message.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";
import { ApiError } from "../http/errors.ts";
import { readText } from "../http/raw-body.ts";
import { validate } from "../http/validate.ts";

/**
 * Deliver a message to a sandbox mailbox, as if a customer had written: JSON `{raw}` (RFC 5322) or a
 * simple form `{from, name?, subject, text}`, or a `message/rfc822` body. `?mailbox=` picks the mailbox;
 * the first sandbox mailbox otherwise.
 */
export function registerSandboxReceive(app: Hono<AppEnv>) {
  app.post(
    "/api/sandbox/messages",
    allow("admin", "manager"),
    validate("query", z.object({ mailbox: z.uuid().optional() })),
    async (c) => {
      const { ctx } = c.var;
      const mailboxId = c.req.valid("query").mailbox ?? (await defaultSandbox(ctx.db));
      const type = c.req.header("content-type") ?? "";
      const body = await readText(c, maxRawBytes, "the message");
      const input = type.startsWith("message/rfc822") ? { raw: body } : sandboxMessageInput.parse(json(body));
      const { providerMessageId } = await receiveSandboxMessage(ctx, mailboxId, input);
      const response: SandboxReceiveResponse = { mailboxId, providerMessageId };
      return c.json(response, 202);
    },
  );
}

async function defaultSandbox(db: AppEnv["Variables"]["ctx"]["db"]): Promise<string> {
  const [row] = await db
    .select({ id: mailboxes.id })
    .from(mailboxes)
    .where(eq(mailboxes.provider, "sandbox"))
    .limit(1);
  if (!row) throw new ApiError("NOT_FOUND", "no sandbox mailbox is configured");
  return row.id;
}

function json(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new ApiError("BAD_REQUEST", "body must be JSON or message/rfc822");
  }
}
