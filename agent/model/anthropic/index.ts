/** The Anthropic engine behind `TriageModel`; which engine runs is configuration (server/agent.ts). */
export type { BreakerOptions, BreakerState } from "./breaker.ts";
export {
  AnthropicModel,
  type AnthropicModelOptions,
  AnthropicUnavailableError,
  defaultAnthropicModels,
  type UnavailableReason,
} from "./engine.ts";
export { modelSpec, modelSpecs, uncachedCost, usageCost } from "./pricing.ts";
