import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { mailboxes, mailPushChannels } from "../../db/schema/index.ts";
import { syncWindowMs } from "../../server/jobs/enqueue.ts";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.ts";

describe.each(["pglite", "postgres"] as const)("Graph webhooks (%s)", (database) => {
  let rt: TestRuntime;
  let mailboxId: string;
  const subscriptionId = "5f0c3a40-1c2d-4e5f-9a8b-7c6d5e4f3a2b";
  const clientState = "c1ient-state-of-this-test-only";

  const post = (path: string, body: unknown) =>
    rt.app.request(path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  const jobs = async () => {
    const c = await rt.ctx.queue.counts("mail-sync");
    return c.waiting + c.delayed + c.active;
  };
  const setStatus = (status: "active" | "paused") =>
    rt.ctx.db.update(mailboxes).set({ status }).where(eq(mailboxes.id, mailboxId));

  beforeAll(async () => {
    // No workers: what a webhook queued stays visible.
    rt = await createTestRuntime({ database, queue: "in-process", workers: false });
    const [row] = await rt.ctx.db
      .insert(mailboxes)
      .values({ provider: "outlook", address: "shared@shop.example", displayName: "Shared" })
      .returning({ id: mailboxes.id });
    mailboxId = row?.id ?? "";
    await rt.ctx.db.insert(mailPushChannels).values({
      mailboxId,
      externalId: subscriptionId,
      clientState: rt.ctx.secrets.seal(clientState, mailboxId),
      expiresAt: new Date(Date.now() + 86_400_000),
    });
  });
  afterAll(() => rt.dispose());
  beforeEach(async () => {
    await setStatus("active");
  });

  it("echoes the validation token, decoded, as text/plain on both endpoints", async () => {
    for (const path of ["/webhooks/graph/notifications", "/webhooks/graph/lifecycle"]) {
      const token = "Validation: Testing client application reachability <b>&</b>";
      const response = await rt.app.request(`${path}?validationToken=${encodeURIComponent(token)}`, {
        method: "POST",
        headers: { "content-type": "text/plain; charset=utf-8" },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
      expect(await response.text()).toBe(token);
    }
  });

  it("answers 400 JSON errors for bodies that are not a notification batch", async () => {
    for (const body of ["not json", { value: "nope" }, { nothing: [] }]) {
      const response = await post("/webhooks/graph/notifications", body);
      expect(response.status).toBe(400);
      const error = (await response.json()) as { code: string; message: string; requestId: string };
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.requestId).toBeTruthy();
    }
  });

  it("a verified notification queues one sync for its mailbox and stamps lastNotificationAt", async () => {
    const before = await jobs();
    const item = { subscriptionId, clientState, changeType: "created", resource: "Users/u/Messages/m" };
    const started = performance.now();
    const response = await post("/webhooks/graph/notifications", { value: [item, item, item] });
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ accepted: 3, refused: 0 });
    // Three notifications in one batch: one sync.
    expect(await jobs()).toBe(before + 1);
    const [channel] = await rt.ctx.db
      .select()
      .from(mailPushChannels)
      .where(eq(mailPushChannels.mailboxId, mailboxId));
    expect(channel?.lastNotificationAt).toBeInstanceOf(Date);
  });

  it("never trusts a wrong, missing or another mailbox's clientState; refusals are counted on the channel", async () => {
    const before = await jobs();
    const response = await post("/webhooks/graph/notifications", {
      value: [
        { subscriptionId, clientState: `${clientState}x`, changeType: "created" },
        { subscriptionId, changeType: "created" },
        { subscriptionId: "someone-else", clientState, changeType: "created" },
        "garbage",
      ],
    });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ accepted: 0, refused: 4 });
    expect(await jobs()).toBe(before);
    const [channel] = await rt.ctx.db
      .select()
      .from(mailPushChannels)
      .where(eq(mailPushChannels.mailboxId, mailboxId));
    expect(channel?.lastError).toMatch(/refused 2 change notification\(s\) with a wrong clientState/);
  });

  it("a paused mailbox's notifications are taken but start nothing", async () => {
    await setStatus("paused");
    const before = await jobs();
    const response = await post("/webhooks/graph/notifications", {
      value: [{ subscriptionId, clientState, changeType: "created" }],
    });
    expect(await response.json()).toEqual({ accepted: 1, refused: 0 });
    expect(await jobs()).toBe(before);
  });

  it("lifecycle events queue the right work, after the same clientState check", async () => {
    // Sync requests within one window are one job by design: let the earlier tests' window close first.
    await new Promise((resolve) => setTimeout(resolve, 3 * syncWindowMs));
    const before = await jobs();
    const events = ["missed", "reauthorizationRequired", "subscriptionRemoved"].map((lifecycleEvent) => ({
      subscriptionId,
      clientState,
      lifecycleEvent,
    }));
    const response = await post("/webhooks/graph/lifecycle", {
      value: [...events, { subscriptionId, clientState: "wrong", lifecycleEvent: "subscriptionRemoved" }],
    });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ accepted: 3, refused: 1 });
    // A sync for `missed`, one job each to reauthorize and to replace the subscription.
    expect(await jobs()).toBe(before + 3);
  });
});
