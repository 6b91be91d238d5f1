import { eq } from "drizzle-orm";
import { mailboxes } from "../../../db/schema/index.ts";
import { GmailCredentials } from "../../../integrations/mail/gmail/index.ts";
import type { AppContext } from "../../context.ts";
import { enqueueSync } from "../../jobs/enqueue.ts";
import { type Actor, recordAudit } from "../audit.ts";
import { ensureGmailWatch } from "./gmail-push.ts";
import { forgetMailbox } from "./providers.ts";

/**
 * Connect (or reconnect) a Gmail mailbox with an OAuth grant: the grant is sealed under the mailbox's
 * id before it is stored, the mailbox becomes active, Gmail is asked to push its changes (when a Pub/Sub
 * topic is configured) and the first sync (the backfill) starts. The OAuth consent flow ends here.
 */
export async function connectGmailMailbox(
  { ctx, actor }: { ctx: AppContext; actor: Actor },
  input: { address: string; displayName: string; credentials: GmailCredentials },
): Promise<{ mailboxId: string }> {
  const credentials = GmailCredentials.parse(input.credentials);
  const address = input.address.toLowerCase();
  const [row] = await ctx.db
    .insert(mailboxes)
    .values({ provider: "gmail", address, displayName: input.displayName })
    .onConflictDoUpdate({
      target: [mailboxes.provider, mailboxes.address],
      set: { displayName: input.displayName },
    })
    .returning({ id: mailboxes.id });
  if (!row) throw new Error(`mailbox ${address} could not be stored`);
  await ctx.db
    .update(mailboxes)
    .set({
      credentials: ctx.secrets.seal(JSON.stringify(credentials), row.id),
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
    data: { provider: "gmail", address },
  });
  try {
    await ensureGmailWatch(ctx, row.id);
  } catch (error) {
    // Kept on the push channel for the Mailboxes page; the periodic poll syncs meanwhile.
    ctx.logger.warn({ mailboxId: row.id, err: (error as Error).message }, "Gmail watch failed");
  }
  await enqueueSync(ctx, row.id, "connected");
  return { mailboxId: row.id };
}
