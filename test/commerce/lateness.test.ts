import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plainTextEmail } from "../../agent/email.ts";
import { deliveryStanding } from "../../agent/lookup.ts";
import { triageEmail } from "../../agent/pipeline.ts";
import { commerceEvents } from "../../db/schema/index.ts";
import { latenessRulesSchema } from "../../integrations/commerce/lateness.ts";
import { buildAgent } from "../../server/agent.ts";
import { loadConfig } from "../../server/config.ts";
import { detectLateShipments } from "../../server/domain/commerce/detect-late-shipments.ts";
import { requestAs } from "../helpers/auth.ts";
import { databaseKinds } from "../helpers/databases.ts";
import { mintOrder } from "../helpers/factories.ts";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.ts";
import { base64Hmac, genericHeaders, mintFeed, unique } from "./feeds-helpers.ts";

const day = 86_400_000;
const testEnv = { NODE_ENV: "test", DATA_DIR: "/tmp/mailroom-test", MAILROOM_DEMO: "false" };

describe("lateness rules", () => {
  const base = { state: "in_transit" as const, deliveredAt: null, carrier: "DHL" };
  const now = new Date("2026-11-10T12:00:00Z");

  it("an ETA passed undelivered is late, in words", () => {
    const s = deliveryStanding(
      { ...base, estimatedDeliveryAt: new Date("2026-11-08T21:59:59Z"), lastEventAt: now },
      now,
    );
    expect(s).toEqual({ standing: "late", daysLate: 1, reason: "late: ETA 8 Nov passed" });
  });

  it("no scan for more than the carrier's N days is late; the default and per-carrier N are configurable", () => {
    const quiet = { ...base, estimatedDeliveryAt: null, lastEventAt: new Date(now.getTime() - 6 * day) };
    expect(deliveryStanding(quiet, now)).toMatchObject({
      standing: "late",
      reason: "late: no carrier scan for 6 days (since 4 Nov)",
    });
    const rules = latenessRulesSchema.parse("5, DHL=7");
    expect(deliveryStanding(quiet, now, rules).standing).toBe("on_time");
    expect(deliveryStanding({ ...quiet, carrier: "UPS" }, now, rules).standing).toBe("late");
    expect(latenessRulesSchema.safeParse("5,DHL=zero").success).toBe(false);
  });

  it("exceptions and failed attempts stand as such, with a reason", () => {
    expect(deliveryStanding({ ...base, state: "exception", estimatedDeliveryAt: null }, now)).toMatchObject({
      standing: "exception",
      reason: "carrier reports exception",
    });
    expect(
      deliveryStanding({ ...base, state: "attempt_fail", estimatedDeliveryAt: null }, now).standing,
    ).toBe("attempt_failed");
  });
});

