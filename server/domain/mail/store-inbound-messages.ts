import { randomUUID } from "node:crypto";
import { and, desc, eq, inArray } from "drizzle-orm";
import type { Executor } from "../../../db/client.ts";
import { conversations, messages } from "../../../db/schema/index.ts";
import { type ParsedEmail, parseEmail } from "../../../integrations/mail/mime.ts";
import type { ProviderMessage } from "../../../integrations/mail/types.ts";
import { withTransaction } from "../../context.ts";
import type { Mailbox } from "./providers.ts";
import { type AttachmentLimits, storeAttachments } from "./store-attachments.ts";

export interface StoredMessage {
  providerMessageId: string;
  messageId: string;
  /** False when the provider message was already stored (invariant 1). */
  created: boolean;
  /** Parsed and waiting for triage (not rejected as unparseable). */
  needsTriage: boolean;
}

/**
 * Store a page of provider messages, each exactly once (unique on mailbox + provider id), in one
 * transaction and a handful of statements however long the page. Unparseable MIME is stored too —
 * status `rejected` with the parse error and the raw bytes — so nothing is lost. Attachments are stored
 * with them (content once by hash, up to the configured size). Results come back in the page's order.
 */
export async function storeInboundMessages(
  db: Executor,
  mailbox: Mailbox,
  page: ProviderMessage[],
  now: Date,
  limits: AttachmentLimits,
): Promise<StoredMessage[]> {
  if (page.length === 0) return [];
  const known = await storedAlready(db, mailbox.id, page);
  const fresh = uniqueBy(
    page.filter((m) => !known.has(m.providerMessageId)),
    (m) => m.providerMessageId,
  );
  const parsed = await Promise.all(fresh.map(parseOrExplain));

  const created = await withTransaction(db, async (tx) => {
    if (fresh.length === 0) return new Map<string, { id: string; status: string }>();
    const { conversationIds, created } = await assignConversations(tx, mailbox.id, fresh, parsed, now);
    const rows = await tx
      .insert(messages)
      .values(
        fresh.map((message, i) => {
          const { email, error } = parsed[i] as Parsed;
          return {
            mailboxId: mailbox.id,
            conversationId: conversationIds[i] as string,
            direction: "inbound" as const,
            status: email ? ("received" as const) : ("rejected" as const),
            providerMessageId: message.providerMessageId,
            rfcMessageId: email?.rfcMessageId ?? null,
            inReplyTo: email?.inReplyTo ?? null,
            references: email?.references ?? [],
            fromAddress: email?.from.address ?? "unknown",
            fromName: email?.from.name ?? null,
            toAddresses: email?.to ?? [],
            ccAddresses: email?.cc ?? [],
            subject: email?.subject ?? "",
            textBody: email?.text ?? "",
            htmlBody: email?.html ?? null,
            headers: email?.headers ?? {},
            raw: message.raw,
            parseError: error,
            receivedAt: email?.date && email.date.getTime() <= now.getTime() ? email.date : now,
            sizeBytes: message.raw.byteLength,
          };
        }),
      )
      // A concurrent sync of the same messages: the other one stored them, read back below.
      .onConflictDoNothing({ target: [messages.mailboxId, messages.providerMessageId] })
      .returning({ id: messages.id, providerMessageId: messages.providerMessageId, status: messages.status });
    const emailOf = new Map(fresh.map((m, i) => [m.providerMessageId, (parsed[i] as Parsed).email]));
    await storeAttachments(
      tx,
      rows.map((r) => ({
        messageId: r.id,
        attachments: emailOf.get(r.providerMessageId)?.attachments ?? [],
      })),
      limits,
    );
    const conversationOf = new Map(fresh.map((m, i) => [m.providerMessageId, conversationIds[i] as string]));
    // Conversations this page started already carry the time; the ones it continues reopen.
    const touched = [...new Set(rows.map((r) => conversationOf.get(r.providerMessageId) as string))].filter(
      (id) => !created.has(id),
    );
    if (touched.length > 0)
      await tx
        .update(conversations)
        .set({ lastMessageAt: now, status: "open" })
        .where(inArray(conversations.id, touched));
    return new Map(rows.map((r) => [r.providerMessageId, { id: r.id, status: r.status }]));
  });

  // Stored before this call, or by a concurrent one that won the race.
  const missing = page.filter((m) => !created.has(m.providerMessageId) && !known.has(m.providerMessageId));
  if (missing.length > 0)
    for (const [id, row] of await storedAlready(db, mailbox.id, missing)) known.set(id, row);

  return page.map((message) => {
    const mine = created.get(message.providerMessageId);
    const row = mine ?? known.get(message.providerMessageId);
    return {
      providerMessageId: message.providerMessageId,
      messageId: row?.id ?? "",
      created: Boolean(mine),
      needsTriage: row?.status === "received",
    };
  });
}

