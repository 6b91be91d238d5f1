import { GmailCredentials } from "../../../integrations/mail/gmail/index.ts";
import type { AppContext } from "../../context.ts";
import { enqueueSync } from "../../jobs/enqueue.ts";
import type { Actor } from "../audit.ts";
import { ensureGmailWatch } from "./gmail-push.ts";
import { storeMailboxGrant } from "./store-mailbox-grant.ts";

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
  const { mailboxId } = await storeMailboxGrant(
    { ctx, actor },
    { provider: "gmail", address, displayName: input.displayName, grant: credentials, audit: {} },
  );
  try {
    await ensureGmailWatch(ctx, mailboxId);
  } catch (error) {
    // Kept on the push channel for the Mailboxes page; the periodic poll syncs meanwhile.
    ctx.logger.warn({ mailboxId: mailboxId, err: (error as Error).message }, "Gmail watch failed");
  }
  await enqueueSync(ctx, mailboxId, "connected");
  return { mailboxId };
}
