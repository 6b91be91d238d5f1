import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { receiveSandboxMessage } from "../../server/domain/mail/receive-sandbox-message.ts";
import { mintUser, sessionHeaders } from "../helpers/auth.ts";
import type { DatabaseKind } from "../helpers/databases.ts";
import { testRedisUrl } from "../helpers/environment.ts";
import { customerEmail, mintOrder, type OrderFixture } from "../helpers/factories.ts";
import { createTestRuntime, type QueueKind, type TestRuntime } from "../helpers/runtime.ts";
import { percentile } from "./stats.ts";

export interface PipelineFigures {
  emailsPerSec: number;
  p50Ms: number;
  p95Ms: number;
  /** Receive to stored (the sync's part of the latency). */
  storedP50Ms: number;
  storedP95Ms: number;
  autoSent: number;
  /**
   * From the server and worker processes (production shape only), per phase — `burst` (saturation) and
   * `paced` (half rate): CPU milliseconds per 1,000 emails of each, SQL statements and Redis round trips
   * per email of both together. Steadier than latency on a shared machine.
   */
  meter?: Record<string, number>;
}

/**
 * 5,000 sandbox emails through receive → sync → triage → decision (→ send where auto), first all at
 * once (saturation throughput), then at an offered load of half that rate (receive-to-decision latency).
 */
export async function benchPipeline(
  database: DatabaseKind,
  queue: QueueKind,
  total = 5_000,
  options: { processes?: boolean } = {},
): Promise<PipelineFigures> {
  // Production shape for Postgres + BullMQ: a `server` process receives over HTTP, a `worker` process runs
  // the jobs (both the compiled bundle); this process only offers the mail and reads the results.
  const rt = await createTestRuntime({ database, queue, workers: !options.processes });
  const children = options.processes ? await startMailroomProcesses(rt) : null;
  // The server process shares this database: a session for an admin minted here signs its requests in,
  // as a browser's cookie would (sign-in itself is not what is measured).
  const auth = children ? await sessionHeaders(rt.ctx, (await mintUser(rt.ctx.db, "admin")).id) : {};
  const receive = children
    ? (raw: string) => postToServer(children.url, rt.mailboxId, raw, auth)
    : (raw: string) => receiveSandboxMessage(rt.ctx, rt.mailboxId, { raw });
  try {
    const now = new Date();
    const orders: OrderFixture[] = [];
    for (let i = 0; i < 200; i++) {
      const standing = i % 4 === 0 ? "late" : i % 7 === 0 ? "delivered" : "on_time";
      orders.push(await mintOrder(rt.ctx.db, { now, standing }));
    }
    const emails = (n: number, tag: string) =>
      Array.from({ length: n }, (_, i) => mixedEmail(orders[i % orders.length] as OrderFixture, i, tag));

    // Saturation: everything offered at once, time until every decision is recorded.
    const burst = emails(total, "burst");
    const started = performance.now();
    const beforeBurst = await children?.meter();
    await runConcurrently(burst, 64, receive);
    await waitForDecisions(rt, total);
    const emailsPerSec = total / ((performance.now() - started) / 1000);
    await rt.settle(120_000);
    const afterBurst = await children?.meter();

    // Latency at half the saturation rate, open loop, for ten seconds or 2,000 emails.
    // BENCH_PACED_RATE fixes the offered rate, to compare changes at the same load on a noisy machine.
    const rate = Number(process.env.BENCH_PACED_RATE ?? 0) || emailsPerSec / 2;
    const count = Math.min(2_000, Math.max(200, Math.round(rate * 10)));
    const paced = emails(count, "paced");
    const t0 = performance.now();
    const inFlight: Promise<unknown>[] = [];
    for (let i = 0; i < paced.length; i++) {
      const due = t0 + (i / rate) * 1000;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      inFlight.push(receive(paced[i] as string));
    }
    await Promise.all(inFlight);
    await waitForDecisions(rt, total + count);
    const latencies = await receiveToDecisionMs(rt, "paced");
    const [auto] = await rt.ctx.db
      .execute(sql`select count(*)::int as n from sends`)
      .then(rows<{ n: number }>);
    await rt.settle(120_000);
    const afterPaced = await children?.meter();
    const meter =
      beforeBurst && afterBurst && afterPaced
        ? {
            ...meterFigures("burst", beforeBurst, afterBurst, total),
            ...meterFigures("paced", afterBurst, afterPaced, count),
          }
        : undefined;
    return {
      emailsPerSec,
      p50Ms: percentile(latencies.decided, 50),
      p95Ms: percentile(latencies.decided, 95),
      storedP50Ms: percentile(latencies.stored, 50),
      storedP95Ms: percentile(latencies.stored, 95),
      autoSent: auto?.n ?? 0,
      ...(meter ? { meter } : {}),
    };
  } finally {
    if (children) await stopMailroomProcesses(children);
    await rt.dispose();
  }
}

