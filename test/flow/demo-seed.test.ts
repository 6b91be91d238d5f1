import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decisions, messages, sends } from "../../db/schema/index.ts";
import { seedDemo } from "../../server/seed/seed.ts";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.ts";

describe("the demo store on first start", () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await createTestRuntime({ database: "pglite", queue: "in-process" });
    await seedDemo(rt.ctx);
    await rt.settle(60_000);
  }, 90_000);
  afterAll(() => rt.dispose());

  it("triages every seeded email: some answered, the risky ones queued, the machines ignored", async () => {
    const rows = await rt.ctx.db
      .select({ action: decisions.action, from: messages.fromAddress })
      .from(decisions)
      .innerJoin(messages, eq(messages.id, decisions.messageId));
    expect(rows.length).toBeGreaterThanOrEqual(38);
    const by = (action: string) => rows.filter((r) => r.action === action).length;
    expect(by("auto_send")).toBeGreaterThanOrEqual(3);
    expect(by("review") + by("escalate")).toBeGreaterThanOrEqual(20);
    expect(by("ignore")).toBeGreaterThanOrEqual(3);
    const sent = await rt.ctx.db.select().from(sends).where(eq(sends.status, "sent"));
    expect(sent).toHaveLength(by("auto_send"));
  });

  it("seeds once: a second start adds nothing", async () => {
    expect(await seedDemo(rt.ctx)).toEqual({ seeded: false, emails: 0 });
  });
});
