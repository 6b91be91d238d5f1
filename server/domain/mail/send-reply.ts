import { and, eq, sql } from "drizzle-orm";
import { conversations, drafts, messages, sends } from "../../../db/schema/index.ts";
import type { OutgoingReply } from "../../../integrations/mail/types.ts";
import { type AppContext, withTransaction } from "../../context.ts";
import { recordAudit } from "../audit.ts";
import { NotFoundError } from "../errors.ts";
import { mailProviderFor } from "./providers.ts";

/**
 * Deliver one outbox row. Invariant 2: the row exists before the provider is called; on a retry we
 * first ask the provider whether our Message-ID already went out, so an ambiguous failure (a timeout
 * after the provider accepted the message) never reaches the customer twice.
 */
export async function sendReply(ctx: AppContext, sendId: string): Promise<{ status: "sent" | "skipped" }> {
  // The outbox row with what the reply needs of its draft, the message it answers and the thread.
  const [row] = await ctx.db
    .select({
      send: sends,
      draft: { id: drafts.id, subject: drafts.subject, body: drafts.body },
      inbound: {
        fromAddress: messages.fromAddress,
        rfcMessageId: messages.rfcMessageId,
        references: messages.references,
        headers: messages.headers,
      },
      threadId: conversations.providerThreadId,
    })
    .from(sends)
    .leftJoin(drafts, eq(drafts.id, sends.draftId))
    .leftJoin(messages, eq(messages.id, drafts.replyToMessageId))
    .leftJoin(conversations, eq(conversations.id, sends.conversationId))
    .where(eq(sends.id, sendId));
  if (!row) throw new NotFoundError(`send ${sendId} not found`);
  const { send, draft, inbound } = row;
  if (send.status !== "pending") return { status: "skipped" };
  if (!draft || !inbound) throw new NotFoundError(`send ${sendId} has no draft or message to answer`);
  const { mailbox, provider } = await mailProviderFor(ctx, send.mailboxId);

  const [{ attempts } = { attempts: 1 }] = await ctx.db
    .update(sends)
    .set({ attempts: sql`${sends.attempts} + 1` })
    .where(eq(sends.id, sendId))
    .returning({ attempts: sends.attempts });

  const automatic = send.kind === "auto_reply";
  const reply: OutgoingReply = {
    threadId: row.threadId,
    from: { address: mailbox.address, name: mailbox.displayName },
    to: [replyAddress(inbound.headers["reply-to"]) ?? inbound.fromAddress],
    cc: [],
    subject: draft.subject,
    text: draft.body,
    rfcMessageId: send.rfcMessageId,
    inReplyTo: inbound.rfcMessageId,
    references: [...inbound.references, ...(inbound.rfcMessageId ? [inbound.rfcMessageId] : [])],
    headers: {
      "X-Mailroom-Send": send.id,
      // RFC 3834 §5: mark machine answers so other machines don't answer them back.
      ...(automatic ? { "Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All" } : {}),
    },
  };

  const already = attempts > 1 ? await provider.findSent(send.rfcMessageId) : null;
  const { providerMessageId } = already ?? (await provider.sendReply(reply));
  const now = ctx.clock();

  await withTransaction(ctx.db, async (tx) => {
    const confirmed = await tx
      .update(sends)
      .set({ status: "sent", providerMessageId, sentAt: now, lastError: null })
      .where(and(eq(sends.id, sendId), eq(sends.status, "pending")))
      .returning({ id: sends.id });
    if (confirmed.length === 0) return;
    await tx
      .insert(messages)
      .values({
        mailboxId: send.mailboxId,
        conversationId: send.conversationId,
        direction: "outbound",
        status: "sent",
        providerMessageId,
        rfcMessageId: send.rfcMessageId,
        inReplyTo: reply.inReplyTo,
        references: reply.references,
        fromAddress: mailbox.address,
        fromName: mailbox.displayName,
        toAddresses: reply.to,
        subject: reply.subject,
        textBody: reply.text,
        headers: Object.fromEntries(Object.entries(reply.headers).map(([k, v]) => [k.toLowerCase(), v])),
        sentAt: now,
        receivedAt: now,
      })
      .onConflictDoNothing({ target: [messages.mailboxId, messages.providerMessageId] });
    await tx.update(drafts).set({ status: "sent" }).where(eq(drafts.id, draft.id));
    await tx
      .update(conversations)
      .set({ status: "answered", lastMessageAt: now })
      .where(eq(conversations.id, send.conversationId));
    await recordAudit(tx, {
      actor: { type: "system", name: "send-worker" },
      action: automatic ? "reply.auto_sent" : "reply.sent",
      subjectType: "conversation",
      subjectId: send.conversationId,
      data: { sendId, providerMessageId, recoveredAfterAmbiguousFailure: Boolean(already) },
    });
  });
  return { status: "sent" };
}

/** Record why a send gave up for good; the row stays for a person to see and retry. */
export async function failSend(ctx: AppContext, sendId: string, error: string): Promise<void> {
  await ctx.db
    .update(sends)
    .set({ status: "failed", lastError: error.slice(0, 2000) })
    .where(and(eq(sends.id, sendId), eq(sends.status, "pending")));
}

function replyAddress(header: string | undefined): string | null {
  const match = header?.match(/[\w.+-]+@[\w-]+(\.[\w-]+)+/);
  return match ? match[0].toLowerCase() : null;
}
