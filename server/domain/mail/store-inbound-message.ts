import { and, desc, eq, inArray } from "drizzle-orm";
import type { Executor } from "../../../db/client.ts";
import { conversations, messages } from "../../../db/schema/index.ts";
import { type ParsedEmail, parseEmail } from "../../../integrations/mail/mime.ts";
import type { ProviderMessage } from "../../../integrations/mail/types.ts";
import { withTransaction } from "../../context.ts";
import type { Mailbox } from "./providers.ts";

export interface StoredMessage {
  messageId: string;
  /** False when the provider message was already stored (invariant 1). */
  created: boolean;
  /** Parsed and waiting for triage (not rejected as unparseable). */
  needsTriage: boolean;
}

/**
 * Store one provider message, exactly once (unique on mailbox + provider id). Unparseable MIME is
 * stored too — status `rejected` with the parse error and the raw bytes — so nothing is lost.
 */
export async function storeInboundMessage(
  db: Executor,
  mailbox: Mailbox,
  message: ProviderMessage,
  now: Date,
): Promise<StoredMessage> {
  const [existing] = await db
    .select({ id: messages.id, status: messages.status })
    .from(messages)
    .where(
      and(eq(messages.mailboxId, mailbox.id), eq(messages.providerMessageId, message.providerMessageId)),
    );
  if (existing)
    return { messageId: existing.id, created: false, needsTriage: existing.status === "received" };

  let parsed: ParsedEmail | null = null;
  let parseError: string | null = null;
  try {
    parsed = await parseEmail(message.raw);
  } catch (error) {
    parseError = (error as Error).message;
  }

  return withTransaction(db, async (tx) => {
    const customerEmail = parsed?.from.address ?? "unknown";
    const conversationId = await findOrCreateConversation(
      tx,
      mailbox.id,
      message.threadId,
      parsed,
      customerEmail,
      now,
    );
    const [row] = await tx
      .insert(messages)
      .values({
        mailboxId: mailbox.id,
        conversationId,
        direction: "inbound",
        status: parsed ? "received" : "rejected",
        providerMessageId: message.providerMessageId,
        rfcMessageId: parsed?.rfcMessageId ?? null,
        inReplyTo: parsed?.inReplyTo ?? null,
        references: parsed?.references ?? [],
        fromAddress: customerEmail,
        fromName: parsed?.from.name ?? null,
        toAddresses: parsed?.to ?? [],
        ccAddresses: parsed?.cc ?? [],
        subject: parsed?.subject ?? "",
        textBody: parsed?.text ?? "",
        htmlBody: parsed?.html ?? null,
        headers: parsed?.headers ?? {},
        attachments: parsed?.attachments ?? [],
        raw: message.raw,
        parseError,
        receivedAt: parsed?.date && parsed.date.getTime() <= now.getTime() ? parsed.date : now,
        sizeBytes: message.raw.byteLength,
      })
      // A concurrent sync of the same message: the other one stored it.
      .onConflictDoNothing({ target: [messages.mailboxId, messages.providerMessageId] })
      .returning({ id: messages.id });
    if (!row) {
      const [other] = await tx
        .select({ id: messages.id, status: messages.status })
        .from(messages)
        .where(
          and(eq(messages.mailboxId, mailbox.id), eq(messages.providerMessageId, message.providerMessageId)),
        );
      return { messageId: other?.id ?? "", created: false, needsTriage: other?.status === "received" };
    }
    await tx
      .update(conversations)
      .set({ lastMessageAt: now, status: "open" })
      .where(eq(conversations.id, conversationId));
    return { messageId: row.id, created: true, needsTriage: Boolean(parsed) };
  });
}

/** Thread by the provider's thread id, then by RFC 5322 In-Reply-To/References, else start a conversation. */
async function findOrCreateConversation(
  db: Executor,
  mailboxId: string,
  threadId: string,
  parsed: ParsedEmail | null,
  customerEmail: string,
  now: Date,
): Promise<string> {
  const [byThread] = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.mailboxId, mailboxId), eq(conversations.providerThreadId, threadId)))
    .limit(1);
  if (byThread) return byThread.id;
  const parents = [...(parsed?.references ?? []), ...(parsed?.inReplyTo ? [parsed.inReplyTo] : [])];
  if (parents.length > 0) {
    const [byHeaders] = await db
      .select({ id: messages.conversationId })
      .from(messages)
      .where(and(eq(messages.mailboxId, mailboxId), inArray(messages.rfcMessageId, parents)))
      .orderBy(desc(messages.receivedAt))
      .limit(1);
    if (byHeaders) return byHeaders.id;
  }
  const [created] = await db
    .insert(conversations)
    .values({
      mailboxId,
      providerThreadId: threadId,
      subject: parsed?.subject ?? "(unparseable message)",
      customerEmail,
      lastMessageAt: now,
    })
    .returning({ id: conversations.id });
  if (!created) throw new Error("conversation insert returned nothing");
  return created.id;
}
