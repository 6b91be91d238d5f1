import { asc, count, eq, ne } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { mailboxes, mailPushChannels, messages, sends } from "../../db/schema/index.ts";
import type { MailboxView } from "../api/types.ts";

/** Every mailbox but the disconnected ones, with its backlog and push channel, for the Mailboxes page. */
export async function listMailboxes(db: Executor): Promise<MailboxView[]> {
  const rows = await db
    .select({ mailbox: mailboxes, push: mailPushChannels })
    .from(mailboxes)
    .leftJoin(mailPushChannels, eq(mailPushChannels.mailboxId, mailboxes.id))
    .where(ne(mailboxes.status, "disconnected"))
    .orderBy(asc(mailboxes.createdAt));
  const untriaged = await db
    .select({ mailboxId: messages.mailboxId, n: count() })
    .from(messages)
    .where(eq(messages.status, "received"))
    .groupBy(messages.mailboxId);
  const unsent = await db
    .select({ mailboxId: sends.mailboxId, n: count() })
    .from(sends)
    .where(eq(sends.status, "pending"))
    .groupBy(sends.mailboxId);
  const countOf = (list: { mailboxId: string; n: number }[], id: string) =>
    Number(list.find((r) => r.mailboxId === id)?.n ?? 0);
  return rows.map(({ mailbox, push }) => ({
    id: mailbox.id,
    provider: mailbox.provider,
    address: mailbox.address,
    displayName: mailbox.displayName,
    status: mailbox.status,
    lastSyncAt: mailbox.lastSyncAt?.toISOString() ?? null,
    lastError: mailbox.lastError,
    throttledUntil:
      mailbox.throttledUntil && mailbox.throttledUntil.getTime() > Date.now()
        ? mailbox.throttledUntil.toISOString()
        : null,
    backlog: { untriaged: countOf(untriaged, mailbox.id), unsent: countOf(unsent, mailbox.id) },
    push: push
      ? {
          expiresAt: push.expiresAt.toISOString(),
          lastNotificationAt: push.lastNotificationAt?.toISOString() ?? null,
          lastError: push.lastError,
        }
      : null,
    signature: { text: mailbox.signatureText, html: mailbox.signatureHtml },
    createdAt: mailbox.createdAt.toISOString(),
  }));
}
