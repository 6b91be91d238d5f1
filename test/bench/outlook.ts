import { and, count, eq } from "drizzle-orm";
import { messages } from "../../db/schema/index.ts";
import { OutlookMailbox } from "../../integrations/mail/outlook/index.ts";
import { connectOutlookMailbox } from "../../server/domain/mail/connect-outlook-mailbox.ts";
import { syncMailbox } from "../../server/domain/mail/sync-mailbox.ts";
import { startGraphEmulator } from "../emulators/graph/index.ts";
import { customerEmail } from "../helpers/factories.ts";
import { createTestRuntime } from "../helpers/runtime.ts";

const shop = "bench@shop.example";
const app = { clientId: "b3e1c2d4-0000-4000-8000-00000000be4c", clientSecret: "bench-secret" };

export interface OutlookBackfill {
  messages: number;
  /** Delta pages + `$value` MIME through the adapter alone. */
  adapterPerSec: number;
  /** The sync job: the adapter, then parsing and storing in Postgres (triage only queued). */
  backfillPerSec: number;
}

/**
 * A newly connected Outlook inbox of `total` messages read from the Graph emulator: first through the
 * adapter alone (delta + MIME, Graph's 4 concurrent requests), then through the sync job into Postgres.
 * `BENCH_OUTLOOK_MESSAGES` sets the size (10,000 for the figure; smaller for development runs).
 */
export async function benchOutlookBackfill(total: number): Promise<OutlookBackfill> {
  const graph = await startGraphEmulator({ apps: [app] });
  const rt = await createTestRuntime({
    database: "postgres",
    queue: "in-process",
    // Triage is another figure (pipeline.*): the backfill only queues it.
    workers: false,
    listen: true,
    mailTransport: { graphMiddleware: [graph.transport()], msalNetwork: graph.msalNetwork() },
    env: { MICROSOFT_CLIENT_ID: app.clientId, MICROSOFT_CLIENT_SECRET: app.clientSecret },
  });
  try {
    const receivedAt = Date.now() - 60_000;
    for (let i = 0; i < total; i++)
      await graph.deliver(
        shop,
        customerEmail({
          from: `customer-${i}@example.com`,
          subject: `Where is my order LL-${10_000 + i}?`,
          text: `Hello, my order LL-${10_000 + i} has not arrived yet. Can you check?\n\nThanks`,
        }),
        { receivedAt },
      );

    const adapter = new OutlookMailbox({
      address: shop,
      credentials: { kind: "app", tenantId: graph.tenantId, ...app },
      backfill: { days: 14 },
      middleware: [graph.transport()],
      msalNetwork: graph.msalNetwork(),
    });
    let started = performance.now();
    let read = 0;
    let cursor: string | null = null;
    for (;;) {
      // The sync job's page size.
      const page = await adapter.listChanges(cursor, 100);
      read += (await adapter.getMessages(page.messages.map((m) => m.providerMessageId))).length;
      cursor = page.nextCursor;
      if (!page.hasMore) break;
    }
    const adapterSeconds = (performance.now() - started) / 1000;
    if (read !== total) throw new Error(`adapter read ${read} of ${total} messages`);

    const { mailboxId } = await connectOutlookMailbox(
      { ctx: rt.ctx, actor: { type: "system", name: "bench" } },
      { address: shop, displayName: "Bench", grant: { kind: "app", tenantId: graph.tenantId } },
    );
    started = performance.now();
    await syncMailbox(rt.ctx, mailboxId);
    const syncSeconds = (performance.now() - started) / 1000;
    const [stored] = await rt.ctx.db
      .select({ n: count() })
      .from(messages)
      .where(and(eq(messages.mailboxId, mailboxId), eq(messages.direction, "inbound")));
    if (stored?.n !== total) throw new Error(`the sync stored ${stored?.n} of ${total} messages`);
    return { messages: total, adapterPerSec: total / adapterSeconds, backfillPerSec: total / syncSeconds };
  } finally {
    await rt.dispose();
    await graph.close();
  }
}
