import { and, eq, sql } from "drizzle-orm";
import { mailboxes, syncCursors } from "../../../db/schema/index.ts";
import type { AppContext } from "../../context.ts";
import { enqueueTriage } from "../../jobs/enqueue.ts";
import { mailProviderFor } from "./providers.ts";
import { storeInboundMessage } from "./store-inbound-message.ts";

const pageSize = 100;

/**
 * Pull what arrived since the stored cursor, store each message once, queue it for triage, then move
 * the cursor. A crash between storing and moving the cursor only means the next sync sees the same
 * messages again — which storing-once makes harmless (invariants 1 and 3).
 */
export async function syncMailbox(
  ctx: AppContext,
  mailboxId: string,
): Promise<{ stored: number; seen: number }> {
  const { mailbox, provider } = await mailProviderFor(ctx, mailboxId);
  if (mailbox.status !== "active") return { stored: 0, seen: 0 };
  let stored = 0;
  let seen = 0;
  for (;;) {
    const [row] = await ctx.db
      .select({ cursor: syncCursors.cursor, version: syncCursors.version })
      .from(syncCursors)
      .where(and(eq(syncCursors.mailboxId, mailboxId), eq(syncCursors.kind, "inbox")));
    const page = await provider.listChanges(row?.cursor ?? null, pageSize);
    for (const change of page.messages) {
      seen++;
      const message = await provider.getMessage(change.providerMessageId);
      const result = await storeInboundMessage(ctx.db, mailbox, message, ctx.clock());
      if (result.created) stored++;
      if (result.needsTriage) await enqueueTriage(ctx, result.messageId);
    }
    if (!(await moveCursor(ctx, mailboxId, row?.version ?? null, page.nextCursor))) break;
    if (!page.hasMore) break;
  }
  await ctx.db
    .update(mailboxes)
    .set({ lastSyncAt: ctx.clock(), lastError: null })
    .where(eq(mailboxes.id, mailboxId));
  return { stored, seen };
}

/** Compare-and-set: false when an overlapping sync moved the cursor first (it is ahead; we stop). */
async function moveCursor(ctx: AppContext, mailboxId: string, version: number | null, cursor: string) {
  if (version === null) {
    const inserted = await ctx.db
      .insert(syncCursors)
      .values({ mailboxId, kind: "inbox", cursor, version: 1 })
      .onConflictDoNothing()
      .returning({ version: syncCursors.version });
    return inserted.length === 1;
  }
  const updated = await ctx.db
    .update(syncCursors)
    .set({ cursor, version: sql`${syncCursors.version} + 1` })
    .where(
      and(
        eq(syncCursors.mailboxId, mailboxId),
        eq(syncCursors.kind, "inbox"),
        eq(syncCursors.version, version),
      ),
    )
    .returning({ version: syncCursors.version });
  return updated.length === 1;
}
