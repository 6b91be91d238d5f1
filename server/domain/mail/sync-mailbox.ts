import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { mailboxes, syncCursors } from "../../../db/schema/index.ts";
import { ProviderAuthError } from "../../../integrations/mail/gmail/index.ts";
import type { AppContext } from "../../context.ts";
import { enqueueSync, enqueueTriage, triageBatchSize } from "../../jobs/enqueue.ts";
import { triageMessages } from "../triage/triage-messages.ts";
import { mailProviderFor, markNeedsReconnect } from "./providers.ts";
import { storeInboundMessages } from "./store-inbound-messages.ts";

const pageSize = 100;

/** A sync that dies keeps the mailbox for at most this long before another may take over. */
const leaseSeconds = 60;

/**
 * Pull what arrived since the stored cursor, store each message once, queue it for triage, then move
 * the cursor. One sync per mailbox runs at a time (a lease row). A sync asked for meanwhile only counts
 * itself on that row and returns; the running one sees the count move and looks again before letting
 * go, so no request is lost and none spins waiting. A crash between storing and moving the cursor only
 * means the next sync sees the same messages again — which storing-once makes harmless (invariants 1
 * and 3).
 */
export async function syncMailbox(
  ctx: AppContext,
  mailboxId: string,
): Promise<{ stored: number; seen: number; busy: boolean }> {
  const { mailbox, provider } = await mailProviderFor(ctx, mailboxId);
  if (mailbox.status !== "active") return { stored: 0, seen: 0, busy: false };
  const lease = await claimMailbox(ctx, mailboxId);
  if (!lease) return { stored: 0, seen: 0, busy: true };
  let stored = 0;
  let seen = 0;
  let cursor = lease.cursor;
  // One page's triage runs while the next page of a backlog is read and stored: a page waits for the one
  // before it (a conversation's messages are decided in order), not for its own turn to be listed.
  let triaging: Promise<void> = Promise.resolve();
  try {
    for (;;) {
      const page = await provider.listChanges(cursor, pageSize);
      seen += page.messages.length;
      const fetched = await provider.getMessages(page.messages.map((m) => m.providerMessageId));
      const results = await storeInboundMessages(ctx.db, mailbox, fetched, ctx.clock(), ctx.config.mail);
      stored += results.filter((r) => r.created).length;
      const toTriage = results.filter((r) => r.needsTriage).map((r) => r.messageId);
      await triaging;
      triaging = triageOrEnqueue(ctx, toTriage);
      cursor = page.nextCursor;
      if (page.hasMore) {
        await saveCursor(ctx, lease, cursor);
        continue;
      }
      // Triage finishes before the lease may go: a sync that starts next must not overtake it.
      await triaging;
      const again = await releaseUnlessAsked(ctx, lease, cursor);
      if (again === null) break;
      lease.requests = again;
    }
  } catch (error) {
    // Stored messages whose triage did not finish are re-driven by the sweeper (status `received`).
    await triaging.catch(() => undefined);
    await release(ctx, lease);
    if (error instanceof ProviderAuthError) throw await markNeedsReconnect(ctx, mailboxId, error);
    throw error;
  }
  // The mailbox page shows when it last synced; to the nearest few seconds is enough.
  const now = ctx.clock();
  if (mailbox.lastError || !mailbox.lastSyncAt || now.getTime() - mailbox.lastSyncAt.getTime() > 5_000)
    await ctx.db
      .update(mailboxes)
      .set({ lastSyncAt: now, lastError: null })
      .where(eq(mailboxes.id, mailboxId));
  return { stored, seen, busy: false };
}

/**
 * Ask for a sync of a mailbox (new mail announced). While a sync runs, the request is counted on its lease
 * row, and that sync looks again before letting go (`releaseUnlessAsked` compares the count in the same
 * row): no job, no queue round trip. Otherwise a sync job is scheduled. Under steady mail the running sync
 * keeps going and takes what arrived as one batch.
 */
export async function requestSync(
  ctx: Pick<AppContext, "db" | "queue">,
  mailboxId: string,
  reason: string,
): Promise<void> {
  const counted = await ctx.db
    .update(syncCursors)
    .set({ requests: sql`${syncCursors.requests} + 1` })
    .where(
      and(
        eq(syncCursors.mailboxId, mailboxId),
        eq(syncCursors.kind, "inbox"),
        sql`${syncCursors.leasedUntil} > now()`,
      ),
    )
    .returning({ id: syncCursors.id });
  if (counted.length === 0) await enqueueSync(ctx, mailboxId, reason);
}

