import { describe, expect, it } from "vitest";
import { QuotaPacer, quotaUnits } from "../../integrations/mail/gmail/quota.ts";

describe("Gmail quota pacing", () => {
  it("spends at most a second's burst at once, then the rate: 100 gets (500 units) at 250/s take ≥ 1 s", async () => {
    const pacer = new QuotaPacer(250);
    const startedAt = Date.now();
    const grantedAt: number[] = [];
    await Promise.all(
      Array.from({ length: 100 }, () =>
        pacer.take(quotaUnits["messages.get"] ?? 5).then(() => grantedAt.push(Date.now() - startedAt)),
      ),
    );
    // Never ahead of the quota: by time t, at most the burst (250 units) plus what t has refilled.
    grantedAt.forEach((t, i) => {
      expect((i + 1) * 5).toBeLessThanOrEqual(250 + (250 * t) / 1000 + 5);
    });
    expect(Math.max(...grantedAt)).toBeGreaterThanOrEqual(950);
  });

  it("serves callers in order, and a call dearer than a second's quota still goes through", async () => {
    const pacer = new QuotaPacer(50);
    const order: string[] = [];
    await Promise.all([
      pacer.take(100).then(() => order.push("send")),
      pacer.take(1).then(() => order.push("profile")),
    ]);
    expect(order).toEqual(["send", "profile"]);
  });
});
