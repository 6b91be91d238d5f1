import { eq } from "drizzle-orm";
import type { Executor } from "../../../db/client.ts";
import { mailboxes } from "../../../db/schema/index.ts";
import { SandboxMailbox } from "../../../integrations/mail/sandbox/provider.ts";
import type { MailProvider } from "../../../integrations/mail/types.ts";
import type { AppContext } from "../../context.ts";
import { NotFoundError } from "../errors.ts";

export type Mailbox = typeof mailboxes.$inferSelect;

/** The adapter for a mailbox, by its provider. Gmail and Outlook join here. */
export async function mailProviderFor(
  ctx: Pick<AppContext, "db" | "clock">,
  mailboxId: string,
  db: Executor = ctx.db,
): Promise<{ mailbox: Mailbox; provider: MailProvider }> {
  const [mailbox] = await db.select().from(mailboxes).where(eq(mailboxes.id, mailboxId));
  if (!mailbox) throw new NotFoundError(`mailbox ${mailboxId} not found`);
  switch (mailbox.provider) {
    case "sandbox":
      return { mailbox, provider: new SandboxMailbox(db, mailbox.id, ctx.clock) };
    default:
      throw new NotFoundError(`mailbox provider ${mailbox.provider} is not available yet`);
  }
}
