import type { ModelUsage } from "../../types.ts";

/**
 * List prices (USD per million tokens) and the shortest prefix each model caches, from
 * platform.claude.com/docs/en/about-claude/pricing and …/build-with-claude/prompt-caching.
 * A cache write costs 1.25× input for the 5-minute TTL (2× for 1 hour); a cache read 0.1×.
 * Ids are matched without their date suffix, so `claude-haiku-4-5-20251001` is `claude-haiku-4-5`.
 */
export interface ModelSpec {
  inputPerMTok: number;
  outputPerMTok: number;
  /** Below this many prefix tokens nothing is cached, silently. */
  minCacheableTokens: number;
}

export const modelSpecs: Record<string, ModelSpec> = {
  "claude-opus-4-6": { inputPerMTok: 5, outputPerMTok: 25, minCacheableTokens: 4096 },
  "claude-opus-4-5": { inputPerMTok: 5, outputPerMTok: 25, minCacheableTokens: 4096 },
  "claude-opus-4-1": { inputPerMTok: 15, outputPerMTok: 75, minCacheableTokens: 1024 },
  "claude-opus-4": { inputPerMTok: 15, outputPerMTok: 75, minCacheableTokens: 1024 },
  // The docs have said 1,024 and 2,048 for Sonnet 4.6; the larger is the safe assumption.
  "claude-sonnet-4-6": { inputPerMTok: 3, outputPerMTok: 15, minCacheableTokens: 2048 },
  "claude-sonnet-4-5": { inputPerMTok: 3, outputPerMTok: 15, minCacheableTokens: 1024 },
  "claude-sonnet-4": { inputPerMTok: 3, outputPerMTok: 15, minCacheableTokens: 1024 },
  "claude-haiku-4-5": { inputPerMTok: 1, outputPerMTok: 5, minCacheableTokens: 4096 },
  "claude-3-5-haiku": { inputPerMTok: 0.8, outputPerMTok: 4, minCacheableTokens: 2048 },
  "claude-3-haiku": { inputPerMTok: 0.25, outputPerMTok: 1.25, minCacheableTokens: 2048 },
};

export const CACHE_WRITE_5M_MULTIPLIER = 1.25;
export const CACHE_WRITE_1H_MULTIPLIER = 2;
export const CACHE_READ_MULTIPLIER = 0.1;

export function modelSpec(model: string): ModelSpec | undefined {
  return modelSpecs[model.replace(/-(\d{8}|latest)$/, "")];
}

/** The tokens of one or more calls as the API reports them. */
export interface TokenCounts {
  inputTokens: number;
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
  cacheReadTokens: number;
  outputTokens: number;
}

export const noTokens: TokenCounts = {
  inputTokens: 0,
  cacheWrite5mTokens: 0,
  cacheWrite1hTokens: 0,
  cacheReadTokens: 0,
  outputTokens: 0,
};

export function addTokens(a: TokenCounts, b: TokenCounts): TokenCounts {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    cacheWrite5mTokens: a.cacheWrite5mTokens + b.cacheWrite5mTokens,
    cacheWrite1hTokens: a.cacheWrite1hTokens + b.cacheWrite1hTokens,
    cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
    outputTokens: a.outputTokens + b.outputTokens,
  };
}

/** What the tokens cost at the model's list prices; throws for a model without a price. */
export function usageCost(model: string, tokens: TokenCounts): ModelUsage {
  const spec = modelSpec(model);
  if (!spec)
    throw new Error(`no list price for model "${model}": add it to agent/model/anthropic/pricing.ts`);
  const input = spec.inputPerMTok / 1_000_000;
  const output = spec.outputPerMTok / 1_000_000;
  const cost =
    tokens.inputTokens * input +
    tokens.cacheWrite5mTokens * input * CACHE_WRITE_5M_MULTIPLIER +
    tokens.cacheWrite1hTokens * input * CACHE_WRITE_1H_MULTIPLIER +
    tokens.cacheReadTokens * input * CACHE_READ_MULTIPLIER +
    tokens.outputTokens * output;
  return {
    model,
    inputTokens: tokens.inputTokens,
    cacheReadTokens: tokens.cacheReadTokens,
    cacheWriteTokens: tokens.cacheWrite5mTokens + tokens.cacheWrite1hTokens,
    outputTokens: tokens.outputTokens,
    // Rounded to a millionth of a cent: float noise stays out of stored figures.
    costUsd: Math.round(cost * 1e8) / 1e8,
  };
}

/** The same tokens as if nothing were cached: every prompt token billed as plain input. */
export function uncachedCost(model: string, tokens: TokenCounts): ModelUsage {
  const prompt =
    tokens.inputTokens + tokens.cacheWrite5mTokens + tokens.cacheWrite1hTokens + tokens.cacheReadTokens;
  return usageCost(model, { ...noTokens, inputTokens: prompt, outputTokens: tokens.outputTokens });
}
