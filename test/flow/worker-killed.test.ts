import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messages, sends } from "../../db/schema/index.ts";
import { connectGmailMailbox } from "../../server/domain/mail/connect-gmail-mailbox.ts";
import { type GmailEmulator, type RecordedRequest, startGmailEmulator } from "../emulators/gmail/index.ts";
import { testRedisUrl } from "../helpers/environment.ts";
import { customerEmail, mintOrder } from "../helpers/factories.ts";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.ts";
import { waitFor } from "../helpers/wait.ts";

const shop = "support@lumenandloom.example";
const client = { clientId: "mailroom-client", clientSecret: "mailroom-secret" };
const root = fileURLToPath(new URL("../../", import.meta.url));
const customers = 4;

/**
 * Invariants 1–3 across a real crash: the compiled `worker` process (as `npm run worker` runs it) is
 * SIGKILLed while a Gmail call is in flight — once during a sync's messages.get, once during a
 * messages.send that Gmail goes on to complete — and a fresh worker takes over. Recovery waits for
 * BullMQ's stalled-job check and the sync lease (up to a minute each), hence the long deadlines.
 */
describe("a worker process killed mid-sync and mid-send (Postgres + BullMQ, emulated Gmail)", () => {
  let gmail: GmailEmulator;
  let rt: TestRuntime;
  let mailboxId: string;
  const workers: ChildProcess[] = [];
  const questions: string[] = [];

  const startWorker = () => {
    const child = spawn(process.execPath, [join(root, "dist/mailroom.mjs"), "worker"], {
      env: {
        ...process.env,
        DATABASE_URL: rt.database.url,
        REDIS_URL: testRedisUrl,
        MAILROOM_QUEUE_PREFIX: rt.queuePrefix,
        MAILROOM_DEMO: "false",
        // The grant was sealed by this process: the worker must open it with the same key.
        MAILROOM_SECRET_KEY: rt.ctx.config.secretKey.toString("base64"),
        GMAIL_API_ROOT: `${gmail.url}/`,
        DATA_DIR: join(tmpdir(), "mailroom-worker-killed"),
        LOG_LEVEL: "error",
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
    workers.push(child);
    return child;
  };

  /** SIGKILL (no shutdown hook runs) while `request` is still waiting for its answer. */
  const killDuring = async (
    child: ChildProcess,
    request: () => RecordedRequest | undefined,
    what: string,
  ) => {
    await waitFor(() => request() !== undefined, 180_000, what);
    expect(request()?.status, `${what}: still unanswered when the worker dies`).toBeUndefined();
    child.kill("SIGKILL");
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)));
    expect(child.signalCode).toBe("SIGKILL");
  };
  const delayed = (method: string, path: RegExp) => () =>
    gmail.requests.find((r) => r.fault === "delay" && r.method === method && path.test(r.path));

  beforeAll(async () => {
    execFileSync("npm", ["run", "build:server", "--silent"], { cwd: root, stdio: "inherit" });
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
    for (let i = 0; i < customers; i++) {
      const order = await mintOrder(rt.ctx.db, { now: new Date(), standing: "on_time" });
      const question = `<killed-${i}-${order.number}@mail.example.com>`;
      questions.push(question);
      gmail.deliver(
        shop,
        customerEmail({
          from: order.email,
          subject: "Where is my order?",
          text: `Where is ${order.number}?`,
          messageId: question,
        }),
      );
    }
  }, 120_000);

  afterAll(async () => {
    for (const child of workers)
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await rt?.dispose();
    await gmail?.close();
  });

  it("stores every message once and sends every reply once", async () => {
    // Long enough that the kill lands inside the call; short enough that the sent copy exists before a
    // retry asks Gmail whether it went (the stalled-job check takes ~30 s).
    gmail.fault({ method: "GET", path: /\/messages\/[^/]+$/ }, { kind: "delay", ms: 10_000 });
    gmail.fault({ method: "POST", path: /\/messages\/send$/ }, { kind: "delay", ms: 3_000 });

    await killDuring(startWorker(), delayed("GET", /\/messages\/[^/]+$/), "a delayed messages.get");
    const [storedBeforeRestart] = await rt.ctx.db
      .select({ id: messages.id })
      .from(messages)
      .where(eq(messages.mailboxId, mailboxId));
    expect(storedBeforeRestart).toBeUndefined();

    await killDuring(startWorker(), delayed("POST", /\/messages\/send$/), "a delayed messages.send");
    // Gmail finishes the send the dead worker asked for.
    await waitFor(() => gmail.sent(shop).length >= 1, 30_000, "the slow send to land");

    startWorker();
    await waitFor(
      async () =>
        (await rt.ctx.db.select().from(sends).where(eq(sends.mailboxId, mailboxId))).filter(
          (s) => s.status === "sent",
        ).length === customers,
      240_000,
      "every reply to be confirmed",
    );

    const inbound = await rt.ctx.db
      .select({ rfcMessageId: messages.rfcMessageId })
      .from(messages)
      .where(and(eq(messages.mailboxId, mailboxId), eq(messages.direction, "inbound")));
    expect(inbound.map((m) => m.rfcMessageId).sort()).toEqual([...questions].sort());

    const sent = gmail.sent(shop);
    expect(sent.map((m) => m.header("In-Reply-To")).sort()).toEqual([...questions].sort());
    const outbound = await rt.ctx.db
      .select({ providerMessageId: messages.providerMessageId })
      .from(messages)
      .where(and(eq(messages.mailboxId, mailboxId), eq(messages.direction, "outbound")));
    expect(outbound.map((m) => m.providerMessageId).sort()).toEqual(sent.map((m) => m.id).sort());
    // The retry asked Gmail before sending again, and found the send the killed worker had started.
    expect(
      gmail.requests.some((r) => r.path.endsWith("/messages") && String(r.query.q).includes("rfc822msgid:")),
    ).toBe(true);
  }, 720_000);
});
