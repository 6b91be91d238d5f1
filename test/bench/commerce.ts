import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { lookupFacts } from "../../agent/lookup.ts";
import { createFeed } from "../../server/domain/commerce/create-feed.ts";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.ts";
import { percentile } from "./stats.ts";

export interface IngestFigures {
  eventsPerSec: number;
  p50Ms: number;
  p95Ms: number;
  applied: number;
}

/**
 * Tracking events (AfterShip-style, signed) posted to the webhook endpoint of a `server` process (the
 * compiled bundle, on Postgres), 64 at a time; one in ten arrives out of order. Events/s is the
 * throughput over the whole burst; latency is per request as the sender sees it.
 */
export async function benchCommerceIngest(total: number, concurrency = 64): Promise<IngestFigures> {
  const key = randomBytes(32).toString("base64");
  const rt = await createTestRuntime({
    database: "postgres",
    queue: "in-process",
    workers: false,
    env: { MAILROOM_SECRET_KEY: key },
  });
  let server: ChildProcess | null = null;
  try {
    const parcels = Math.max(100, Math.round(total / 20));
    await seedOrders(rt, Math.ceil(parcels / 2), { shipmentsPerOrder: 2 });
    const feed = await createFeed(
      { ctx: rt.ctx, actor: { type: "system", name: "bench" } },
      { name: "bench", kind: "aftership" },
    );
    const bodies = trackingEvents(total, parcels);
    const requests = bodies.map((body) => ({
      body,
      signature: createHmac("sha256", feed.secret).update(body).digest("base64"),
    }));
    const started = await startServer(rt, key);
    server = started.process;
    const target = new URL(`${started.url}/webhooks/feeds/${feed.id}`);
    // node:http with keep-alive: the lightest client, so the figure is the server's, not fetch's.
    const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
    const post = (r: { body: string; signature: string }) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request(
          {
            host: target.hostname,
            port: target.port,
            path: target.pathname,
            method: "POST",
            agent,
            headers: {
              "content-type": "application/json",
              "content-length": Buffer.byteLength(r.body),
              "aftership-hmac-sha256": r.signature,
            },
          },
          (res) => {
            res.resume();
            res.on("end", () => resolve(res.statusCode ?? 0));
          },
        );
        req.on("error", reject);
        req.end(r.body);
      });
    const latencies: number[] = [];
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < requests.length) {
          const r = requests[next++] as { body: string; signature: string };
          const t = performance.now();
          const status = await post(r);
          if (status !== 200) throw new Error(`ingest failed: ${status}`);
          latencies.push(performance.now() - t);
        }
      }),
    );
    agent.destroy();
    const seconds = (performance.now() - t0) / 1000;
    const counted = await rt.ctx.db.execute(
      sql`select count(*)::int as n from feed_deliveries where verdict = 'applied'`,
    );
    const applied = (rows<{ n: number }>(counted)[0]?.n ?? 0) as number;
    return {
      eventsPerSec: total / seconds,
      p50Ms: percentile(latencies, 50),
      p95Ms: percentile(latencies, 95),
      applied,
    };
  } finally {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server?.once("exit", r));
      server.kill("SIGTERM");
      await exited;
    }
    await rt.dispose();
  }
}

export interface LookupFigures {
  byNumberP95Ms: number;
  byEmailP95Ms: number;
  p95Ms: number;
}

/**
 * The agent's own look-up (agent/lookup.ts: customer, order, lines, shipments, events) against a store
 * of `orders` orders on Postgres: by the order number the email names, and by the sender's email alone
 * (their one open order). 2,000 look-ups each, one at a time.
 */
export async function benchCommerceLookup(orders: number, samples = 2_000): Promise<LookupFigures> {
  const rt = await createTestRuntime({ database: "postgres", queue: "in-process", workers: false });
  try {
    await seedOrders(rt, orders, { shipmentsPerOrder: 1 });
    await rt.ctx.db.execute(sql`analyze`);
    const format = { prefixes: ["BN-"] };
    const now = new Date();
    const pick = () => 1 + Math.floor(Math.random() * orders);
    const time = async (query: () => Promise<unknown>) => {
      const out: number[] = [];
      for (let i = 0; i < 200; i++) await query(); // warm-up
      for (let i = 0; i < samples; i++) {
        const t = performance.now();
        await query();
        out.push(performance.now() - t);
      }
      return out;
    };
    const byNumber = await time(() => {
      const n = pick();
      return lookupFacts(rt.ctx.db, { senderEmail: emailOf(n), orderNumbers: [`BN-${n}`], format, now });
    });
    const byEmail = await time(() =>
      lookupFacts(rt.ctx.db, { senderEmail: emailOf(pick()), orderNumbers: [], format, now }),
    );
    const byNumberP95Ms = percentile(byNumber, 95);
    const byEmailP95Ms = percentile(byEmail, 95);
    return { byNumberP95Ms, byEmailP95Ms, p95Ms: Math.max(byNumberP95Ms, byEmailP95Ms) };
  } finally {
    await rt.dispose();
  }
}

