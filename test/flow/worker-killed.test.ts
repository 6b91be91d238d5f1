import type { ChildProcess } from "node:child_process";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messages, sends } from "../../db/schema/index.ts";
import { connectGmailMailbox } from "../../server/domain/mail/connect-gmail-mailbox.ts";
import { appGrant, connectOutlookMailbox } from "../../server/domain/mail/connect-outlook-mailbox.ts";
import { type GmailEmulator, startGmailEmulator } from "../emulators/gmail/index.ts";
import { type GraphEmulator, startGraphEmulator } from "../emulators/graph/index.ts";
import { customerEmail, mintOrder } from "../helpers/factories.ts";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.ts";
import { startTlsFront } from "../helpers/tls-front.ts";
import { waitFor } from "../helpers/wait.ts";
import { buildServerBundle, killAll, killDuring, startWorkerProcess } from "../helpers/worker-process.ts";

/**
 * Invariants 1–3 across a real crash: the compiled `worker` process (as `npm run worker` runs it) is
 * SIGKILLed while a provider call is in flight — once while a sync fetches a message, once during a send
 * the provider goes on to complete — and a fresh worker takes over. Recovery waits for BullMQ's
 * stalled-job check and the sync lease (up to a minute each), hence the long deadlines.
 */
const shop = "support@lumenandloom.example";
const customers = 4;

/** Customers asking about on-time orders: each gets an automatic answer. */
async function mintQuestions(rt: TestRuntime, deliver: (raw: string) => Promise<unknown>): Promise<string[]> {
  const questions: string[] = [];
  for (let i = 0; i < customers; i++) {
    const order = await mintOrder(rt.ctx.db, { now: new Date(), standing: "on_time" });
    const question = `<killed-${i}-${order.number}@mail.example.com>`;
    questions.push(question);
    await deliver(
      customerEmail({
        from: order.email,
        subject: "Where is my order?",
        text: `Where is ${order.number}?`,
        messageId: question,
      }),
    );
  }
  return questions;
}

/** The end state both providers must reach: each message stored once, each reply sent and recorded once. */
async function expectEachOnce(
  rt: TestRuntime,
  mailboxId: string,
  questions: string[],
  sentMail: () => { id: string; header(name: string): string | undefined }[],
) {
  await waitFor(
    async () =>
      (await rt.ctx.db.select().from(sends).where(eq(sends.mailboxId, mailboxId))).filter(
        (s) => s.status === "sent",
      ).length === customers,
    240_000,
    "every reply to be confirmed",
  );
  const stored = await rt.ctx.db
    .select({
      direction: messages.direction,
      rfcMessageId: messages.rfcMessageId,
      id: messages.providerMessageId,
    })
    .from(messages)
    .where(eq(messages.mailboxId, mailboxId));
  const inbound = stored.filter((m) => m.direction === "inbound");
  expect(inbound.map((m) => m.rfcMessageId).sort()).toEqual([...questions].sort());
  expect(
    sentMail()
      .map((m) => m.header("In-Reply-To"))
      .sort(),
  ).toEqual([...questions].sort());
  const outbound = stored.filter((m) => m.direction === "outbound");
  expect(outbound).toHaveLength(customers);
  return { outbound };
}

describe("a worker process killed mid-sync and mid-send (Postgres + BullMQ, emulated Gmail)", () => {
  const client = { clientId: "mailroom-client", clientSecret: "mailroom-secret" };
  let gmail: GmailEmulator;
  let rt: TestRuntime;
  let mailboxId: string;
  let questions: string[];
  const workers: ChildProcess[] = [];
  const startWorker = () => {
    const child = startWorkerProcess(rt, { GMAIL_API_ROOT: `${gmail.url}/` });
    workers.push(child);
    return child;
  };
  const delayed = (method: string, path: RegExp) => () =>
    gmail.requests.find((r) => r.fault === "delay" && r.method === method && path.test(r.path));

  beforeAll(async () => {
    buildServerBundle();
    gmail = await startGmailEmulator({ clients: [client] });
    // This process only connects the mailbox and reads the outcome; the worker processes run every job.
    rt = await createTestRuntime({
      database: "postgres",
      queue: "bullmq",
      workers: false,
      env: { GMAIL_API_ROOT: `${gmail.url}/` },
    });
    const refreshToken = gmail.issueTokens(shop).refresh_token;
    ({ mailboxId } = await connectGmailMailbox(
      { ctx: rt.ctx, actor: { type: "system", name: "test" } },
      {
        address: shop,
        displayName: "Lumen & Loom support",
        credentials: {
          kind: "oauth",
          ...client,
          refreshToken,
          tokenEndpoint: gmail.oauthEndpoints.oauth2TokenUrl,
        },
      },
    ));
    questions = await mintQuestions(rt, async (raw) => gmail.deliver(shop, raw));
  }, 120_000);

  afterAll(async () => {
    killAll(workers);
    await rt?.dispose();
    await gmail?.close();
  });

  it("stores every message once and sends every reply once", async () => {
    // Long enough that the kill lands inside the call; short enough that the sent copy exists before a
    // retry asks Gmail whether it went (the stalled-job check takes ~30 s).
    gmail.fault({ method: "GET", path: /\/messages\/[^/]+$/ }, { kind: "delay", ms: 10_000 });
    gmail.fault({ method: "POST", path: /\/messages\/send$/ }, { kind: "delay", ms: 3_000 });

    await killDuring(startWorker(), delayed("GET", /\/messages\/[^/]+$/), "a delayed messages.get");
    const storedBeforeRestart = await rt.ctx.db
      .select({ id: messages.id })
      .from(messages)
      .where(eq(messages.mailboxId, mailboxId));
    expect(storedBeforeRestart).toEqual([]);

    await killDuring(startWorker(), delayed("POST", /\/messages\/send$/), "a delayed messages.send");
    // Gmail finishes the send the dead worker asked for.
    await waitFor(() => gmail.sent(shop).length >= 1, 30_000, "the slow send to land");

    startWorker();
    const { outbound } = await expectEachOnce(rt, mailboxId, questions, () => gmail.sent(shop));
    expect(gmail.sent(shop)).toHaveLength(customers);
    expect(outbound.map((m) => m.id).sort()).toEqual(
      gmail
        .sent(shop)
        .map((m) => m.id)
        .sort(),
    );
    // The retry asked Gmail before sending again, and found the send the killed worker had started.
    expect(
      gmail.requests.some((r) => r.path.endsWith("/messages") && String(r.query.q).includes("rfc822msgid:")),
    ).toBe(true);
  }, 720_000);
});

