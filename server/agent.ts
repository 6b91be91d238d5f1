import { batchedFactsSource } from "../agent/lookup.ts";
import { AnthropicModel } from "../agent/model/anthropic/index.ts";
import { LocalModel } from "../agent/model/local.ts";
import type { TriageAgent } from "../agent/pipeline.ts";
import { defaultPolicy } from "../agent/policy.ts";
import type { TriageModel } from "../agent/types.ts";
import type { Database } from "../db/client.ts";
import type { Config } from "./config.ts";

/** The triage agent as configured: model engine, policy thresholds, tone, the store's order numbers. */
export function buildAgent(
  config: Config,
  db: Database,
  clock: () => Date,
  model?: TriageModel,
): TriageAgent {
  const orderFormat = { prefixes: config.store.orderPrefixes };
  return {
    model: model ?? modelFor(config, clock),
    facts: batchedFactsSource(db, orderFormat, clock, config.commerce.lateness),
    policy: {
      ...defaultPolicy,
      autoSendMinConfidence: config.policy.autoSendMinConfidence,
      highValueThreshold: config.policy.highValueThreshold,
    },
    tone: {
      brandName: config.store.brandName,
      signature: `The ${config.store.brandName} team`,
      formality: "friendly",
    },
    orderFormat,
    ownAddresses: [config.store.supportAddress],
  };
}

/** The configured engine: the offline one, or Claude (config has checked the key is there). */
function modelFor(config: Config, clock: () => Date): TriageModel {
  const { model } = config;
  if (model.engine === "local") return new LocalModel();
  return new AnthropicModel({
    apiKey: model.anthropicApiKey ?? "",
    baseURL: model.anthropicBaseUrl,
    classifyModel: model.classifyModel,
    draftModel: model.draftModel,
    clock,
  });
}