/** Stop what `startMailroomProcesses` started, and wait for them to exit. */
export async function stopMailroomProcesses(children: {
  processes: ChildProcess[];
  meterDir: string;
}): Promise<void> {
  const { processes } = children;
  for (const p of processes) p.kill("SIGTERM");
  await Promise.all(
    processes.map((p) => new Promise((r) => (p.exitCode !== null ? r(null) : p.once("exit", r)))),
  );
  for (const p of processes) childProcesses.delete(p);
  rmSync(children.meterDir, { recursive: true, force: true });
}

/**
 * `npm run server` and `npm run worker` (the compiled bundle, as in production) on this runtime's stores,
 * each metered (process-meter.mjs). `roles` picks which (the queue bench needs the server alone).
 */
export async function startMailroomProcesses(
  rt: TestRuntime,
  roles: ("server" | "worker")[] = ["server", "worker"],
): Promise<{
  url: string;
  processes: ChildProcess[];
  meterDir: string;
  meter: () => Promise<Record<string, MeterReading>>;
}> {
  const root = fileURLToPath(new URL("../../", import.meta.url));
  execFileSync("npm", ["run", "build:server", "--silent"], { cwd: root, stdio: "inherit" });
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const meterDir = mkdtempSync(join(tmpdir(), "mailroom-meter-"));
  const meterScript = fileURLToPath(new URL("./process-meter.mjs", import.meta.url));
  const env = {
    ...process.env,
    DATABASE_URL: rt.database.url,
    REDIS_URL: testRedisUrl,
    MAILROOM_QUEUE_PREFIX: rt.queuePrefix,
    MAILROOM_DEMO: "false",
    DATA_DIR: join(tmpdir(), "mailroom-bench"),
    LOG_LEVEL: "error",
    PORT: String(port),
    MAILROOM_BENCH_METER_DIR: meterDir,
  };
  const processes = roles.map((role) => {
    // BENCH_CPU_PROF=<dir>: a V8 CPU profile of each process, written when it exits.
    const profile = process.env.BENCH_CPU_PROF
      ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
      : [];
    // The heap budget `npm run server` / `npm run worker` give each process (MAILROOM_HEAP_MB, 256).
    const heap = `--max-old-space-size=${process.env.MAILROOM_HEAP_MB ?? 256}`;
    const child = spawn(
      process.execPath,
      [...profile, heap, "--import", meterScript, join(root, "dist/mailroom.mjs"), role],
      {
        env,
        stdio: ["ignore", "ignore", "inherit"],
      },
    );
    childProcesses.add(child);
    return child;
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
  let snapshots = 0;
  // Each SIGUSR2 makes a process write its counters (test/bench/process-meter.mjs).
  const meter = async () => {
    snapshots++;
    const readings: Record<string, MeterReading> = {};
    for (const [i, child] of processes.entries()) {
      const role = roles[i] as string;
      const file = join(meterDir, `${role}-${child.pid}-${snapshots}.json`);
      child.kill("SIGUSR2");
      for (let tries = 0; !existsSync(file); tries++) {
        if (tries > 200) throw new Error(`the ${role} process wrote no meter reading`);
        await new Promise((r) => setTimeout(r, 25));
      }
      await new Promise((r) => setTimeout(r, 25));
      readings[role] = JSON.parse(readFileSync(file, "utf8")) as MeterReading;
      if (process.env.BENCH_METER_KEEP) execFileSync("cp", [file, process.env.BENCH_METER_KEEP]);
    }
    return readings;
  };
  return { url, processes, meterDir, meter };
}

export interface MeterReading {
  sql: number;
  redisRoundTrips: number;
  redisCommands: number;
  cpuMs: number;
  maxRssMb: number;
}

function meterFigures(
  phase: string,
  before: Record<string, MeterReading>,
  after: Record<string, MeterReading>,
  emails: number,
): Record<string, number> {
  const delta = (role: string, key: keyof MeterReading) =>
    (after[role]?.[key] ?? 0) - (before[role]?.[key] ?? 0);
  const both = (key: keyof MeterReading) => delta("server", key) + delta("worker", key);
  return {
    [`${phase}.serverCpuMsPer1k`]: (delta("server", "cpuMs") / emails) * 1000,
    [`${phase}.workerCpuMsPer1k`]: (delta("worker", "cpuMs") / emails) * 1000,
    [`${phase}.sqlPerEmail`]: both("sql") / emails,
    [`${phase}.workerSqlPerEmail`]: delta("worker", "sql") / emails,
    [`${phase}.redisRoundTripsPerEmail`]: both("redisRoundTrips") / emails,
    serverMaxRssMb: after.server?.maxRssMb ?? 0,
    workerMaxRssMb: after.worker?.maxRssMb ?? 0,
  };
}

async function postToServer(
  url: string,
  mailboxId: string,
  raw: string,
  auth: Record<string, string>,
): Promise<void> {
  const response = await fetch(`${url}/api/sandbox/messages?mailbox=${mailboxId}`, {
    method: "POST",
    headers: { "content-type": "message/rfc822", ...auth },
    body: raw,
  });
  if (!response.ok) throw new Error(`receive failed: ${response.status} ${await response.text()}`);
}

/** RSS of the server and worker processes, read from /proc while they run. */
const childProcesses = new Set<ChildProcess>();
export function childRssBytes(): number {
  let total = 0;
  for (const child of childProcesses) {
    if (child.exitCode !== null || !child.pid) continue;
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
      total += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
    } catch {
      // exited between the check and the read
    }
  }
  return total;
}

function mixedEmail(order: OrderFixture, i: number, tag: string): string {
  const kinds = [
    { subject: "Where is my order?", text: `Hi, where is my order ${order.number}? Thanks` },
    { subject: "Unde este comanda?", text: `Bună ziua, unde este comanda ${order.number}? Mulțumesc` },
    { subject: "订单什么时候到", text: `你好，我的订单 ${order.number} 什么时候到？` },
    { subject: "Refund please", text: `I want a refund for ${order.number}, the lamp is broken.` },
    { subject: "Question", text: "Do you have the linen lamp in stock in grey?" },
  ];
  const kind = kinds[i % kinds.length] as { subject: string; text: string };
  return customerEmail({ from: order.email, ...kind, messageId: `<${tag}-${i}@bench.example>` });
}

async function runConcurrently<T>(items: T[], concurrency: number, fn: (item: T) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await fn(items[next++] as T);
    }),
  );
}

const rows = <T>(result: unknown): T[] =>
  Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []);

async function waitForDecisions(rt: TestRuntime, n: number) {
  for (;;) {
    const [row] = await rt.ctx.db
      .execute(sql`select count(*)::int as n from decisions`)
      .then(rows<{ n: number }>);
    if ((row?.n ?? 0) >= n) return;
    // Counting a large table costs the database real work: look rarely, the timestamps give the latency.
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Receive (the sandbox delivery) to decision, both stamped by the database's clock. */
async function receiveToDecisionMs(
  rt: TestRuntime,
  tag: string,
): Promise<{ decided: number[]; stored: number[] }> {
  const result = await rt.ctx.db.execute(sql`
    select extract(epoch from (d.created_at - s.created_at)) * 1000 as ms,
      extract(epoch from (m.created_at - s.created_at)) * 1000 as stored_ms
    from sandbox_mail s
    join messages m on m.provider_message_id = s.provider_message_id
    join decisions d on d.message_id = m.id
    where s.rfc_message_id like ${`<${tag}-%`}`);
  const found = rows<{ ms: number | string; stored_ms: number | string }>(result);
  return { decided: found.map((r) => Number(r.ms)), stored: found.map((r) => Number(r.stored_ms)) };
}
