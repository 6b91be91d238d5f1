import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { sql } from "drizzle-orm";
import { mintUser, sessionHeaders } from "../helpers/auth.ts";
import { mintReviewItems } from "../helpers/review.ts";
import { createTestRuntime } from "../helpers/runtime.ts";
import { percentile } from "./stats.ts";

/**
 * The queue list API over HTTP (Postgres): `items` open review items, `agents` people each with a session
 * asking at once, `rounds` times; each asks for a view the way the queue page does (default, a filter, a
 * search, their own items).
 */
export async function benchQueueList(
  items: number,
  agents = 50,
  rounds = 20,
): Promise<{ p50Ms: number; p95Ms: number; rowsPerPage: number }> {
  const rt = await createTestRuntime({ database: "postgres", queue: "in-process", workers: false });
  const server = serve({ fetch: (request) => rt.app.fetch(request), port: 0, hostname: "127.0.0.1" });
  await new Promise((resolve) => server.once("listening", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const minted = await mintReviewItems(rt.ctx.db, { mailboxId: rt.mailboxId, count: items });
    await rt.ctx.db.execute(sql`analyze`);
    const sessions = await Promise.all(
      Array.from({ length: agents }, async () =>
        sessionHeaders(rt.ctx, (await mintUser(rt.ctx.db, "agent")).id),
      ),
    );
    const queries = [
      "",
      "?view=mine",
      "?intent=refund",
      "?language=de&view=overdue",
      `?q=${encodeURIComponent(minted[items >> 1]?.orderNumber ?? "")}`,
      "?q=customer-",
      "?reason=shipment.late",
    ];
    const timings: number[] = [];
    let rowsPerPage = 0;
    for (let round = 0; round < rounds + 2; round++) {
      await Promise.all(
        sessions.map(async (headers, i) => {
          const started = performance.now();
          const res = await fetch(`${base}/api/review${queries[(round + i) % queries.length]}`, { headers });
          const body = (await res.json()) as { items: unknown[] };
          if (res.status !== 200) throw new Error(`queue list answered ${res.status}`);
          // The first two rounds warm the connection pool and the plan cache.
          if (round >= 2) timings.push(performance.now() - started);
          rowsPerPage = Math.max(rowsPerPage, body.items.length);
        }),
      );
    }
    return { p50Ms: percentile(timings, 50), p95Ms: percentile(timings, 95), rowsPerPage };
  } finally {
    server.close();
    await rt.dispose();
  }
}
