import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, sends } from "../../db/schema/index.ts";
import type { ReviewEvent, ReviewItemDetail, ReviewListResponse } from "../../server/api/types.ts";
import { reviewEvents } from "../../server/live/review-events.ts";
import { mintUser, type SignedInClient, signedInClient } from "../helpers/auth.ts";
import { databaseKinds } from "../helpers/databases.ts";
import { type MintedReviewItem, mintReviewItems } from "../helpers/review.ts";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.ts";

describe.each(databaseKinds)("review queue (%s)", (database) => {
  let rt: TestRuntime;
  let agent: SignedInClient;
  let other: SignedInClient;
  let minted: MintedReviewItem[];
  const list = async (query = "") => {
    const res = await agent.get(`/api/review${query}`);
    expect(res.status).toBe(200);
    return (await res.json()) as ReviewListResponse;
  };
  const audits = (itemId: string) =>
    rt.ctx.db.select().from(auditEvents).where(eq(auditEvents.subjectId, itemId));

  beforeAll(async () => {
    rt = await createTestRuntime({ database, queue: "in-process", workers: false });
    agent = await signedInClient(rt, "agent");
    other = await signedInClient(rt, "agent");
    minted = await mintReviewItems(rt.ctx.db, { mailboxId: rt.mailboxId, count: 48 });
  }, 60_000);
  afterAll(() => rt.dispose());

  describe("list", () => {
    it("orders open items by due time, then priority, with a count per view", async () => {
      const body = await list("?limit=48");
      expect(body.items).toHaveLength(48);
      const due = body.items.map((i) => i.dueAt);
      expect(due).toEqual([...due].sort());
      expect(body.counts).toMatchObject({ open: 48, all: 48, unassigned: 48, mine: 0, snoozed: 0 });
      expect(body.counts.overdue).toBeGreaterThan(0);
      expect(body.counts.overdue).toBeLessThan(48);
      expect(body.items[0]).toMatchObject({ mailboxId: rt.mailboxId, assigneeId: null });
    });

    it("pages with limit and offset and says when there is more", async () => {
      const first = await list("?limit=20");
      const second = await list("?limit=20&offset=20");
      expect(first.hasMore).toBe(true);
      expect(second.items[0]?.id).not.toBe(first.items[0]?.id);
      expect((await list("?limit=20&offset=40")).hasMore).toBe(false);
    });

    it("filters by intent, language, reason and mailbox", async () => {
      const refund = await list("?intent=refund&limit=100");
      expect(refund.items.length).toBe(minted.filter((m) => m.intent === "refund").length);
      expect(refund.items.every((i) => i.intent === "refund")).toBe(true);
      const de = await list("?language=de&limit=100");
      expect(de.items.length).toBe(12);
      expect(de.items.every((i) => i.language === "de")).toBe(true);
      const late = await list("?reason=shipment.late&limit=100");
      expect(late.items.length).toBe(12);
      expect(late.items.every((i) => i.summary.startsWith("shipment.late"))).toBe(true);
      expect((await list(`?mailbox=${rt.mailboxId}`)).items.length).toBeGreaterThan(0);
      expect((await list("?mailbox=00000000-0000-4000-8000-000000000000")).items).toHaveLength(0);
    });

    it("searches customer email, order number (with or without #) and subject", async () => {
      const target = minted[17] as MintedReviewItem;
      for (const q of [target.customerEmail, target.orderNumber, `#${target.orderNumber}`, target.subject]) {
        const body = await list(`?q=${encodeURIComponent(q)}`);
        expect(body.items.map((i) => i.id)).toEqual([target.id]);
      }
      // A person's % is a character, not a wildcard.
      expect((await list("?q=%25")).items).toHaveLength(0);
    });

    it("rejects a malformed filter with a 400 naming it", async () => {
      const res = await agent.get("/api/review?assignee=someone");
      expect(res.status).toBe(400);
      expect((await res.json()).message).toMatch(/assignee/);
    });
  });

  describe("actions", () => {
    it("assigns to a person: their 'mine' view, the assignee filter, and the audit trail", async () => {
      const item = minted[0] as MintedReviewItem;
      const res = await other.post(`/api/review/${item.id}/assign`, { assigneeId: agent.user.id });
      expect(res.status).toBe(200);
      expect((await res.json()).item).toMatchObject({
        assigneeId: agent.user.id,
        assigneeName: agent.user.name,
      });
      const mine = await list("?view=mine");
      expect(mine.items.map((i) => i.id)).toEqual([item.id]);
      expect(mine.counts.mine).toBe(1);
      expect((await list(`?assignee=${agent.user.id}`)).items).toHaveLength(1);
      const [event] = await audits(item.id);
      expect(event).toMatchObject({ action: "review.assigned", actor: other.user.id });
    });

    it("will not assign to someone who cannot review", async () => {
      const logistics = await mintUser(rt.ctx.db, "logistics");
      const res = await agent.post(`/api/review/${minted[1]?.id}/assign`, { assigneeId: logistics.id });
      expect(res.status).toBe(422);
      expect((await res.json()).message).toMatch(/logistics/);
    });

    it("snoozes an item out of the queue until a time; the past is refused", async () => {
      const item = minted[2] as MintedReviewItem;
      const past = await agent.post(`/api/review/${item.id}/snooze`, { until: "2000-01-01T00:00:00Z" });
      expect(past.status).toBe(422);
      expect((await past.json()).message).toMatch(/future/);
      const until = new Date(Date.now() + 3600_000).toISOString();
      expect((await agent.post(`/api/review/${item.id}/snooze`, { until })).status).toBe(200);
      const all = await list("?limit=500");
      expect(all.items.some((i) => i.id === item.id)).toBe(false);
      expect(all.counts.snoozed).toBe(1);
      expect((await list("?view=snoozed")).items.map((i) => i.id)).toEqual([item.id]);
      expect((await audits(item.id)).map((e) => e.action)).toEqual(["review.snoozed"]);
    });

    it("escalates with a reason: urgent and in the escalated view", async () => {
      const item = minted[3] as MintedReviewItem;
      expect((await agent.post(`/api/review/${item.id}/escalate`, { reason: "" })).status).toBe(400);
      const res = await agent.post(`/api/review/${item.id}/escalate`, { reason: "legal threat" });
      expect((await res.json()).item).toMatchObject({ kind: "escalate", priority: "urgent" });
      expect((await list("?view=escalated")).items.map((i) => i.id)).toEqual([item.id]);
      expect((await audits(item.id))[0]).toMatchObject({
        action: "review.escalated",
        reason: "legal threat",
      });
    });

    it("keeps internal notes on the item, in order, audited", async () => {
      const item = minted[4] as MintedReviewItem;
      expect((await agent.post(`/api/review/${item.id}/notes`, { body: "  " })).status).toBe(400);
      expect((await agent.post(`/api/review/${item.id}/notes`, { body: "Called the customer" })).status).toBe(
        201,
      );
      await other.post(`/api/review/${item.id}/notes`, { body: "Carrier confirmed" });
      const detail = (await (await agent.get(`/api/review/${item.id}`)).json()) as ReviewItemDetail;
      expect(detail.notes.map((n) => [n.body, n.authorName])).toEqual([
        ["Called the customer", agent.user.name],
        ["Carrier confirmed", other.user.name],
      ]);
      expect((await audits(item.id)).filter((e) => e.action === "review.noted")).toHaveLength(2);
    });

    it("closes without a reply: nothing is sent, a second close is a conflict", async () => {
      const item = minted[5] as MintedReviewItem;
      const res = await agent.post(`/api/review/${item.id}/close`, { reason: "customer said thanks" });
      expect((await res.json()).item.status).toBe("closed");
      const again = await agent.post(`/api/review/${item.id}/close`, {});
      expect(again.status).toBe(409);
      expect(await again.json()).toMatchObject({
        code: "CONFLICT",
        message: "review item is already closed",
      });
      expect(
        await rt.ctx.db.select().from(sends).where(eq(sends.conversationId, item.conversationId)),
      ).toEqual([]);
      expect((await audits(item.id))[0]).toMatchObject({ action: "review.closed_without_reply" });
    });

    it("two agents approving at once: exactly one send, the other gets a clear 409", async () => {
      const item = minted[6] as MintedReviewItem;
      const responses = await Promise.all([
        agent.post(`/api/review/${item.id}/approve`, {}),
        other.post(`/api/review/${item.id}/approve`, { body: "A different reply" }),
      ]);
      expect(responses.map((r) => r.status).sort()).toEqual([202, 409]);
      const loser = responses.find((r) => r.status === 409) as Response;
      expect((await loser.json()).message).toMatch(/already approved/);
      const rows = await rt.ctx.db.select().from(sends).where(eq(sends.conversationId, item.conversationId));
      expect(rows).toHaveLength(1);
    });

    it("edit-and-send keeps the generated draft, the draft on screen and what was sent", async () => {
      const item = minted[7] as MintedReviewItem;
      await agent.post(`/api/review/${item.id}/approve`, { body: "Shorter reply." });
      const [event] = await audits(item.id);
      expect(event?.data).toMatchObject({
        original: `Hello, order ${item.orderNumber} is on its way.`,
        after: "Shorter reply.",
      });
    });
  });

  describe("live events", () => {
    async function openStream(client: SignedInClient, query = "") {
      const abort = new AbortController();
      const res = await client.request(`/api/review/events${query}`, { signal: abort.signal });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/text\/event-stream/);
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      let buffer = "";
      const events: ReviewEvent[] = [];
      const pump = (async () => {
        for (;;) {
          const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
          if (done) return;
          buffer += decoder.decode(value, { stream: true });
          let end = buffer.indexOf("\n\n");
          while (end >= 0) {
            const data = /^data: (.*)$/m.exec(buffer.slice(0, end))?.[1];
            buffer = buffer.slice(end + 2);
            if (data) events.push(JSON.parse(data));
            end = buffer.indexOf("\n\n");
          }
        }
      })();
      const until = async (match: (e: ReviewEvent) => boolean) => {
        for (let i = 0; i < 100; i++) {
          const found = events.find(match);
          if (found) return found;
          await new Promise((r) => setTimeout(r, 20));
        }
        throw new Error(`no matching event in ${JSON.stringify(events)}`);
      };
      return {
        events,
        until,
        close: async () => {
          abort.abort();
          await reader.cancel().catch(() => undefined);
          await pump;
        },
      };
    }

    it("streams item changes as they happen", async () => {
      const stream = await openStream(agent);
      const item = minted[8] as MintedReviewItem;
      await other.post(`/api/review/${item.id}/escalate`, { reason: "VIP" });
      await reviewEvents(rt.ctx).poll();
      const event = await stream.until((e) => e.type === "item.changed" && e.itemId === item.id);
      expect(event).toMatchObject({ status: "open" });
      await stream.close();
    });

    it("two agents viewing the same item each see the other, and the leaver disappears", async () => {
      const item = minted[9] as MintedReviewItem;
      const a = await openStream(agent, `?viewing=${item.id}`);
      const b = await openStream(other, `?viewing=${item.id}`);
      const both = (e: ReviewEvent) =>
        e.type === "presence" && e.itemId === item.id && e.viewers.length === 2;
      const seenByA = await a.until(both);
      expect(seenByA.type === "presence" && seenByA.viewers.map((v) => v.userId).sort()).toEqual(
        [agent.user.id, other.user.id].sort(),
      );
      await b.close();
      const alone = await a.until(
        (e) => e.type === "presence" && e.itemId === item.id && e.viewers.length === 1,
      );
      expect(alone.type === "presence" && alone.viewers[0]?.userId).toBe(agent.user.id);
      await a.close();
    });

    it("anonymous callers get 401", async () => {
      expect((await rt.app.request("/api/review/events")).status).toBe(401);
    });
  });
});
