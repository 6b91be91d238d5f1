import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, messages, reviewItems } from "../../db/schema/index.ts";
import type {
  ApproveResponse,
  ConversationListResponse,
  ReviewItemDetail,
  ReviewListResponse,
} from "../../server/api/types.ts";
import { type SignedInClient, signedInClient } from "../helpers/auth.ts";
import { customerEmail, mintOrder } from "../helpers/factories.ts";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.ts";

describe("review queue API", () => {
  let rt: TestRuntime;
  let itemId: string;
  // An agent works the queue; a manager writes in through the sandbox.
  let agent: SignedInClient;
  let manager: SignedInClient;

  const request = (path: string, init?: RequestInit) => agent.request(path, init);
  const post = (path: string, body: unknown) =>
    (path.startsWith("/api/sandbox") ? manager : agent).post(path, body);

  beforeAll(async () => {
    rt = await createTestRuntime({ database: "pglite", queue: "in-process" });
    agent = await signedInClient(rt, "agent");
    manager = await signedInClient(rt, "manager");
    const order = await mintOrder(rt.ctx.db, { now: new Date(), standing: "late", name: "Andreea Popescu" });
    const res = await post("/api/sandbox/messages", {
      raw: customerEmail({
        from: order.email,
        subject: "Unde este comanda?",
        text: `Unde este comanda ${order.number}?`,
      }),
    });
    expect(res.status).toBe(202);
    await rt.settle();
    const [item] = await rt.ctx.db.select().from(reviewItems).where(eq(reviewItems.status, "open"));
    itemId = item?.id ?? "";
  });
  afterAll(() => rt.dispose());

  describe("happy", () => {
    it("lists open items with their reason", async () => {
      const res = await request("/api/review");
      expect(res.status).toBe(200);
      const body = (await res.json()) as ReviewListResponse;
      expect(body.counts.open).toBe(1);
      expect(body.items[0]?.summary).toMatch(/late/);
      expect(body.items[0]?.language).toBe("ro");
    });

    it("shows one item with thread, decision reasons, draft and the order", async () => {
      const res = await request(`/api/review/${itemId}`);
      const body = (await res.json()) as ReviewItemDetail;
      expect(body.messages).toHaveLength(1);
      expect(body.decision?.reasons.map((r) => r.rule)).toContain("shipment.late");
      expect(body.draft?.body).toContain("Bună ziua");
      expect(body.orders[0]?.shipments[0]?.events.length).toBeGreaterThan(0);
      expect(body.pastConversations).toEqual([]);
    });

    it("shows the customer's earlier conversations beside the item, newest first", async () => {
      const detail = (await (await request(`/api/review/${itemId}`)).json()) as ReviewItemDetail;
      const customer = detail.item.customerEmail;
      // The same customer wrote twice before, in threads of their own.
      for (const subject of ["Schimb mărime", "Factura"]) {
        await post("/api/sandbox/messages", {
          raw: customerEmail({ from: customer, subject, text: "Bună ziua" }),
        });
        await rt.settle();
      }
      const body = (await (await request(`/api/review/${itemId}`)).json()) as ReviewItemDetail;
      expect(body.pastConversations.map((c) => [c.subject, c.messages])).toEqual([
        ["Factura", 1],
        ["Schimb mărime", 1],
      ]);
      expect(body.pastConversations.map((c) => c.id)).not.toContain(detail.item.conversationId);
    });

    it("approves with an edit, then the reply shows in the thread as sent by a person", async () => {
      const res = await post(`/api/review/${itemId}/approve`, { body: "Ne pare rău pentru întârziere." });
      expect(res.status).toBe(202);
      const [event] = await rt.ctx.db
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.action, "review.edited_and_approved"));
      expect(event).toMatchObject({ actorType: "user", actor: agent.user.id, subjectId: itemId });
      expect(((await res.json()) as ApproveResponse).item.status).toBe("approved");
      await rt.settle();
      const detail = (await (await request(`/api/review/${itemId}`)).json()) as ReviewItemDetail;
      const outbound = detail.messages.filter((m) => m.direction === "outbound");
      expect(outbound.map((m) => [m.text.trim(), m.sentBy])).toEqual([
        ["Ne pare rău pentru întârziere.", "person"],
      ]);
    });
  });

  describe("errors", () => {
    it("approving twice is a conflict, never a second send", async () => {
      const res = await post(`/api/review/${itemId}/approve`, {});
      expect(res.status).toBe(409);
      const body = await res.json();
      expect(body).toMatchObject({ code: "CONFLICT" });
      expect(body.requestId).toBeTruthy();
    });

    it("an unknown item is 404 and a malformed id is 400", async () => {
      expect((await request("/api/review/00000000-0000-4000-8000-000000000000")).status).toBe(404);
      const bad = await request("/api/review/not-a-uuid");
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ code: "BAD_REQUEST" });
    });

    it("rejecting without a reason is 400 naming the field", async () => {
      const res = await post(`/api/review/${itemId}/reject`, { reason: "" });
      expect(res.status).toBe(400);
      expect((await res.json()).message).toMatch(/reason/);
    });

    it("a sandbox message that is neither raw nor a form is 400", async () => {
      const res = await post("/api/sandbox/messages", { from: "not-an-email", text: "" });
      expect(res.status).toBe(400);
    });

    it("mail that cannot be parsed is accepted, kept whole and shown as rejected — never lost", async () => {
      const garbage = "this is not\r\nan RFC 5322 message at all\r\n";
      const res = await manager.request("/api/sandbox/messages", {
        method: "POST",
        headers: { "content-type": "message/rfc822" },
        body: garbage,
      });
      expect(res.status).toBe(202);
      await rt.settle();
      const [stored] = await rt.ctx.db.select().from(messages).where(eq(messages.status, "rejected"));
      expect(stored?.parseError).toMatch(/From/);
      expect(stored?.raw?.toString()).toBe(garbage);
      const list = (await (await request("/api/conversations")).json()) as ConversationListResponse;
      expect(list.conversations.some((c) => c.id === stored?.conversationId)).toBe(true);
    });

    it("unknown API routes answer JSON 404", async () => {
      const res = await request("/api/nothing-here");
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ code: "NOT_FOUND" });
    });
  });

  describe("health", () => {
    it("is live and ready", async () => {
      expect((await request("/healthz")).status).toBe(200);
      const ready = await request("/readyz");
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ database: true, queue: { ok: true } });
    });
  });
});
