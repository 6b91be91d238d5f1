import { eq } from "drizzle-orm";
import { mailboxes } from "../../../db/schema/index.ts";
import type { AppContext } from "../../context.ts";
import { enqueueSync } from "../../jobs/enqueue.ts";
import { type Actor, recordAudit } from "../audit.ts";
import { ConflictError, NotFoundError } from "../errors.ts";
import { ensureGmailWatch, stopGmailWatch } from "./gmail-push.ts";
import { ensureOutlookSubscription, stopOutlookSubscription } from "./outlook-subscriptions.ts";
import { forgetMailbox, type Mailbox } from "./providers.ts";

type Verb = { ctx: AppContext; actor: Actor };

async function load(ctx: AppContext, mailboxId: string): Promise<Mailbox> {
  const [mailbox] = await ctx.db.select().from(mailboxes).where(eq(mailboxes.id, mailboxId));
  if (!mailbox) throw new NotFoundError(`mailbox ${mailboxId} not found`);
  return mailbox;
}

async function setStatus(
  { ctx, actor }: Verb,
  mailbox: Mailbox,
  status: Mailbox["status"],
  extra: Partial<typeof mailboxes.$inferInsert> = {},
): Promise<void> {
  await ctx.db
    .update(mailboxes)
    .set({ status, ...extra })
    .where(eq(mailboxes.id, mailbox.id));
  forgetMailbox(ctx, mailbox.id);
  await recordAudit(ctx.db, {
    actor,
    action: `mailbox.${status === "active" ? "resumed" : status}`,
    subjectType: "mailbox",
    subjectId: mailbox.id,
    data: { address: mailbox.address, provider: mailbox.provider, was: mailbox.status },
  });
}

/** Stop syncing and sending for a while; mail keeps arriving at the provider and is read on resume. */
export async function pauseMailbox(verb: Verb, mailboxId: string): Promise<void> {
  const mailbox = await load(verb.ctx, mailboxId);
  if (mailbox.status !== "active") throw new ConflictError(`mailbox ${mailbox.address} is ${mailbox.status}`);
  await setStatus(verb, mailbox, "paused");
  await stopPush(verb.ctx, mailbox);
}

/** Back to work: push again, and one sync picks up what arrived while paused. */
export async function resumeMailbox(verb: Verb, mailboxId: string): Promise<void> {
  const { ctx } = verb;
  const mailbox = await load(ctx, mailboxId);
  if (mailbox.status !== "paused")
    throw new ConflictError(
      mailbox.status === "needs_reconnect" || mailbox.status === "disconnected"
        ? `mailbox ${mailbox.address} must be connected again, not resumed`
        : `mailbox ${mailbox.address} is ${mailbox.status}`,
    );
  await setStatus(verb, mailbox, "active");
  await ensurePush(ctx, mailbox).catch((error) =>
    ctx.logger.warn({ mailboxId, err: (error as Error).message }, "push channel failed; polling meanwhile"),
  );
  await enqueueSync(ctx, mailbox.id, "resumed");
}

/**
 * Disconnect: push stopped, the grant erased (not just hidden), no more syncs or sends. Conversations and
 * the audit trail stay; connecting the same address again picks up where it left off.
 */
export async function disconnectMailbox(verb: Verb, mailboxId: string): Promise<void> {
  const mailbox = await load(verb.ctx, mailboxId);
  if (mailbox.provider === "sandbox") throw new ConflictError("the sandbox mailbox cannot be disconnected");
  if (mailbox.status === "active") await stopPush(verb.ctx, mailbox);
  await setStatus(verb, mailbox, "disconnected", { credentials: null });
}

/** Ask the provider to tell us about new mail: a Gmail watch or a Graph subscription. */
export async function ensurePush(ctx: AppContext, mailbox: Pick<Mailbox, "id" | "provider">): Promise<void> {
  if (mailbox.provider === "gmail") await ensureGmailWatch(ctx, mailbox.id);
  if (mailbox.provider === "outlook") await ensureOutlookSubscription(ctx, mailbox.id);
}

async function stopPush(ctx: AppContext, mailbox: Pick<Mailbox, "id" | "provider">): Promise<void> {
  try {
    if (mailbox.provider === "gmail") await stopGmailWatch(ctx, mailbox.id);
    if (mailbox.provider === "outlook") await stopOutlookSubscription(ctx, mailbox.id);
  } catch (error) {
    ctx.logger.warn({ mailboxId: mailbox.id, err: (error as Error).message }, "could not stop push");
  }
}
