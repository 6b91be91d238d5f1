import http from "node:http";
import { sql } from "drizzle-orm";
import { mintUser, sessionHeaders } from "../helpers/auth.ts";
import { launchChromium, serveRuntime, signInThroughUi } from "../helpers/browser.ts";
import { mintReviewItems } from "../helpers/review.ts";
import { createTestRuntime } from "../helpers/runtime.ts";
import { type MeterReading, startMailroomProcesses, stopMailroomProcesses } from "./pipeline.ts";
import { percentile } from "./stats.ts";

/**
 * The queue list API over HTTP (Postgres), as in production: the compiled `server` process answers, this
 * process only asks. `items` open review items, `agents` people each with a session asking at once,
 * `rounds` times; each asks for a view the way the queue page does (default, a filter, a search, their
 * own items). Wall times move with whatever else the machine runs, so two steadier figures come with
 * them, read from the server process: SQL statements per request, and its CPU per request.
 */
export async function benchQueueList(
  items: number,
  agents = 50,
  rounds = 20,
): Promise<{
  p50Ms: number;
  p95Ms: number;
  rowsPerPage: number;
  statementsPerRequest: number;
  cpuMsPerRequest: number;
}> {
  const rt = await createTestRuntime({ database: "postgres", queue: "in-process", workers: false });
  const children = await startMailroomProcesses(rt, ["server"]);
  // node:http with keep-alive, one socket per agent: the lightest client, so the figure is the server's.
  const agent = new http.Agent({ keepAlive: true, maxSockets: agents });
  const target = new URL(children.url);
  const get = (path: string, headers: Record<string, string>) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        { host: target.hostname, port: target.port, path, method: "GET", agent, headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
          );
        },
      );
      req.on("error", reject);
      req.end();
    });
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
    let before: MeterReading | undefined;
    for (let round = 0; round < rounds + 2; round++) {
      // The first two rounds warm the connection pool and the plan cache.
      if (round === 2) before = (await children.meter()).server;
      await Promise.all(
        sessions.map(async (headers, i) => {
          const started = performance.now();
          const res = await get(`/api/review${queries[(round + i) % queries.length]}`, headers);
          if (res.status !== 200) throw new Error(`queue list answered ${res.status}: ${res.body}`);
          if (round >= 2) timings.push(performance.now() - started);
          rowsPerPage = Math.max(rowsPerPage, (JSON.parse(res.body) as { items: unknown[] }).items.length);
        }),
      );
    }
    const after = (await children.meter()).server;
    const delta = (key: "sql" | "cpuMs") => ((after?.[key] ?? 0) - (before?.[key] ?? 0)) / timings.length;
    return {
      p50Ms: percentile(timings, 50),
      p95Ms: percentile(timings, 95),
      rowsPerPage,
      statementsPerRequest: delta("sql"),
      cpuMsPerRequest: delta("cpuMs"),
    };
  } finally {
    agent.destroy();
    await stopMailroomProcesses(children);
    await rt.dispose();
  }
}

/**
 * The queue page in Chromium with `items` open review items (Postgres): a signed-in agent opens it in a
 * fresh browser context (cold cache: the UI's files load too), `samples` times. Each sample is the time
 * from navigation start to the first queue row in the DOM (`performance.now()` in the page, marked
 * `queue-first-row`).
 */
export async function benchQueueFirstRender(
  items: number,
  samples = 7,
): Promise<{ p50Ms: number; p95Ms: number; rows: number }> {
  const rt = await createTestRuntime({ database: "postgres", queue: "in-process", workers: false });
  const server = await serveRuntime(rt);
  const browser = await launchChromium();
  try {
    await mintReviewItems(rt.ctx.db, { mailboxId: rt.mailboxId, count: items });
    await rt.ctx.db.execute(sql`analyze`);
    const agent = await mintUser(rt.ctx.db, "agent");
    const signIn = await browser.newContext();
    await signInThroughUi(await signIn.newPage(), server.url, agent);
    const storageState = await signIn.storageState();
    await signIn.close();
    const timings: number[] = [];
    let rows = 0;
    // The first sample warms the server (plan cache, pool); it is not counted.
    for (let sample = 0; sample <= samples; sample++) {
      const context = await browser.newContext({ storageState });
      await context.addInitScript(() => {
        const seen = new MutationObserver(() => {
          if (!document.querySelector('[data-testid="review-row"]')) return;
          performance.mark("queue-first-row");
          seen.disconnect();
        });
        seen.observe(document, { childList: true, subtree: true });
      });
      const page = await context.newPage();
      await page.goto(server.url);
      await page.waitForFunction(() => performance.getEntriesByName("queue-first-row").length > 0, null, {
        timeout: 30_000,
      });
      const at = await page.evaluate(
        () => performance.getEntriesByName("queue-first-row")[0]?.startTime ?? 0,
      );
      rows = await page.getByTestId("review-row").count();
      if (sample > 0) timings.push(at);
      await context.close();
    }
    return { p50Ms: percentile(timings, 50), p95Ms: percentile(timings, 95), rows };
  } finally {
    await browser.close();
    await server.close();
    await rt.dispose();
  }
}
