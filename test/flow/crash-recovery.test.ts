import { randomUUID } from "node:crypto";
import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalModel } from "../../agent/model/local.ts";
import type { TriageModel } from "../../agent/types.ts";
import { auditEvents, decisions, messages, sends, syncCursors } from "../../db/schema/index.ts";
import { armSandboxFault, SandboxMailbox } from "../../integrations/mail/sandbox/provider.ts";
import type { AppContext } from "../../server/context.ts";
import { mailProviderFor } from "../../server/domain/mail/providers.ts";
import { receiveSandboxMessage } from "../../server/domain/mail/receive-sandbox-message.ts";
import { storeInboundMessages } from "../../server/domain/mail/store-inbound-messages.ts";
import { syncMailbox } from "../../server/domain/mail/sync-mailbox.ts";
import { triageMessage } from "../../server/domain/triage/triage-messages.ts";
import { createInProcessQueue } from "../../server/jobs/in-process.ts";
import { startWorkers } from "../../server/jobs/processors.ts";
import { redriveUnfinishedWork } from "../../server/jobs/sweeper.ts";
import type { DatabaseKind } from "../helpers/databases.ts";
import { customerEmail, mintOrder } from "../helpers/factories.ts";
import { repliesTo } from "../helpers/replies.ts";
import { createTestRuntime, type QueueKind, type TestRuntime } from "../helpers/runtime.ts";
import { waitFor } from "../helpers/wait.ts";

const setups: [DatabaseKind, QueueKind][] = [
  ["postgres", "bullmq"],
  ["pglite", "in-process"],
];

describe.each(setups)("nothing lost, nothing doubled on a crash (%s + %s)", (database, queue) => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await createTestRuntime({ database, queue });
  });
  afterAll(() => rt.dispose());

  it("syncs asked for while one runs are not lost: the running sync looks again before letting go", async () => {
    const sandbox = new SandboxMailbox(rt.ctx.db, rt.mailboxId);
    await rt.settle();
    const before = await rt.ctx.db.select({ id: messages.id }).from(messages);
    // Mail keeps arriving while syncs overlap: each delivery asks for a sync, most find one running.
    const runs: Promise<{ busy: boolean }>[] = [];
    for (let i = 0; i < 12; i++) {
      await sandbox.deliver(
        customerEmail({ from: `overlap-${i}@example.com`, subject: "Hi", text: "Hello" }),
      );
      runs.push(syncMailbox(rt.ctx, rt.mailboxId));
    }
    const results = await Promise.all(runs);
    expect(results.some((r) => r.busy)).toBe(true);
    const after = await rt.ctx.db.select({ id: messages.id }).from(messages);
    expect(after.length - before.length).toBe(12);
  });

  it("mail that arrives while a sync runs is handed to that sync (counted on its lease), not a new job", async () => {
    await syncMailbox(rt.ctx, rt.mailboxId);
    await rt.settle();
    // The lease row as a running sync holds it.
    const [held] = await rt.ctx.db
      .update(syncCursors)
      .set({ leaseId: randomUUID(), leasedUntil: sql`now() + interval '60 seconds'` })
      .where(eq(syncCursors.mailboxId, rt.mailboxId))
      .returning({ requests: syncCursors.requests });
    await receiveSandboxMessage(rt.ctx, rt.mailboxId, {
      raw: customerEmail({ from: "handoff@example.com", subject: "Hi", text: "Hello" }),
    });
    const [after] = await rt.ctx.db
      .select({ requests: syncCursors.requests })
      .from(syncCursors)
      .where(eq(syncCursors.mailboxId, rt.mailboxId));
    expect(after?.requests).toBe((held?.requests ?? 0) + 1);
    const jobs = await rt.ctx.queue.counts("mail-sync");
    expect(jobs.waiting + jobs.delayed + jobs.active).toBe(0);

    // Once no sync runs, a delivery schedules one again, and it picks up both messages.
    await rt.ctx.db
      .update(syncCursors)
      .set({ leaseId: null, leasedUntil: null })
      .where(eq(syncCursors.mailboxId, rt.mailboxId));
    await receiveSandboxMessage(rt.ctx, rt.mailboxId, {
      raw: customerEmail({ from: "handoff-2@example.com", subject: "Hi", text: "Hello" }),
    });
    await waitFor(
      async () =>
        (
          await rt.ctx.db
            .select({ id: messages.id })
            .from(messages)
            .where(inArray(messages.fromAddress, ["handoff@example.com", "handoff-2@example.com"]))
        ).length === 2,
      20_000,
      "both messages to be stored",
    );
  });

  it("a send whose provider answer was lost is confirmed on retry, not sent again", async () => {
    const order = await mintOrder(rt.ctx.db, { now: new Date(), standing: "on_time" });
    await armSandboxFault(rt.ctx.db, rt.mailboxId, "lostResponseAfterSend", 1);
    await receiveSandboxMessage(rt.ctx, rt.mailboxId, {
      raw: customerEmail({
        from: order.email,
        subject: "Where is my order?",
        text: `Where is ${order.number}?`,
      }),
    });
    await waitFor(
      async () => (await rt.ctx.db.select().from(sends).where(eq(sends.status, "sent"))).length > 0,
      20_000,
      "the send to be confirmed",
    );
    expect(await repliesTo(rt.ctx.db, rt.mailboxId, order.email)).toHaveLength(1);
    const [send] = await rt.ctx.db.select().from(sends).where(eq(sends.status, "sent"));
    expect(send?.attempts).toBe(2);
    const audit = await rt.ctx.db.select().from(auditEvents).where(eq(auditEvents.action, "reply.auto_sent"));
    expect(audit.some((a) => a.data.recoveredAfterAmbiguousFailure === true)).toBe(true);
  });
});

