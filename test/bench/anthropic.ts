import { AnthropicModel, defaultAnthropicModels } from "../../agent/model/anthropic/engine.ts";
import { modelSpec, uncachedCost } from "../../agent/model/anthropic/pricing.ts";
import { type TriageAgent, type TriageOutcome, triageEmail } from "../../agent/pipeline.ts";
import { defaultPolicy } from "../../agent/policy.ts";
import type { ModelUsage } from "../../agent/types.ts";
import { competentModel, inTwoCalls } from "../agent/competent-model.ts";
import {
  customerEmail,
  inMemoryFacts,
  order,
  orderFormat,
  type StoredCustomer,
  storeAddress,
  tone,
} from "../agent/store-fixtures.ts";
import { startAnthropicEmulator } from "../emulators/anthropic/index.ts";

const samples = [
  ["Where is my order?", "Hi, where is my order LL-10234? It should have arrived by now. Thanks, Emma"],
  ["Unde este comanda?", "Bună ziua, unde este comanda LL-10234? Mulțumesc, Andreea"],
  ["订单什么时候到", "你好，我的订单 LL-10234 什么时候到？谢谢"],
  ["Refund", "The lamp arrived broken. I want a refund for LL-10234 or I will file a chargeback!!!"],
  ["Question", "Do you have the linen duvet cover in 200x220? What payment methods do you accept?"],
  ["Dónde está mi pedido", "Hola, ¿dónde está mi pedido LL-10234? Gracias"],
  ["Wo ist meine Bestellung", "Hallo, wo ist meine Bestellung LL-10234? Danke"],
  ["Où est ma commande", "Bonjour, où en est ma commande LL-10234 ? Merci"],
] as const;

export interface AnthropicBenchOptions {
  total?: number;
  concurrency?: number;
  latencyMs?: number;
  classifyModel?: string;
  draftModel?: string;
  /** "one": the pipeline's path, `triage` in one call (default); "two": classify, then draft. */
  calls?: "one" | "two";
}

/**
 * The agent alone (no database, facts in memory) with the Anthropic engine, against the emulator at a
 * fixed latency, `concurrency` emails in flight. The emulator answers like a competent model and counts
 * tokens at ~4 characters each (test/emulators/anthropic/tokens.ts), so the prompt figures are that
 * estimate of the prompts the engine really sends; the costs apply the models' list prices to them.
 *
 * - emailsPerSec: triaged emails per second of wall time.
 * - modelCallsPerEmail: requests the emulator received per email (1 on the one-call path).
 * - promptTokensPerEmail: prompt tokens of all of one email's calls.
 * - cacheableShare: the part of those that is the stable, cached prefix (tools + system).
 * - costPerEmailUsd: the calls of an automatically answered email at steady state (cache reads).
 * - costPerEmailUncachedUsd: the same tokens with no caching at all.
 */
export async function benchAnthropicAgent(options: AnthropicBenchOptions = {}): Promise<{
  emailsPerSec: number;
  modelCallsPerEmail: number;
  promptTokensPerEmail: number;
  cacheableShare: number;
  costPerEmailUsd: number;
  costPerEmailUncachedUsd: number;
}> {
  const total = options.total ?? 320;
  const concurrency = options.concurrency ?? 32;
  const classifyModel = options.classifyModel ?? defaultAnthropicModels.classify;
  const draftModel = options.draftModel ?? defaultAnthropicModels.draft;
  const minCacheableTokens = Math.max(
    ...[classifyModel, draftModel].map((m) => modelSpec(m)?.minCacheableTokens ?? 1024),
  );
  const emulator = await startAnthropicEmulator({ latencyMs: options.latencyMs ?? 600, minCacheableTokens });
  emulator.respondWith(competentModel());
  try {
    const emma: StoredCustomer = {
      email: "emma@example.com",
      name: "Emma Carter",
      orders: [order("LL-10234", "on_time", "1Z999AA10123456784")],
    };
    const model = new AnthropicModel({ apiKey: "bench", baseURL: emulator.url, classifyModel, draftModel });
    const agent: TriageAgent = {
      model: options.calls === "two" ? inTwoCalls(model) : model,
      facts: inMemoryFacts([emma]),
      policy: defaultPolicy,
      tone,
      orderFormat,
      ownAddresses: [storeAddress],
    };
    const emails = samples.map(([subject, text]) =>
      customerEmail({ address: emma.email, name: emma.name }, subject, text),
    );

    const outcomes: TriageOutcome[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < total) {
          const email = emails[next++ % emails.length];
          if (email) outcomes.push(await triageEmail(agent, email));
        }
      }),
    );
    const emailsPerSec = total / ((performance.now() - started) / 1000);

    // One call bills the classification only; two calls bill the classification and the draft.
    const callsPerEmail = options.calls === "two" ? 2 : 1;
    const bills = outcomes.flatMap((o) => {
      const calls = [o.classification?.usage, o.draft?.usage].filter((u): u is ModelUsage => Boolean(u));
      return calls.length === callsPerEmail ? [{ outcome: o, calls }] : [];
    });
    const prompt = (u: ModelUsage) => u.inputTokens + u.cacheReadTokens + u.cacheWriteTokens;
    const promptTokens = sum(bills.map((b) => sum(b.calls.map(prompt))));
    const cacheable = sum(bills.map((b) => sum(b.calls.map((u) => u.cacheReadTokens + u.cacheWriteTokens))));
    // Steady state: answered automatically, every call read the prefix from the cache.
    const resolved = bills.filter(
      (b) => b.outcome.decision.action === "auto_send" && b.calls.every((u) => u.cacheReadTokens > 0),
    );
    if (resolved.length === 0)
      throw new Error("bench: no email was answered automatically from a warm cache");
    const uncached = (u: ModelUsage) =>
      uncachedCost(u.model, {
        inputTokens: u.inputTokens,
        cacheWrite5mTokens: u.cacheWriteTokens,
        cacheWrite1hTokens: 0,
        cacheReadTokens: u.cacheReadTokens,
        outputTokens: u.outputTokens,
      }).costUsd;
    return {
      emailsPerSec,
      modelCallsPerEmail: emulator.requests.length / total,
      promptTokensPerEmail: promptTokens / bills.length,
      cacheableShare: cacheable / promptTokens,
      costPerEmailUsd: mean(resolved.map((b) => sum(b.calls.map((u) => u.costUsd)))),
      costPerEmailUncachedUsd: mean(resolved.map((b) => sum(b.calls.map(uncached)))),
    };
  } finally {
    await emulator.close();
  }
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function mean(values: number[]): number {
  return sum(values) / values.length;
}