interface Parsed {
  email: ParsedEmail | null;
  error: string | null;
}

async function parseOrExplain(message: ProviderMessage): Promise<Parsed> {
  try {
    return { email: await parseEmail(message.raw), error: null };
  } catch (error) {
    return { email: null, error: (error as Error).message };
  }
}

async function storedAlready(db: Executor, mailboxId: string, page: ProviderMessage[]) {
  const rows = await db
    .select({ id: messages.id, status: messages.status, providerMessageId: messages.providerMessageId })
    .from(messages)
    .where(
      and(
        eq(messages.mailboxId, mailboxId),
        inArray(
          messages.providerMessageId,
          page.map((m) => m.providerMessageId),
        ),
      ),
    );
  return new Map<string, { id: string; status: string }>(
    rows.map((r) => [r.providerMessageId, { id: r.id, status: r.status }]),
  );
}

/**
 * The conversation of each message, in order: by the provider's thread id, then by RFC 5322
 * In-Reply-To/References, else a new one. Messages of the page thread onto each other too (a reply
 * listed right after the message it answers joins its conversation).
 */
async function assignConversations(
  tx: Executor,
  mailboxId: string,
  page: ProviderMessage[],
  parsed: Parsed[],
  now: Date,
): Promise<{ conversationIds: string[]; created: Set<string> }> {
  const threadIds = [...new Set(page.map((m) => m.threadId))];
  const byThread = new Map(
    (
      await tx
        .select({ id: conversations.id, threadId: conversations.providerThreadId })
        .from(conversations)
        .where(
          and(eq(conversations.mailboxId, mailboxId), inArray(conversations.providerThreadId, threadIds)),
        )
    ).map((c) => [c.threadId, c.id]),
  );

  const parentsOf = (p: Parsed) => [
    ...(p.email?.references ?? []),
    ...(p.email?.inReplyTo ? [p.email.inReplyTo] : []),
  ];
  const wanted = [
    ...new Set(page.flatMap((m, i) => (byThread.has(m.threadId) ? [] : parentsOf(parsed[i] as Parsed)))),
  ];
  const byRfcId = new Map<string, string>();
  if (wanted.length > 0) {
    const rows = await tx
      .select({ rfcMessageId: messages.rfcMessageId, conversationId: messages.conversationId })
      .from(messages)
      .where(and(eq(messages.mailboxId, mailboxId), inArray(messages.rfcMessageId, wanted)))
      .orderBy(desc(messages.receivedAt));
    for (const row of rows)
      if (row.rfcMessageId && !byRfcId.has(row.rfcMessageId))
        byRfcId.set(row.rfcMessageId, row.conversationId);
  }

  // Decide in page order; new conversations get their ids here so later messages can join them.
  const toCreate: (typeof conversations.$inferInsert)[] = [];
  const assigned = page.map((message, i) => {
    const p = parsed[i] as Parsed;
    const existing =
      byThread.get(message.threadId) ??
      parentsOf(p)
        .map((id) => byRfcId.get(id))
        .find(Boolean);
    const id = existing ?? randomUUID();
    if (!existing)
      toCreate.push({
        id,
        mailboxId,
        providerThreadId: message.threadId,
        subject: p.email?.subject ?? "(unparseable message)",
        customerEmail: p.email?.from.address ?? "unknown",
        lastMessageAt: now,
      });
    byThread.set(message.threadId, id);
    if (p.email?.rfcMessageId) byRfcId.set(p.email.rfcMessageId, id);
    return id;
  });
  if (toCreate.length > 0) await tx.insert(conversations).values(toCreate);
  return { conversationIds: assigned, created: new Set(toCreate.map((c) => c.id as string)) };
}

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(key(item)) && Boolean(seen.add(key(item))));
}
