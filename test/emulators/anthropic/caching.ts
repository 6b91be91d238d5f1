/**
 * Prompt caching as the API bills it (platform.claude.com/docs/en/build-with-claude/prompt-caching):
 * - a prefix ends at a `cache_control` breakpoint; the prefix of the last breakpoint is what gets written;
 * - a prefix shorter than the model's minimum is silently not cached;
 * - the longest prefix already cached is read (`cache_read_input_tokens`), the rest up to the last
 *   breakpoint is written (`cache_creation_input_tokens`), and `input_tokens` is only what follows it;
 * - an entry lives for its TTL (5 min, or 1 h with `ttl: "1h"`), refreshed on each read;
 * - an entry is usable only once the response that wrote it is sent: parallel first requests all write.
 * Not emulated: the 20-block lookback before a breakpoint, eviction, the rule that 1 h breakpoints precede 5 min.
 */
import { createHash } from "node:crypto";
import { estimateTokens, type PromptSegment } from "./tokens.ts";
import type { InputUsage } from "./wire.ts";

export interface PromptCacheOptions {
  /** Prefixes below this many tokens are not cached (1,024 for Sonnet; 2,048–4,096 for some models). */
  minCacheableTokens: number;
  /** Lifetime of a `ttl: "5m"` (default) entry. */
  ttlMs: number;
  now: () => number;
}

/** The usage a request will report, and the cache writes to make once its response is sent. */
export interface CachePlan {
  usage: InputUsage;
  commit(): void;
}

const ONE_HOUR_MS = 60 * 60 * 1000;

interface Breakpoint {
  hash: string;
  tokens: number;
  ttl: "5m" | "1h";
}

export class PromptCache {
  readonly #entries = new Map<string, number>(); // prefix hash → expiry (epoch ms)
  readonly #options: PromptCacheOptions;

  constructor(options: PromptCacheOptions) {
    this.#options = options;
  }

  plan(model: string, segments: PromptSegment[]): CachePlan {
    const total = estimateTokens(segments.reduce((chars, { text }) => chars + text.length, 0));
    const breakpoints = this.#breakpoints(model, segments);
    const last = breakpoints.at(-1);
    if (!last) return { usage: usage(total, 0, 0, 0), commit: () => {} };

    const hit = breakpoints.findLast((breakpoint) => this.#isLive(breakpoint.hash));
    const read = hit?.tokens ?? 0;
    let written5m = 0;
    let written1h = 0;
    let previous = read;
    for (const breakpoint of breakpoints) {
      if (breakpoint.tokens <= previous) continue;
      if (breakpoint.ttl === "1h") written1h += breakpoint.tokens - previous;
      else written5m += breakpoint.tokens - previous;
      previous = breakpoint.tokens;
    }
    return {
      usage: usage(total - last.tokens, written5m, written1h, read),
      commit: () => {
        const now = this.#options.now();
        for (const { hash, ttl } of breakpoints) {
          this.#entries.set(hash, now + (ttl === "1h" ? ONE_HOUR_MS : this.#options.ttlMs));
        }
      },
    };
  }

  clear(): void {
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Breakpoints whose prefix is long enough to cache, in prompt order. */
  #breakpoints(model: string, segments: PromptSegment[]): Breakpoint[] {
    const hash = createHash("sha256").update(model);
    const breakpoints: Breakpoint[] = [];
    let chars = 0;
    for (const segment of segments) {
      hash.update("\u0000").update(segment.text);
      chars += segment.text.length;
      const tokens = estimateTokens(chars);
      if (!segment.cacheControl || tokens < this.#options.minCacheableTokens) continue;
      breakpoints.push({ hash: hash.copy().digest("hex"), tokens, ttl: segment.cacheControl.ttl ?? "5m" });
    }
    return breakpoints;
  }

  #isLive(hash: string): boolean {
    const expiry = this.#entries.get(hash);
    if (expiry === undefined) return false;
    if (expiry > this.#options.now()) return true;
    this.#entries.delete(hash);
    return false;
  }
}

function usage(input: number, written5m: number, written1h: number, read: number): InputUsage {
  return {
    input_tokens: input,
    cache_creation_input_tokens: written5m + written1h,
    cache_read_input_tokens: read,
    cache_creation: { ephemeral_5m_input_tokens: written5m, ephemeral_1h_input_tokens: written1h },
  };
}