const rows = <T>(result: unknown): T[] =>
  Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []);

/** One customer per order: order n belongs to customer-n. */
const emailOf = (n: number) => `customer-${n}@bench.example`;

/** Orders BN-1…BN-n with a line and their parcels (tracking BT<n>x<k>), in set-based SQL batches. */
async function seedOrders(rt: TestRuntime, count: number, options: { shipmentsPerOrder: number }) {
  const batch = 200_000;
  for (let from = 1; from <= count; from += batch) {
    const to = Math.min(count, from + batch - 1);
    await rt.ctx.db.execute(sql`
      insert into customers (email, name)
      select 'customer-' || i || '@bench.example', 'Customer ' || i from generate_series(${from}::int, ${to}::int) i`);
    await rt.ctx.db.execute(sql`
      insert into orders (number, customer_id, email, status, placed_at, total, currency)
      select 'BN-' || i, c.id, c.email, case when i % 3 = 0 then 'delivered' else 'fulfilled' end,
             now() - interval '5 days', 49.90, 'EUR'
      from generate_series(${from}::int, ${to}::int) i
      join customers c on c.email = 'customer-' || i || '@bench.example'`);
    await rt.ctx.db.execute(sql`
      insert into order_lines (order_id, sku, title, quantity, unit_price)
      select o.id, 'SKU-1', 'Linen lamp', 1, 49.90 from orders o
      where o.number in (select 'BN-' || i from generate_series(${from}::int, ${to}::int) i)`);
    for (let k = 0; k < options.shipmentsPerOrder; k++) {
      await rt.ctx.db.execute(sql`
        insert into shipments (order_id, carrier, tracking_number, state, shipped_at, estimated_delivery_at, last_event_at)
        select o.id, 'DHL', 'BT' || substr(o.number, 4) || 'x' || ${k}::int, 'in_transit',
               now() - interval '4 days', now() + interval '2 days', now() - interval '4 days'
        from orders o
        where o.number in (select 'BN-' || i from generate_series(${from}::int, ${to}::int) i)`);
    }
  }
}

/** AfterShip-style bodies: each parcel's scans an hour apart, one in ten swapped with its neighbour. */
function trackingEvents(total: number, parcels: number): string[] {
  const tags = ["InTransit", "InTransit", "InTransit", "OutForDelivery", "Delivered"];
  const base = Date.now() - 3 * 86_400_000;
  const bodies = Array.from({ length: total }, (_, i) => {
    const parcel = i % parcels;
    const scan = Math.floor(i / parcels);
    const tag = tags[Math.min(scan, tags.length - 1)] as string;
    const at = new Date(base + scan * 3_600_000 + parcel).toISOString();
    const order = Math.floor(parcel / 2) + 1;
    return JSON.stringify({
      event_id: `evt-${i}-${randomBytes(4).toString("hex")}`,
      event: "tracking_update",
      msg: {
        tracking_number: `BT${order}x${parcel % 2}`,
        slug: "dhl",
        tag,
        expected_delivery: new Date(base + 5 * 86_400_000).toISOString(),
        checkpoints: [{ checkpoint_time: at, tag, message: `scan ${scan}`, location: "Leipzig, DE" }],
      },
    });
  });
  for (let i = 0; i + 1 < bodies.length; i += 10) {
    const a = bodies[i] as string;
    bodies[i] = bodies[i + 1] as string;
    bodies[i + 1] = a;
  }
  return bodies;
}

async function startServer(rt: TestRuntime, key: string): Promise<{ url: string; process: ChildProcess }> {
  const root = fileURLToPath(new URL("../../", import.meta.url));
  execFileSync("npm", ["run", "build:server", "--silent"], { cwd: root, stdio: "inherit" });
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  // BENCH_CPU_PROF=<dir>: a V8 CPU profile of the server, written when it exits.
  const profile = process.env.BENCH_CPU_PROF
    ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
    : [];
  const child = spawn(process.execPath, [...profile, join(root, "dist/mailroom.mjs"), "server"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: rt.database.url,
      MAILROOM_SECRET_KEY: key,
      MAILROOM_DEMO: "false",
      DATA_DIR: join(tmpdir(), "mailroom-bench"),
      LOG_LEVEL: "error",
      PORT: String(port),
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    const ready = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (i > 300) throw new Error("the server process did not become ready");
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, process: child };
}
