import { randomUUID } from "node:crypto";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import { z } from "zod";
import { SandboxMailbox } from "../../../integrations/mail/sandbox/provider.ts";
import type { AppContext } from "../../context.ts";
import { InvalidInputError } from "../errors.ts";
import { mailProviderFor } from "./providers.ts";
import { requestSync } from "./sync-mailbox.ts";

/** The largest message a sandbox mailbox takes (Gmail's own limit for a received message). */
export const maxRawBytes = 25 * 1024 * 1024;

export const sandboxMessageInput = z.union([
  z.object({ raw: z.string().min(1).max(maxRawBytes) }),
  z.object({
    from: z.email(),
    name: z.string().max(200).optional(),
    subject: z.string().max(500),
    text: z.string().min(1).max(100_000),
    inReplyTo: z.string().max(1000).optional(),
  }),
]);
export type SandboxMessageInput = z.infer<typeof sandboxMessageInput>;

/**
 * Mail arrives in a sandbox mailbox (the demo's "send a test email as a customer", the tests, the
 * benchmark). It then takes the same path as Gmail or Outlook mail: a sync job picks it up.
 */
export async function receiveSandboxMessage(
  ctx: AppContext,
  mailboxId: string,
  input: SandboxMessageInput,
): Promise<{ providerMessageId: string }> {
  const { mailbox } = await mailProviderFor(ctx, mailboxId);
  if (mailbox.provider !== "sandbox") throw new InvalidInputError("only sandbox mailboxes accept test mail");
  const raw =
    "raw" in input
      ? Buffer.from(input.raw, "utf8")
      : await composeCustomerEmail(input, mailbox.address, ctx.clock());
  const delivered = await new SandboxMailbox(ctx.db, mailboxId, ctx.clock).deliver(raw);
  await requestSync(ctx, mailboxId, "sandbox delivery");
  return { providerMessageId: delivered.providerMessageId };
}

async function composeCustomerEmail(
  input: Exclude<SandboxMessageInput, { raw: string }>,
  to: string,
  date: Date,
): Promise<Buffer> {
  return new MailComposer({
    from: { name: input.name ?? "", address: input.from },
    to,
    subject: input.subject,
    text: input.text,
    date,
    messageId: `<${randomUUID()}@sandbox.mailroom>`,
    inReplyTo: input.inReplyTo,
    references: input.inReplyTo,
  })
    .compile()
    .build();
}
