import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AnthropicModel } from "../../agent/model/anthropic/index.ts";
import { decisions, messages, triageResults } from "../../db/schema/index.ts";
import { buildAgent } from "../../server/agent.ts";
import { loadConfig } from "../../server/config.ts";
import { receiveSandboxMessage } from "../../server/domain/mail/receive-sandbox-message.ts";
import { competentModel } from "../agent/competent-model.ts";
import { type AnthropicEmulator, reply, startAnthropicEmulator } from "../emulators/anthropic/index.ts";
import { customerEmail, mintOrder } from "../helpers/factories.ts";
import { repliesTo } from "../helpers/replies.ts";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.ts";

describe("an email through the pipeline with Claude (Postgres + BullMQ, emulated Messages API)", () => {
  let emulator: AnthropicEmulator;
  let rt: TestRuntime;

  beforeAll(async () => {
    emulator = await startAnthropicEmulator();
    const model = new AnthropicModel({
      apiKey: "test",
      baseURL: emulator.url,
      maxRetries: 0,
      timeoutMs: 5_000,
      breaker: { consecutiveFailures: 2, cooldownMs: 60_000 },
    });
    rt = await createTestRuntime({ database: "postgres", queue: "bullmq", model });
  });
  afterAll(async () => {
    await rt.dispose();
    await emulator.close();
  });
  beforeEach(() => emulator.respondWith(competentModel()));

  const resultsFor = (address: string) =>
    rt.ctx.db
      .select({ engine: triageResults.engine, usage: triageResults.usage, reasons: decisions.reasons })
      .from(messages)
      .leftJoin(triageResults, eq(triageResults.messageId, messages.id))
      .innerJoin(decisions, eq(decisions.messageId, messages.id))
      .where(eq(messages.fromAddress, address));

  it("answers an on-time order question and records what the call cost", async () => {
    const order = await mintOrder(rt.ctx.db, { now: new Date(), standing: "on_time" });
    await receiveSandboxMessage(rt.ctx, rt.mailboxId, {
      raw: customerEmail({
        from: order.email,
        subject: "Where is my order?",
        text: `Where is ${order.number}?`,
      }),
    });
    await rt.settle();
    const replies = await repliesTo(rt.ctx.db, rt.mailboxId, order.email);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toContain(order.trackingNumber);
    const [result] = await resultsFor(order.email);
    expect(result?.engine).toMatch(/^anthropic:claude-/);
    expect(result?.usage?.inputTokens).toBeGreaterThan(0);
    expect(result?.usage?.costUsd).toBeGreaterThan(0);
  });

  it("while the API is down, mail waits for a person and nothing is sent", async () => {
    emulator.respondWith(() => reply.overloaded({ retryAfterSeconds: 1 }));
    const order = await mintOrder(rt.ctx.db, { now: new Date(), standing: "on_time" });
    for (const n of [1, 2, 3])
      await receiveSandboxMessage(rt.ctx, rt.mailboxId, {
        raw: customerEmail({
          from: order.email,
          subject: `Where is my order? (${n})`,
          text: `Where is ${order.number}?`,
        }),
      });
    await rt.settle();
    expect(await repliesTo(rt.ctx.db, rt.mailboxId, order.email)).toHaveLength(0);
    const rows = await resultsFor(order.email);
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row.reasons.map((r) => r.rule)).toContain("model.unavailable");
  });
});

describe("engine selection", () => {
  it("MAILROOM_MODEL=anthropic gives the agent the Anthropic engine with the configured models", () => {
    const config = loadConfig({
      NODE_ENV: "test",
      MAILROOM_DEMO: "false",
      MAILROOM_MODEL: "anthropic",
      ANTHROPIC_API_KEY: "test",
      ANTHROPIC_DRAFT_MODEL: "claude-haiku-4-5-20251001",
    });
    const agent = buildAgent(config, undefined as never, () => new Date());
    expect(agent.model).toBeInstanceOf(AnthropicModel);
    expect((agent.model as AnthropicModel).draftModel).toBe("claude-haiku-4-5-20251001");
  });
});
