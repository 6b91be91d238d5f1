import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { feedDeliveries, feeds, orders } from "../../db/schema/index.ts";
import { createFeed } from "../../server/domain/commerce/create-feed.ts";
import { PollUnavailableError, pollFeed } from "../../server/domain/commerce/poll-feed.ts";
import { enqueueDuePolls } from "../../server/jobs/commerce.ts";
import { databaseKinds } from "../helpers/databases.ts";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.ts";
import { testActor, unique } from "./feeds-helpers.ts";

/** A small ERP with a cursor-paged REST endpoint; answers 503 when told to. */
function erpServer() {
  const seen: { cursor: string | null; auth: string | undefined }[] = [];
  const state = { down: false, numbers: [] as string[] };
  const server = createServer((req: IncomingMessage, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const cursor = url.searchParams.get("updated_after");
    seen.push({ cursor, auth: req.headers["x-api-key"] as string | undefined });
    if (state.down) {
      res.writeHead(503).end();
      return;
    }
    // The cursor is how many orders the caller has seen (an "updated after" position).
    const offset = cursor === null ? 0 : Number(cursor);
    const items = state.numbers.slice(offset, offset + 2).map((number) => ({
      number,
      customer: { email: `${number.toLowerCase()}@example.com` },
      total: "19.90",
      currency: "EUR",
    }));
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ data: items, next: String(offset + items.length) }));
  });
  return { server, seen, state };
}

describe.each(databaseKinds)("polling a REST endpoint (%s)", (database) => {
  let rt: TestRuntime;
  let erp: ReturnType<typeof erpServer>;
  let base: string;
  beforeAll(async () => {
    rt = await createTestRuntime({ database, queue: "in-process", workers: false });
    erp = erpServer();
    await new Promise<void>((r) => erp.server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(erp.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => (erp.server as Server).close(r));
    await rt.dispose();
  });

  it("follows the cursor, applies items through the mapping, keeps each page, and resumes where it left", async () => {
    erp.state.numbers = Array.from({ length: 5 }, () => `PO-${unique()}`);
    const feed = await createFeed(
      { ctx: rt.ctx, actor: testActor },
      {
        name: "ERP poll",
        kind: "rest_poll",
        poll: {
          url: `${base}/orders`,
          authHeader: "X-Api-Key",
          cursorParam: "updated_after",
          itemsPath: "$.data[*]",
          nextCursorPath: "$.next",
        },
        pollAuth: "k-123",
        mapping: {
          fields: {
            orderNumber: "$.number",
            email: "$.customer.email",
            total: "$.total",
            currency: "$.currency",
          },
        },
      },
    );
    const first = await pollFeed(rt.ctx, feed.id);
    expect(first.outcomes.map((o) => o.verdict)).toEqual(["applied", "applied", "applied"]);
    expect(erp.seen.slice(-4)).toEqual([
      { cursor: null, auth: "k-123" },
      { cursor: "2", auth: "k-123" },
      { cursor: "4", auth: "k-123" },
      { cursor: "5", auth: "k-123" },
    ]);
    for (const number of erp.state.numbers)
      expect(await rt.ctx.db.select().from(orders).where(eq(orders.number, number))).toHaveLength(1);
    const [stored] = await rt.ctx.db.select().from(feeds).where(eq(feeds.id, feed.id));
    expect(stored?.pollCursor).toBe("5");
    expect(stored?.pollAuthSealed).not.toContain("k-123");
    const kept = await rt.ctx.db.select().from(feedDeliveries).where(eq(feedDeliveries.feedId, feed.id));
    expect(kept.map((d) => d.via)).toEqual(["poll", "poll", "poll"]);

    erp.state.numbers.push(`PO-${unique()}`);
    const second = await pollFeed(rt.ctx, feed.id);
    expect(second.outcomes).toHaveLength(1);
    expect(erp.seen.slice(-2).map((c) => c.cursor)).toEqual(["5", "6"]);
  });

  it("an endpoint that is down is a retryable error; the cursor stays", async () => {
    const feed = await createFeed(
      { ctx: rt.ctx, actor: testActor },
      {
        name: "Down",
        kind: "rest_poll",
        poll: {
          url: `${base}/orders`,
          cursorParam: "updated_after",
          itemsPath: "$.data[*]",
          nextCursorPath: "$.next",
        },
      },
    );
    erp.state.down = true;
    try {
      await expect(pollFeed(rt.ctx, feed.id)).rejects.toBeInstanceOf(PollUnavailableError);
    } finally {
      erp.state.down = false;
    }
    const [stored] = await rt.ctx.db.select().from(feeds).where(eq(feeds.id, feed.id));
    expect(stored?.pollCursor).toBeNull();
  });

  it("a polled feed waits for its field mapping before its first poll", async () => {
    const unmapped = await createFeed(
      { ctx: rt.ctx, actor: testActor },
      { name: "Not mapped yet", kind: "rest_poll", poll: { url: `${base}/orders` } },
    );
    const dueUnmapped = await enqueueDuePolls(rt.ctx);
    await rt.ctx.db
      .update(feeds)
      .set({ mapping: { fields: { orderNumber: "$.number", email: "$.customer.email" } } })
      .where(eq(feeds.id, unmapped.id));
    expect(await enqueueDuePolls(rt.ctx)).toBe(dueUnmapped + 1);
  });

  it("due polls are queued once per interval", async () => {
    await createFeed(
      { ctx: rt.ctx, actor: testActor },
      {
        name: "Due",
        kind: "rest_poll",
        poll: { url: `${base}/orders` },
        mapping: { fields: { orderNumber: "$.number", email: "$.customer.email" } },
      },
    );
    const before = (await rt.ctx.queue.counts("commerce")).waiting;
    await enqueueDuePolls(rt.ctx);
    await enqueueDuePolls(rt.ctx);
    // The new feed's poll, once; the feeds queued by earlier tests are not queued again in their slot.
    expect((await rt.ctx.queue.counts("commerce")).waiting - before).toBe(1);
  });
});
