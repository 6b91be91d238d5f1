import { describe, expect, it } from "vitest";
import { CircuitBreaker } from "../../agent/model/anthropic/breaker.ts";
import { AnthropicModel, modelSpec, uncachedCost, usageCost } from "../../agent/model/anthropic/index.ts";

/** The Anthropic engine's parts that need no API: the breaker's state machine and the price list. */
const HAIKU = "claude-haiku-4-5-20251001";

describe("list prices", () => {
  it("prices usage at the model's list prices, cached and uncached", () => {
    const tokens = {
      inputTokens: 300,
      cacheWrite5mTokens: 0,
      cacheWrite1hTokens: 0,
      cacheReadTokens: 4500,
      outputTokens: 40,
    };
    const cached = usageCost(HAIKU, tokens);
    // Haiku 4.5: $1 in, $5 out per million; reads 0.1×.
    expect(cached.costUsd).toBeCloseTo((300 * 1 + 4500 * 0.1 + 40 * 5) / 1e6, 10);
    expect(usageCost(HAIKU, { ...tokens, cacheReadTokens: 0, cacheWrite5mTokens: 4500 }).costUsd).toBeCloseTo(
      (300 + 4500 * 1.25 + 40 * 5) / 1e6,
      10,
    );
    expect(uncachedCost(HAIKU, tokens).costUsd).toBeCloseTo((4800 + 40 * 5) / 1e6, 10);
    expect(modelSpec("claude-sonnet-4-6")).toMatchObject({ inputPerMTok: 3, outputPerMTok: 15 });
    expect(() => new AnthropicModel({ apiKey: "test", draftModel: "claude-unknown-9" })).toThrow(
      /no list price/,
    );
  });
});

describe("circuit breaker (pure)", () => {
  it("opens on failures within the window even with successes between them", () => {
    let now = 0;
    const breaker = new CircuitBreaker(
      { consecutiveFailures: 100, failuresInWindow: 3, windowMs: 1_000 },
      () => now,
    );
    const call = (ok: boolean) => {
      const permit = breaker.admit();
      if (!permit) return false;
      if (ok) breaker.succeeded(permit);
      else breaker.failed(permit);
      now += 100;
      return true;
    };
    for (const ok of [false, true, false, true]) call(ok);
    expect(breaker.state).toBe("closed");
    call(false);
    expect(breaker.state).toBe("open");
    expect(call(true)).toBe(false);
  });

  it("forgets failures older than the window, and lets one probe out at a time", () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failuresInWindow: 2, windowMs: 1_000, cooldownMs: 500 }, () => now);
    breaker.failed({ probe: false });
    now += 1_500;
    breaker.failed({ probe: false });
    expect(breaker.state).toBe("closed");
    breaker.failed({ probe: false });
    expect(breaker.state).toBe("open");
    now += 500;
    const probe = breaker.admit();
    expect(probe).toEqual({ probe: true });
    expect(breaker.admit()).toBeNull();
    breaker.succeeded(probe as { probe: boolean });
    expect(breaker.admit()).toEqual({ probe: false });
  });
});
