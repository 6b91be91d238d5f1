import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { and, count, eq } from "drizzle-orm";
import { decisions, messages } from "../../db/schema/index.ts";
import { connectGmailMailbox } from "../../server/domain/mail/connect-gmail-mailbox.ts";
import { syncMailbox } from "../../server/domain/mail/sync-mailbox.ts";
import { startGmailEmulator } from "../emulators/gmail/index.ts";
import { DEFAULT_PUSH_SERVICE_ACCOUNT } from "../emulators/gmail/push.ts";
import { customerEmail } from "../helpers/factories.ts";
import { createTestRuntime } from "../helpers/runtime.ts";
import { percentile } from "./stats.ts";

const shop = "bench@shop.example";
const client = { clientId: "bench-client", clientSecret: "bench-secret" };

function question(i: number, messageId?: string): string {
  return customerEmail({
    from: `customer-${i}@example.com`,
    subject: `Where is my order LL-${10_000 + i}?`,
    text: `Hello, my order LL-${10_000 + i} has not arrived yet. Can you check?\n\nThanks`,
    messageId,
  });
}

/**
 * A newly connected Gmail inbox of `total` messages, backfilled from the emulator by the sync job into
 * Postgres at Google's real per-user quota (250 units/s: `messages.get` costs 5, so about 50 messages a
 * second is the ceiling; the adapter paces itself to it rather than earning 429s). Triage is only queued.
 * `BENCH_GMAIL_MESSAGES` sets the size (10,000 for the issue's figure).
 */
export async function benchGmailBackfill(total: number): Promise<{ backfillPerSec: number }> {
  const gmail = await startGmailEmulator({ clients: [client] });
  const rt = await createTestRuntime({
    database: "postgres",
    queue: "in-process",
    workers: false,
    env: { GMAIL_API_ROOT: `${gmail.url}/` },
  });
  try {
    const at = Date.now() - 60_000;
    for (let i = 0; i < total; i++) gmail.deliver(shop, question(i), { internalDate: at });
    const { refresh_token } = gmail.issueTokens(shop);
    const { mailboxId } = await connectGmailMailbox(
      { ctx: rt.ctx, actor: { type: "system", name: "bench" } },
      {
        address: shop,
        displayName: "Bench",
        credentials: {
          kind: "oauth",
          ...client,
          refreshToken: refresh_token,
          tokenEndpoint: gmail.oauthEndpoints.oauth2TokenUrl,
        },
      },
    );
    const started = performance.now();
    await syncMailbox(rt.ctx, mailboxId);
    const seconds = (performance.now() - started) / 1000;
    const [stored] = await rt.ctx.db
      .select({ n: count() })
      .from(messages)
      .where(and(eq(messages.mailboxId, mailboxId), eq(messages.direction, "inbound")));
    if (stored?.n !== total) throw new Error(`the sync stored ${stored?.n} of ${total} messages`);
    return { backfillPerSec: total / seconds };
  } finally {
    await rt.dispose();
    await gmail.close();
  }
}

/**
 * Push to decision: single new messages arriving in a watched Gmail inbox, one at a time; the emulator
 * pushes to Mailroom's webhook over HTTP (OIDC-signed, verified), the sync job fetches, triage decides
 * (local engine, Postgres + BullMQ). The time from delivery to the decision row, per message.
 */
export async function benchPushToDecision(samples: number): Promise<{ p50Ms: number; p95Ms: number }> {
  const gmail = await startGmailEmulator({ clients: [client] });
  let fetchApp: (request: Request) => Response | Promise<Response> = () =>
    new Response(null, { status: 503 });
  const server = serve({ fetch: (request) => fetchApp(request), port: 0, hostname: "127.0.0.1" });
  await new Promise((resolve) => server.once("listening", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const rt = await createTestRuntime({
    database: "postgres",
    queue: "bullmq",
    env: {
      MAILROOM_PUBLIC_URL: base,
      GMAIL_API_ROOT: `${gmail.url}/`,
      GOOGLE_OIDC_CERTS_URL: gmail.oauthEndpoints.oauth2FederatedSignonPemCertsUrl,
      GMAIL_PUBSUB_TOPIC: "projects/bench/topics/gmail",
      GMAIL_PUSH_SERVICE_ACCOUNT: DEFAULT_PUSH_SERVICE_ACCOUNT,
    },
  });
  fetchApp = (request) => rt.app.fetch(request);
  try {
    gmail.pushTo({ url: `${base}/webhooks/gmail/push` });
    const { refresh_token } = gmail.issueTokens(shop);
    const { mailboxId } = await connectGmailMailbox(
      { ctx: rt.ctx, actor: { type: "system", name: "bench" } },
      {
        address: shop,
        displayName: "Bench",
        credentials: {
          kind: "oauth",
          ...client,
          refreshToken: refresh_token,
          tokenEndpoint: gmail.oauthEndpoints.oauth2TokenUrl,
        },
      },
    );
    await rt.settle(30_000);
    const latencies: number[] = [];
    for (let i = 0; i < samples; i++) {
      const messageId = `<push-bench-${i}-${Date.now()}@example.com>`;
      const started = performance.now();
      gmail.deliver(shop, question(i, messageId));
      for (;;) {
        const [row] = await rt.ctx.db
          .select({ id: decisions.id })
          .from(decisions)
          .innerJoin(messages, eq(messages.id, decisions.messageId))
          .where(and(eq(messages.mailboxId, mailboxId), eq(messages.rfcMessageId, messageId)));
        if (row) break;
        if (performance.now() - started > 30_000) throw new Error(`no decision for ${messageId} in 30 s`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      latencies.push(performance.now() - started);
      // Single messages, not a burst: let the send and labelling finish before the next arrives.
      await rt.settle(30_000);
    }
    return { p50Ms: percentile(latencies, 50), p95Ms: percentile(latencies, 95) };
  } finally {
    await gmail.close();
    await rt.dispose();
    await new Promise((resolve) => server.close(resolve));
  }
}