describe("work whose jobs were lost is re-driven from the database", () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    // No workers: jobs are queued and then lost with the queue, as in a crash that took Redis with it.
    rt = await createTestRuntime({ database: "pglite", queue: "in-process", workers: false });
  });
  afterAll(() => rt.dispose());

  it("re-drives an untriaged message and an unsent reply, and answers exactly once", async () => {
    const [a, b] = [
      await mintOrder(rt.ctx.db, { now: new Date(), standing: "on_time" }),
      await mintOrder(rt.ctx.db, { now: new Date(), standing: "on_time" }),
    ];
    for (const o of [a, b]) {
      await new SandboxMailbox(rt.ctx.db, rt.mailboxId).deliver(
        customerEmail({ from: o?.email ?? "", subject: "status?", text: `Where is my order ${o?.number}?` }),
      );
    }
    // A sync stored both and died before triaging them (its triage runs after the store).
    const sandbox = new SandboxMailbox(rt.ctx.db, rt.mailboxId);
    const page = await sandbox.listChanges(null, 10);
    const { mailbox } = await mailProviderFor(rt.ctx, rt.mailboxId);
    await storeInboundMessages(
      rt.ctx.db,
      mailbox,
      await sandbox.getMessages(page.messages.map((m) => m.providerMessageId)),
      new Date(),
      rt.ctx.config.mail,
    );
    // One message got as far as a decision and an outbox row before the crash; the other never triaged.
    const [first] = await rt.ctx.db
      .select()
      .from(messages)
      .where(eq(messages.fromAddress, a?.email ?? ""));
    await triageMessage(rt.ctx, first?.id ?? "");

    const fresh = createInProcessQueue({ defaults: { backoffMs: 20, attempts: 3 } });
    const restarted: AppContext = { ...rt.ctx, queue: fresh };
    startWorkers(restarted);
    const redriven = await redriveUnfinishedWork(restarted, 0);
    expect(redriven).toEqual({ triage: 1, send: 1 });
    await waitFor(async () => (await fresh.counts("send")).completed >= 2, 20_000, "both replies to be sent");
    // A second sweep finds nothing to do and sends nothing again.
    expect(await redriveUnfinishedWork(restarted, 0)).toEqual({ triage: 0, send: 0 });
    expect(await repliesTo(rt.ctx.db, rt.mailboxId, a?.email ?? "")).toHaveLength(1);
    expect(await repliesTo(rt.ctx.db, rt.mailboxId, b?.email ?? "")).toHaveLength(1);
    await fresh.close(1000);
  });
});

describe("a sync whose triage fails leaves the mail to triage jobs", () => {
  let rt: TestRuntime;
  let failures = 1;
  beforeAll(async () => {
    // The offline engine, failing on its first email as a hosted one might mid-outage.
    const local = new LocalModel();
    const flaky: TriageModel = {
      name: "flaky-local",
      classify: (email, entities) => {
        if (failures-- > 0) return Promise.reject(new Error("model crashed"));
        return local.classify(email, entities);
      },
      draft: (input) => local.draft(input),
    };
    rt = await createTestRuntime({ database: "pglite", queue: "in-process", model: flaky });
  });
  afterAll(() => rt.dispose());

  it("decides every message of the page once, and answers once", async () => {
    const order = await mintOrder(rt.ctx.db, { now: new Date(), standing: "on_time" });
    await new SandboxMailbox(rt.ctx.db, rt.mailboxId).deliver(
      customerEmail({ from: order.email, subject: "status?", text: `Where is my order ${order.number}?` }),
    );
    await new SandboxMailbox(rt.ctx.db, rt.mailboxId).deliver(
      customerEmail({ from: "someone@example.com", subject: "Hello", text: "Do you ship to Norway?" }),
    );
    const synced = await syncMailbox(rt.ctx, rt.mailboxId);
    expect(synced.stored).toBe(2);
    expect(failures).toBeLessThan(1);
    await rt.settle();
    const decided = await rt.ctx.db.select({ id: decisions.id }).from(decisions);
    expect(decided).toHaveLength(2);
    expect(await repliesTo(rt.ctx.db, rt.mailboxId, order.email)).toHaveLength(1);
    expect((await rt.ctx.queue.counts("triage")).completed).toBe(1);
  });
});