describe.each(databaseKinds)("a parcel going late changes the agent's decision (%s)", (database) => {
  let rt: TestRuntime;
  let clock = new Date("2026-11-06T09:00:00Z");
  beforeAll(async () => {
    rt = await createTestRuntime({ database, queue: "in-process", workers: false, clock: () => clock });
  });
  afterAll(() => rt.dispose());

  async function orderWithParcel() {
    const feed = await mintFeed(rt.ctx, "generic_json", {
      fields: {
        orderNumber: "$.no",
        email: "$.email",
        total: "$.total",
        currency: "$.currency",
        placedAt: "$.placed",
        carrier: "$.carrier",
        trackingNumber: "$.tracking",
        shipmentStatus: "$.status",
        statusAt: "$.at",
        eta: "$.eta",
      },
    });
    const number = `LL-${String(10_000 + Math.floor(Math.random() * 89_999))}`;
    const email = `late-${unique().toLowerCase()}@example.com`;
    const tracking = `JD${unique()}${unique()}`;
    const body = JSON.stringify({
      no: number,
      email,
      total: 59,
      currency: "EUR",
      placed: "2026-11-03T10:00:00Z",
      carrier: "DHL",
      tracking,
      status: "in_transit",
      at: "2026-11-05T10:00:00Z",
      eta: "2026-11-08T18:00:00Z",
    });
    const res = await rt.app.request(`/webhooks/feeds/${feed.id}`, {
      method: "POST",
      body,
      headers: genericHeaders(body, feed.secret, clock),
    });
    expect(res.status).toBe(200);
    return { number, email, tracking };
  }

  const ask = (email: string, number: string) =>
    triageEmail(
      rt.ctx.agent,
      plainTextEmail(`Hello, where is my order ${number}? It has not arrived yet. Thanks`, {
        from: email,
        subject: "Where is my order?",
      }),
    );

  it("on time → answered automatically; ETA passed → review with 'late: ETA 8 Nov passed'", async () => {
    const { number, email } = await orderWithParcel();
    clock = new Date("2026-11-06T09:00:00Z");
    const before = await ask(email, number);
    expect(before.decision.action).toBe("auto_send");

    clock = new Date("2026-11-09T09:00:00Z");
    const after = await ask(email, number);
    expect(after.decision.action).toBe("review");
    expect(after.decision.reasons).toContainEqual({
      rule: "shipment.late",
      detail: expect.stringContaining("late: ETA 8 Nov passed"),
    });

    const { late } = await detectLateShipments(rt.ctx);
    expect(late).toBeGreaterThanOrEqual(1);
    expect((await detectLateShipments(rt.ctx)).late).toBe(0);
    const recorded = await rt.ctx.db
      .select()
      .from(commerceEvents)
      .where(eq(commerceEvents.type, "shipment.late"));
    expect(recorded.map((e) => e.detail)).toContainEqual(expect.stringContaining("late: ETA 8 Nov passed"));
  });

  it("a carrier exception sends the next question to review", async () => {
    const { number, email, tracking } = await orderWithParcel();
    clock = new Date("2026-11-06T09:00:00Z");
    expect((await ask(email, number)).decision.action).toBe("auto_send");
    const carrier = await mintFeed(rt.ctx, "aftership");
    const as = JSON.stringify({
      event_id: `evt-${unique()}`,
      msg: {
        tracking_number: tracking,
        tag: "Exception",
        subtag: "Exception_004",
        checkpoints: [
          { checkpoint_time: "2026-11-06T08:00:00Z", tag: "Exception", message: "Customs delay" },
        ],
      },
    });
    const res = await rt.app.request(`/webhooks/feeds/${carrier.id}`, {
      method: "POST",
      body: as,
      headers: { "aftership-hmac-sha256": base64Hmac(as, carrier.secret) },
    });
    expect(res.status).toBe(200);
    const after = await ask(email, number);
    expect(after.decision.action).toBe("review");
    expect(after.decision.reasons.map((r) => r.rule)).toContain("shipment.exception");
  });

  it("a parcel with no scan for too long is late, with that reason", async () => {
    const { number, email } = await orderWithParcel();
    // ETA 8 Nov is still ahead on 7 Nov; but with a 1-day rule for DHL the silence since 5 Nov is late.
    clock = new Date("2026-11-07T12:00:00Z");
    const config = loadConfig({ ...testEnv, MAILROOM_NO_SCAN_DAYS: "5,DHL=1" });
    const strict = buildAgent(config, rt.ctx.db, () => clock);
    const outcome = await triageEmail(
      strict,
      plainTextEmail(`Hello, where is my order ${number}? Thanks`, { from: email, subject: "Order" }),
    );
    expect(outcome.decision.action).toBe("review");
    expect(outcome.decision.reasons).toContainEqual({
      rule: "shipment.late",
      detail: expect.stringContaining("late: no carrier scan for 2 days (since 5 Nov)"),
    });
    // The default rule (5 days) finds the same parcel on time.
    expect((await ask(email, number)).decision.action).toBe("auto_send");
  });
});

describe("the order panel judges parcels by the deployment's lateness rules, as the policy does", () => {
  let rt: TestRuntime;
  const now = new Date("2026-11-10T12:00:00Z");
  beforeAll(async () => {
    rt = await createTestRuntime({
      database: "pglite",
      queue: "in-process",
      workers: false,
      clock: () => now,
      env: { MAILROOM_NO_SCAN_DAYS: "5,UPS=1" },
    });
  });
  afterAll(() => rt.dispose());
  const asLogistics = requestAs(() => rt, "logistics");

  it("a UPS parcel two days without a scan is late on the order page under UPS=1", async () => {
    // ETA still ahead, last scan two days ago: on time by the default rules, late by these.
    const order = await mintOrder(rt.ctx.db, { now, standing: "on_time" });
    const page = await (await asLogistics(`/api/orders/${order.number}`)).json();
    expect(page.order.shipments[0]).toMatchObject({
      standing: "late",
      standingReason: expect.stringContaining("no carrier scan for 2 days"),
    });
  });
});
