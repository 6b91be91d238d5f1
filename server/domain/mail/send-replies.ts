import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import { conversations, drafts, messages, sends } from "../../../db/schema/index.ts";
import { ProviderAuthError } from "../../../integrations/mail/gmail/index.ts";
import { forwardBodies, replyBodies, type Signature } from "../../../integrations/mail/reply-body.ts";
import type { OutgoingReply } from "../../../integrations/mail/types.ts";
import { type AppContext, withTransaction } from "../../context.ts";
import { recordAudit } from "../audit.ts";
import { NotFoundError } from "../errors.ts";
import { mailProviderFor, markNeedsReconnect } from "./providers.ts";

export interface SendResult {
  sendId: string;
  status: "sent" | "skipped";
}

/**
 * Deliver outbox rows: the replies one triage batch approved, or the one a person approved.
 * Invariant 2: each row exists before its provider is called; on a retry we first ask the provider
 * whether our Message-ID already went out, so an ambiguous failure (a timeout after the provider
 * accepted the message) never reaches the customer twice.
 *
 * A reply that fails to go out stays pending and the first error is rethrown once the others are
 * recorded, so the job's retry redoes only what did not go out.
 */
export async function sendReplies(ctx: AppContext, sendIds: string[]): Promise<SendResult[]> {
  // Count the attempt on every row still pending; the rest were sent (or given up) before.
  const attempted = await ctx.db
    .update(sends)
    .set({ attempts: sql`${sends.attempts} + 1` })
    .where(and(inArray(sends.id, sendIds), eq(sends.status, "pending")))
    .returning();
  if (attempted.length === 0) {
    const existing = await ctx.db.select({ id: sends.id }).from(sends).where(inArray(sends.id, sendIds));
    if (existing.length === 0) throw new NotFoundError(`send ${sendIds.join(", ")} not found`);
    return sendIds.map((sendId) => ({ sendId, status: "skipped" }));
  }

  const context = new Map(
    (
      await ctx.db
        .select({
          sendId: sends.id,
          draft: {
            id: drafts.id,
            subject: drafts.subject,
            body: drafts.body,
            language: drafts.language,
            to: drafts.toAddresses,
            cc: drafts.ccAddresses,
            bcc: drafts.bccAddresses,
          },
          inbound: {
            fromAddress: messages.fromAddress,
            fromName: messages.fromName,
            toAddresses: messages.toAddresses,
            subject: messages.subject,
            text: messages.textBody,
            receivedAt: messages.receivedAt,
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
        .where(
          inArray(
            sends.id,
            attempted.map((s) => s.id),
          ),
        )
    ).map((row) => [row.sendId, row]),
  );

  const delivered: Delivered[] = [];
  const errors: unknown[] = [];
  // One adapter per mailbox for the whole job (it keeps what it has read, e.g. a token or settings).
  const adapters = new Map<string, ReturnType<typeof mailProviderFor>>();
  const adapterFor = (mailboxId: string) => {
    let adapter = adapters.get(mailboxId);
    if (!adapter) {
      adapter = mailProviderFor(ctx, mailboxId);
      adapters.set(mailboxId, adapter);
    }
    return adapter;
  };
  for (const send of attempted) {
    try {
      const row = context.get(send.id);
      if (!row?.draft || !row.inbound)
        throw new NotFoundError(`send ${send.id} has no draft or message to answer`);
      const { mailbox, provider } = await adapterFor(send.mailboxId);
      // Paused, or waiting to be reconnected: the reply stays pending until the mailbox is active again.
      if (mailbox.status !== "active") continue;
      const automatic = send.kind === "auto_reply";
      const forward = send.kind === "forward";
      const { draft, inbound } = row;
      const bodies = bodiesFor(send.kind, draft, inbound, {
        text: mailbox.signatureText,
        html: mailbox.signatureHtml,
      });
      const reply: OutgoingReply = {
        // A forward starts its own conversation with the warehouse; it answers no one.
        threadId: forward ? null : row.threadId,
        from: { address: mailbox.address, name: mailbox.displayName },
        to:
          draft.to.length > 0 ? draft.to : [replyAddress(inbound.headers["reply-to"]) ?? inbound.fromAddress],
        cc: draft.cc,
        bcc: draft.bcc,
        subject: draft.subject,
        text: bodies.text,
        html: bodies.html,
        rfcMessageId: send.rfcMessageId,
        inReplyTo: forward ? null : inbound.rfcMessageId,
        references: forward
          ? []
          : [...inbound.references, ...(inbound.rfcMessageId ? [inbound.rfcMessageId] : [])],
        headers: {
          "X-Mailroom-Send": send.id,
          // RFC 3834 §5: mark machine answers so other machines don't answer them back.
          ...(automatic ? { "Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All" } : {}),
        },
      };
      const already = send.attempts > 1 ? await provider.findSent(send.rfcMessageId) : null;
      const { providerMessageId } = already ?? (await provider.sendReply(reply));
      delivered.push({
        send,
        draftId: draft.id,
        reply,
        written: bodies.written,
        mailbox,
        providerMessageId,
        recovered: Boolean(already),
      });
    } catch (error) {
      // A reply with nothing to answer will not gain it on retry: give it up now, visibly.
      if (error instanceof NotFoundError) await failSends(ctx, [send.id], error.message);
      // The reply stays pending; once the mailbox is reconnected the sweeper drives it again.
      else if (error instanceof ProviderAuthError) {
        errors.push(await markNeedsReconnect(ctx, send.mailboxId, error));
        // Read the mailbox again: it now says "needs reconnect", so its other replies wait.
        adapters.delete(send.mailboxId);
      } else errors.push(error);
    }
  }

  const sent = delivered.length > 0 ? await recordDelivered(ctx, delivered) : new Set<string>();
  if (errors.length > 0) throw errors[0];
  return sendIds.map((sendId) => ({ sendId, status: sent.has(sendId) ? "sent" : "skipped" }));
}

const sentActions = {
  auto_reply: "reply.auto_sent",
  human_reply: "reply.sent",
  forward: "reply.forwarded",
  transactional: "reply.sent",
} as const;

type SendRow = typeof sends.$inferSelect;

/** The reply signed and above the customer's message, quoted; or the note above the forwarded message. */
function bodiesFor(
  kind: SendRow["kind"],
  draft: { body: string; language: string },
  inbound: {
    fromAddress: string;
    fromName: string | null;
    toAddresses: string[];
    subject: string;
    text: string;
    receivedAt: Date;
  },
  signature: Signature,
) {
  const message = {
    at: inbound.receivedAt,
    from: { address: inbound.fromAddress, name: inbound.fromName },
    text: inbound.text,
  };
  if (kind === "forward")
    return forwardBodies({
      note: draft.body,
      forwarded: { ...message, to: inbound.toAddresses, subject: inbound.subject },
      signature,
    });
  return replyBodies({ body: draft.body, signature, quoted: message, language: draft.language });
}

interface Delivered {
  send: typeof sends.$inferSelect;
  draftId: string;
  reply: OutgoingReply;
  /** The thread shows what was written (and signed); the quoted message is already in it. */
  written: string;
  mailbox: { address: string; displayName: string };
  providerMessageId: string;
  /** Found already sent on a retry: the earlier attempt's answer was lost, not the message. */
  recovered: boolean;
}

/** What went out, recorded in one transaction: outbox rows, the outbound messages, drafts, threads. */
async function recordDelivered(ctx: AppContext, delivered: Delivered[]): Promise<Set<string>> {
  const now = ctx.clock();
  return withTransaction(ctx.db, async (tx) => {
    const confirmed = new Set(
      (
        await tx
          .update(sends)
          .set({
            status: "sent",
            providerMessageId: caseById(
              sends.id,
              delivered.map((d) => [d.send.id, d.providerMessageId]),
            ),
            sentAt: now,
            lastError: null,
          })
          .where(
            and(
              inArray(
                sends.id,
                delivered.map((d) => d.send.id),
              ),
              eq(sends.status, "pending"),
            ),
          )
          .returning({ id: sends.id })
      ).map((r) => r.id),
    );
    const mine = delivered.filter((d) => confirmed.has(d.send.id));
    if (mine.length === 0) return confirmed;
    await tx
      .insert(messages)
      .values(
        mine.map(({ send, reply, written, mailbox, providerMessageId }) => ({
          mailboxId: send.mailboxId,
          conversationId: send.conversationId,
          direction: "outbound" as const,
          status: "sent" as const,
          providerMessageId,
          rfcMessageId: send.rfcMessageId,
          inReplyTo: reply.inReplyTo,
          references: reply.references,
          fromAddress: mailbox.address,
          fromName: mailbox.displayName,
          toAddresses: reply.to,
          ccAddresses: reply.cc,
          bccAddresses: reply.bcc,
          subject: reply.subject,
          textBody: written,
          headers: Object.fromEntries(Object.entries(reply.headers).map(([k, v]) => [k.toLowerCase(), v])),
          sentAt: now,
          receivedAt: now,
        })),
      )
      .onConflictDoNothing({ target: [messages.mailboxId, messages.providerMessageId] });
    await tx
      .update(drafts)
      .set({ status: "sent" })
      .where(
        inArray(
          drafts.id,
          mine.map((d) => d.draftId),
        ),
      );
    // A forward to the warehouse does not answer the customer.
    const answered = mine.filter((d) => d.send.kind !== "forward");
    if (answered.length > 0)
      await tx
        .update(conversations)
        .set({ status: "answered", lastMessageAt: now })
        .where(inArray(conversations.id, [...new Set(answered.map((d) => d.send.conversationId))]));
    await recordAudit(
      tx,
      mine.map(({ send, providerMessageId, recovered }) => ({
        actor: { type: "system" as const, name: "send-worker" },
        action: sentActions[send.kind],
        subjectType: "conversation",
        subjectId: send.conversationId,
        data: { sendId: send.id, providerMessageId, recoveredAfterAmbiguousFailure: recovered },
      })),
    );
    return confirmed;
  });
}

/** `case id when … then … end`: one value per row in a single UPDATE. */
function caseById(column: typeof sends.id, pairs: [string, string][]): SQL {
  const whens = pairs.map(([id, value]) => sql`when ${id}::uuid then ${value}`);
  return sql`(case ${column} ${sql.join(whens, sql` `)} end)`;
}

/** Record why sends gave up for good; the rows stay for a person to see and retry. */
export async function failSends(ctx: AppContext, sendIds: string[], error: string): Promise<void> {
  await ctx.db
    .update(sends)
    .set({ status: "failed", lastError: error.slice(0, 2000) })
    .where(and(inArray(sends.id, sendIds), eq(sends.status, "pending")));
}

function replyAddress(header: string | undefined): string | null {
  const match = header?.match(/[\w.+-]+@[\w-]+(\.[\w-]+)+/);
  return match ? match[0].toLowerCase() : null;
}
