import { eq } from "drizzle-orm";
import { type MailboxProvider, mailboxes } from "../../../db/schema/index.ts";
import type { AppContext } from "../../context.ts";
import { type Actor, recordAudit } from "../audit.ts";
import { forgetMailbox } from "./providers.ts";

/**
 * The part of connecting any provider's mailbox that is the same for all: the row (created, or found again
 * on a reconnect), the grant sealed under the mailbox's id (invariant 6), the mailbox active again with
 * its old error and rate limit cleared, and the audit event.
 */
export async function storeMailboxGrant(
  { ctx, actor }: { ctx: AppContext; actor: Actor },
  input: {
    provider: Exclude<MailboxProvider, "sandbox">;
    address: string;
    displayName: string;
    grant: unknown;
    audit: Record<string, unknown>;
  },
): Promise<{ mailboxId: string }> {
  const { provider, address, displayName } = input;
  const [row] = await ctx.db
    .insert(mailboxes)
    .values({ provider, address, displayName })
    .onConflictDoUpdate({ target: [mailboxes.provider, mailboxes.address], set: { displayName } })
    .returning({ id: mailboxes.id });
  if (!row) throw new Error(`mailbox ${address} could not be stored`);
  await ctx.db
    .update(mailboxes)
    .set({
      credentials: ctx.secrets.seal(JSON.stringify(input.grant), row.id),
      status: "active",
      lastError: null,
      throttledUntil: null,
    })
    .where(eq(mailboxes.id, row.id));
  forgetMailbox(ctx, row.id);
  await recordAudit(ctx.db, {
    actor,
    action: "mailbox.connected",
    subjectType: "mailbox",
    subjectId: row.id,
    data: { provider, address, ...input.audit },
  });
  return { mailboxId: row.id };
}