/**
 * A page of a batch's size or less is triaged here, by the sync (while it reads a backlog's next page): that spares
 * a queue hop, and mail arriving meanwhile joins the next batch (windows grow with load). A bigger page
 * goes to triage jobs, which run side by side. The messages are stored (status `received`) before this,
 * so a crash here loses nothing: the sweeper re-drives messages still waiting for triage (and a retried
 * sync that re-reads the page triages them). If the agent fails, triage jobs retry.
 */
async function triageOrEnqueue(ctx: AppContext, messageIds: string[]): Promise<void> {
  if (messageIds.length === 0) return;
  if (messageIds.length > triageBatchSize) return enqueueTriage(ctx, messageIds);
  try {
    await triageMessages(ctx, messageIds);
  } catch (error) {
    ctx.logger.warn({ err: error, messages: messageIds.length }, "triage in sync failed; queued for retry");
    await enqueueTriage(ctx, messageIds);
  }
}

interface Lease {
  id: string;
  rowId: string;
  cursor: string | null;
  /** The request count this sync has answered up to. */
  requests: number;
}

const leaseEnd = () => sql`now() + make_interval(secs => ${leaseSeconds})`;

/** Count the request; take the lease if it is free. Null: another sync holds it and will see the count. */
async function claimMailbox(ctx: AppContext, mailboxId: string): Promise<Lease | null> {
  const id = randomUUID();
  const free = sql`(${syncCursors.leasedUntil} is null or ${syncCursors.leasedUntil} < now())`;
  const [row] = await ctx.db
    .insert(syncCursors)
    .values({ mailboxId, kind: "inbox", cursor: null, leaseId: id, leasedUntil: leaseEnd(), requests: 1 })
    .onConflictDoUpdate({
      target: [syncCursors.mailboxId, syncCursors.kind],
      set: {
        requests: sql`${syncCursors.requests} + 1`,
        leaseId: sql`case when ${free} then ${id}::uuid else ${syncCursors.leaseId} end`,
        leasedUntil: sql`case when ${free} then ${leaseEnd()} else ${syncCursors.leasedUntil} end`,
      },
    })
    .returning({
      rowId: syncCursors.id,
      cursor: syncCursors.cursor,
      leaseId: syncCursors.leaseId,
      requests: syncCursors.requests,
    });
  if (!row || row.leaseId !== id) return null;
  return { id, rowId: row.rowId, cursor: row.cursor, requests: row.requests };
}

/** Keep the place after a page, and the lease for another `leaseSeconds`. */
async function saveCursor(ctx: AppContext, lease: Lease, cursor: string) {
  await ctx.db
    .update(syncCursors)
    .set({ cursor, leasedUntil: leaseEnd() })
    .where(and(eq(syncCursors.id, lease.rowId), eq(syncCursors.leaseId, lease.id)));
}

/**
 * Save the cursor and let go — unless a sync was asked for since this one last looked: then keep the
 * lease and return the new request count, to look again. Null when let go (or the lease was lost).
 */
async function releaseUnlessAsked(ctx: AppContext, lease: Lease, cursor: string): Promise<number | null> {
  const released = await ctx.db
    .update(syncCursors)
    .set({ cursor, leaseId: null, leasedUntil: null })
    .where(
      and(
        eq(syncCursors.id, lease.rowId),
        eq(syncCursors.leaseId, lease.id),
        eq(syncCursors.requests, lease.requests),
      ),
    )
    .returning({ id: syncCursors.id });
  if (released.length > 0) return null;
  const [kept] = await ctx.db
    .update(syncCursors)
    .set({ cursor, leasedUntil: leaseEnd() })
    .where(and(eq(syncCursors.id, lease.rowId), eq(syncCursors.leaseId, lease.id)))
    .returning({ requests: syncCursors.requests });
  return kept ? kept.requests : null;
}

async function release(ctx: AppContext, lease: { id: string; rowId: string }) {
  await ctx.db
    .update(syncCursors)
    .set({ leaseId: null, leasedUntil: null })
    .where(and(eq(syncCursors.id, lease.rowId), eq(syncCursors.leaseId, lease.id)));
}
