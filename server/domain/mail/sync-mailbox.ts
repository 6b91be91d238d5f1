import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { mailboxes, syncCursors } from "../../../db/schema/index.ts";
import type { AppContext } from "../../context.ts";
import { enqueueSync, enqueueTriage } from "../../jobs/enqueue.ts";
import { mailProviderFor } from "./providers.ts";
import { storeInboundMessages } from "./store-inbound-messages.ts";

const pageSize = 100;

/** A sync that dies keeps the mailbox for at most this long before another may take over. */
const leaseSeconds = 60;

/**
 * Pull what arrived since the stored cursor, store each message once, queue it for triage, then move
 * the cursor. One sync per mailbox runs at a time (a lease row); a sync asked for meanwhile is put back
 * on the queue for after it. A crash between storing and moving the cursor only means the next sync
 * sees the same messages again — which storing-once makes harmless (invariants 1 and 3).
 */
export async function syncMailbox(
  ctx: AppContext,
  mailboxId: string,
): Promise<{ stored: number; seen: number; busy: boolean }> {
  const { mailbox, provider } = await mailProviderFor(ctx, mailboxId);
  if (mailbox.status !== "active") return { stored: 0, seen: 0, busy: false };
  const lease = await claimMailbox(ctx, mailboxId);
  if (!lease) {
    await enqueueSync(ctx, mailboxId, "retry after the running sync");
    return { stored: 0, seen: 0, busy: true };
  }
  let stored = 0;
  let seen = 0;
  let cursor = lease.cursor;
  try {
    for (;;) {
      const page = await provider.listChanges(cursor, pageSize);
      seen += page.messages.length;
      const fetched = await provider.getMessages(page.messages.map((m) => m.providerMessageId));
      const results = await storeInboundMessages(ctx.db, mailbox, fetched, ctx.clock());
      stored += results.filter((r) => r.created).length;
      await enqueueTriage(
        ctx,
        results.filter((r) => r.needsTriage).map((r) => r.messageId),
      );
      cursor = page.nextCursor;
      const last = !page.hasMore;
      await ctx.db
        .update(syncCursors)
        .set({ cursor, leasedUntil: last ? null : leaseEnd(), leaseId: last ? null : lease.id })
        .where(and(eq(syncCursors.id, lease.rowId), eq(syncCursors.leaseId, lease.id)));
      if (last) break;
    }
  } catch (error) {
    await release(ctx, lease);
    throw error;
  }
  await ctx.db
    .update(mailboxes)
    .set({ lastSyncAt: ctx.clock(), lastError: null })
    .where(eq(mailboxes.id, mailboxId));
  return { stored, seen, busy: false };
}

const leaseEnd = () => sql`now() + make_interval(secs => ${leaseSeconds})`;

async function claimMailbox(ctx: AppContext, mailboxId: string) {
  const id = randomUUID();
  const [row] = await ctx.db
    .insert(syncCursors)
    .values({ mailboxId, kind: "inbox", cursor: null, leaseId: id, leasedUntil: leaseEnd() })
    .onConflictDoUpdate({
      target: [syncCursors.mailboxId, syncCursors.kind],
      set: { leaseId: id, leasedUntil: leaseEnd() },
      setWhere: sql`${syncCursors.leasedUntil} is null or ${syncCursors.leasedUntil} < now()`,
    })
    .returning({ rowId: syncCursors.id, cursor: syncCursors.cursor });
  return row ? { id, rowId: row.rowId, cursor: row.cursor } : null;
}

async function release(ctx: AppContext, lease: { id: string; rowId: string }) {
  await ctx.db
    .update(syncCursors)
    .set({ leaseId: null, leasedUntil: null })
    .where(and(eq(syncCursors.id, lease.rowId), eq(syncCursors.leaseId, lease.id)));
}