describe("a worker process killed mid-sync and mid-send (Postgres + BullMQ, emulated Graph over HTTPS)", () => {
  const app = { clientId: "6d1c7e1a-2b3c-4d5e-8f90-a1b2c3d4e5f6", clientSecret: "mailroom-entra-secret" };
  let graph: GraphEmulator;
  let front: Awaited<ReturnType<typeof startTlsFront>>;
  let rt: TestRuntime;
  let mailboxId: string;
  let questions: string[];
  const workers: ChildProcess[] = [];
  // The worker process reaches Graph and the login host as in production: HTTPS, at the configured hosts.
  const graphEnv = () => ({
    MICROSOFT_CLIENT_ID: app.clientId,
    MICROSOFT_CLIENT_SECRET: app.clientSecret,
    MICROSOFT_TENANT_ID: graph.tenantId,
    GRAPH_BASE_URL: front.url,
    GRAPH_AUTHORITY: front.url,
  });
  const startWorker = () => {
    const child = startWorkerProcess(rt, { ...graphEnv(), NODE_EXTRA_CA_CERTS: front.caFile });
    workers.push(child);
    return child;
  };
  const delayed = (method: string, path: RegExp) => () =>
    graph.requests.find((r) => r.fault === "delay" && r.method === method && path.test(r.path));

  beforeAll(async () => {
    buildServerBundle();
    graph = await startGraphEmulator({ apps: [app] });
    front = await startTlsFront(graph.url);
    rt = await createTestRuntime({
      database: "postgres",
      queue: "bullmq",
      workers: false,
      listen: true,
      mailTransport: { graphMiddleware: [graph.transport()], msalNetwork: graph.msalNetwork() },
      env: graphEnv(),
    });
    ({ mailboxId } = await connectOutlookMailbox(
      { ctx: rt.ctx, actor: { type: "system", name: "test" } },
      {
        address: shop,
        displayName: "Lumen & Loom support",
        grant: appGrant(rt.ctx, { address: shop, displayName: "Lumen & Loom support" }),
      },
    ));
    questions = await mintQuestions(rt, (raw) => graph.deliver(shop, raw));
  }, 120_000);

  afterAll(async () => {
    killAll(workers);
    await rt?.dispose();
    await front?.close();
    await graph?.close();
  });

  it("stores every message once and sends every reply once", async () => {
    graph.fault({ method: "GET", path: /\/\$value$/ }, { kind: "delay", ms: 10_000 });
    graph.fault({ method: "POST", path: /\/messages\/[^/]+\/send$/ }, { kind: "delay", ms: 3_000 });

    await killDuring(startWorker(), delayed("GET", /\/\$value$/), "a delayed message $value");
    const storedBeforeRestart = await rt.ctx.db
      .select({ id: messages.id })
      .from(messages)
      .where(eq(messages.mailboxId, mailboxId));
    expect(storedBeforeRestart).toEqual([]);

    await killDuring(startWorker(), delayed("POST", /\/messages\/[^/]+\/send$/), "a delayed send");
    await waitFor(() => graph.sent(shop).length >= 1, 30_000, "the slow send to land");

    startWorker();
    await expectEachOnce(rt, mailboxId, questions, () => graph.sent(shop));
    expect(graph.sent(shop)).toHaveLength(customers);
  }, 720_000);
});
