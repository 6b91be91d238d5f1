import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reviewItems } from "../../db/schema/index.ts";
import type { ReviewListResponse } from "../../server/api/types.ts";
import { reviewEvents } from "../../server/live/review-events.ts";
import { type SignedInClient, signedInClient } from "../helpers/auth.ts";
import { databaseKinds } from "../helpers/databases.ts";
import { type MintedReviewItem, mintReviewItems } from "../helpers/review.ts";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.ts";

describe.each(databaseKinds)("review queue paging and counts (%s)", (database) => {
  let rt: TestRuntime;
  let agent: SignedInClient;
  let minted: MintedReviewItem[];
  // The runtime's clock, moved by the tests: counts that change with time alone.
  let now = new Date("2026-11-23T12:00:00Z");
  const list = async (query = "") => {
    const res = await agent.get(`/api/review${query}`);
    expect(res.status).toBe(200);
    return (await res.json()) as ReviewListResponse;
  };

  beforeAll(async () => {
    rt = await createTestRuntime({ database, queue: "in-process", workers: false, clock: () => now });
    agent = await signedInClient(rt, "agent");
    minted = await mintReviewItems(rt.ctx.db, { mailboxId: rt.mailboxId, count: 30, now });
  }, 60_000);
  afterAll(() => rt.dispose());

  it("walks the queue with nextCursor in the same order as one long page", async () => {
    const whole = await list("?limit=30");
    expect(whole.hasMore).toBe(false);
    expect(whole.nextCursor).toBeNull();
    const walked: string[] = [];
    let after = "";
    for (let page = 0; page < 10; page++) {
      const body = await list(`?limit=7${after && `&after=${after}`}`);
      walked.push(...body.items.map((i) => i.id));
      expect(body.hasMore).toBe(body.nextCursor !== null);
      if (!body.nextCursor) break;
      after = body.nextCursor;
    }
    expect(walked).toEqual(whole.items.map((i) => i.id));
  });

  it("keeps its place when items ahead of the cursor leave the view", async () => {
    const first = await list("?view=unassigned&limit=10");
    const expected = await list("?view=unassigned&limit=10&offset=10");
    const leaving = first.items[0]?.id as string;
    const res = await agent.post(`/api/review/${leaving}/assign`, { assigneeId: agent.user.id });
    expect(res.status).toBe(200);
    const next = await list(`?view=unassigned&limit=10&after=${first.nextCursor}`);
    expect(next.items.map((i) => i.id)).toEqual(expected.items.map((i) => i.id));
    // The counts follow the write at once: it was made through this process.
    expect(next.counts).toMatchObject({ mine: 1, unassigned: 29 });
  });

  it("lists asked at once share one read, but 'mine' is each asker's own, and a write is seen at once", async () => {
    const other = await signedInClient(rt, "agent");
    const theirs = minted[5]?.id as string;
    expect((await other.post(`/api/review/${theirs}/assign`, { assigneeId: other.user.id })).status).toBe(
      200,
    );
    const asked = await Promise.all([
      ...Array.from({ length: 6 }, () => agent.get("/api/review?view=mine")),
      ...Array.from({ length: 6 }, () => other.get("/api/review?view=mine")),
      ...Array.from({ length: 6 }, () => agent.get("/api/review?view=unassigned")),
    ]);
    const ids = await Promise.all(
      asked.map(async (r) => ((await r.json()) as ReviewListResponse).items.map((i) => i.id)),
    );
    const [mine, othersMine, unassigned] = [ids.slice(0, 6), ids.slice(6, 12), ids.slice(12)];
    for (const answer of othersMine) expect(answer).toEqual([theirs]);
    for (const answer of mine) expect(answer).not.toContain(theirs);
    for (const answer of unassigned) expect(answer).toEqual(unassigned[0]);
    // Assigned, then listed: never an answer read before the write.
    const next = (unassigned[0] as string[])[0] as string;
    const [written, listed] = await Promise.all([
      agent.post(`/api/review/${next}/assign`, { assigneeId: agent.user.id }),
      agent.get("/api/review?view=unassigned"),
    ]);
    expect(written.status).toBe(200);
    expect(listed.status).toBe(200);
    expect((await list("?view=unassigned")).items.map((i) => i.id)).not.toContain(next);
  });

  it("refuses a cursor it did not give out, naming it", async () => {
    for (const after of ["nonsense", Buffer.from("2026-11-23T12:00:00Z|9|x").toString("base64url")]) {
      const res = await agent.get(`/api/review?after=${after}`);
      expect(res.status).toBe(400);
      expect((await res.json()).message).toMatch(/after/);
    }
  });

  it("counts a change another process made once the live-event hub sees it", async () => {
    const before = (await list()).counts;
    const item = minted[5] as MintedReviewItem;
    // Written straight to the database, as a worker process would.
    await rt.ctx.db
      .update(reviewItems)
      .set({ kind: "escalate", updatedAt: new Date() })
      .where(eq(reviewItems.id, item.id));
    await reviewEvents(rt.ctx).poll();
    expect((await list()).counts.escalated).toBe(before.escalated + 1);
  });

  it("counts an item as overdue the moment it falls due, with no write", async () => {
    const before = (await list()).counts;
    const upcoming = (await list("?limit=30")).items.find((i) => new Date(i.dueAt) > now);
    expect(upcoming).toBeDefined();
    now = new Date(new Date(upcoming?.dueAt as string).getTime() + 1);
    const after = (await list()).counts;
    expect(after.overdue).toBeGreaterThan(before.overdue);
  });
});
