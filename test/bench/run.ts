import { benchLocalAgent } from "./agent.ts";
import { benchAnthropicAgent } from "./anthropic.ts";
import { benchCommerceIngest, benchCommerceLookup } from "./commerce.ts";
import { benchGmailBackfill, benchPushToDecision } from "./gmail.ts";
import { benchOutlookBackfill } from "./outlook.ts";
import { benchPipeline, childRssBytes } from "./pipeline.ts";
import { benchQueueFirstRender, benchQueueList } from "./queue.ts";
import { round } from "./stats.ts";

/**
 * `npm run bench` prints each figure as it is measured; `npm run bench -- --json` prints one JSON object
 * of name → number at the end. Names are the ones the issues give.
 */
const json = process.argv.includes("--json");
const only = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length);
const figures: Record<string, number> = {};
let peakRss = 0;
// Mailroom's memory: its server and worker processes when it runs as processes (never this process,
// the load generator, which holds every email it offers), else this one.
let measureChildren = false;
const rssTimer = setInterval(() => {
  peakRss = Math.max(peakRss, measureChildren ? childRssBytes() : process.memoryUsage.rss());
}, 50);

function report(name: string, value: number, unit: string) {
  // Small figures (shares, dollars per email) keep three significant digits.
  const shown = Math.abs(value) < 1 ? Number(value.toPrecision(3)) : round(value, 2);
  figures[name] = shown;
  if (!json) console.log(`${name.padEnd(40)} ${String(shown).padStart(10)} ${unit}`);
}

async function main() {
  if (!only || only.startsWith("pipeline")) {
    const total = Number(process.env.BENCH_PIPELINE_EMAILS ?? 5_000);
    const setups = [
      ["postgres", "bullmq"],
      ["pglite", "in-process"],
    ] as const;
    // --only=pipeline.postgres runs one setup.
    for (const [db, queue] of setups.filter(([db]) => !only?.includes(".") || only === `pipeline.${db}`)) {
      measureChildren = queue === "bullmq";
      const r = await benchPipeline(db, queue, total, { processes: measureChildren });
      report(`pipeline.${db}.emailsPerSec`, r.emailsPerSec, "emails/s");
      report(`pipeline.${db}.p50Ms`, r.p50Ms, "ms");
      report(`pipeline.${db}.p95Ms`, r.p95Ms, "ms");
      report(`pipeline.${db}.storedP50Ms`, r.storedP50Ms, "ms");
      report(`pipeline.${db}.storedP95Ms`, r.storedP95Ms, "ms");
      report(`pipeline.${db}.peakRssMb`, peakRss / 1024 / 1024, "MB");
      for (const [name, value] of Object.entries(r.meter ?? {})) report(`pipeline.${db}.${name}`, value, "");
      // The production shape (Postgres + BullMQ, server and worker processes) is the headline figure.
      if (db === "postgres") report("pipeline.peakRssMb", peakRss / 1024 / 1024, "MB");
      peakRss = 0;
    }
  }
  if (!only || only === "agent") {
    const agent = await benchLocalAgent();
    report("agent.local.emailsPerSec", agent.emailsPerSec, "emails/s");
    report("agent.local.p95Ms", agent.p95Ms, "ms");
  }
  if (!only || only === "agent" || only === "agent.anthropic") {
    // Against the emulator at a fixed 600 ms per call, concurrency 32; prices are the models' list prices.
    const anthropic = await benchAnthropicAgent();
    report("agent.anthropic.emailsPerSec", anthropic.emailsPerSec, "emails/s");
    report("agent.anthropic.promptTokensPerEmail", anthropic.promptTokensPerEmail, "tokens");
    report("agent.anthropic.cacheableShare", anthropic.cacheableShare, "");
    report("agent.anthropic.costPerEmailUsd", anthropic.costPerEmailUsd, "USD");
    report("agent.anthropic.costPerEmailUncachedUsd", anthropic.costPerEmailUncachedUsd, "USD");
  }
  if (!only || only === "mail" || only === "mail.gmail") {
    // A newly connected inbox read from the Gmail emulator at Google's quota (BENCH_GMAIL_MESSAGES, default 10,000).
    const gmail = await benchGmailBackfill(Number(process.env.BENCH_GMAIL_MESSAGES ?? 10_000));
    report("mail.gmail.backfillPerSec", gmail.backfillPerSec, "messages/s");
  }
  if (!only || only === "mail" || only === "mail.push") {
    // Single messages, pushed by the Gmail emulator to the webhook, to a decision (local engine).
    const push = await benchPushToDecision(Number(process.env.BENCH_PUSH_SAMPLES ?? 100));
    report("mail.pushToDecisionP50Ms", push.p50Ms, "ms");
    report("mail.pushToDecisionP95Ms", push.p95Ms, "ms");
  }
  if (!only || only === "mail" || only === "mail.outlook") {
    // A newly connected inbox read from the Graph emulator (BENCH_OUTLOOK_MESSAGES, default 10,000).
    const outlook = await benchOutlookBackfill(Number(process.env.BENCH_OUTLOOK_MESSAGES ?? 10_000));
    report("mail.outlook.backfillPerSec", outlook.backfillPerSec, "messages/s");
    report("mail.outlook.adapterBackfillPerSec", outlook.adapterPerSec, "messages/s");
  }
  if (!only || only === "queue" || only === "queue.list") {
    // 10,000 open items, 50 agents asking at once (default view, filters, searches), Postgres over HTTP.
    const queue = await benchQueueList(Number(process.env.BENCH_QUEUE_ITEMS ?? 10_000));
    report("queue.listP50Ms", queue.p50Ms, "ms");
    report("queue.listP95Ms", queue.p95Ms, "ms");
    report("queue.listStatementsPerRequest", queue.statementsPerRequest, "statements");
    report("queue.listCpuMsPerRequest", queue.cpuMsPerRequest, "ms");
  }
  if (!only || only === "queue" || only === "queue.render") {
    // The queue page in Chromium with 10,000 open items: navigation start to the first row, cold cache.
    const render = await benchQueueFirstRender(Number(process.env.BENCH_QUEUE_ITEMS ?? 10_000));
    report("queue.firstRenderMs", render.p50Ms, "ms");
    report("queue.firstRenderP95Ms", render.p95Ms, "ms");
  }
  if (!only || only.startsWith("commerce")) {
    // Sizes are configurable so a developer can run it small: BENCH_COMMERCE_EVENTS, BENCH_COMMERCE_ORDERS.
    if (only !== "commerce.lookup") {
      const ingest = await benchCommerceIngest(Number(process.env.BENCH_COMMERCE_EVENTS ?? 100_000));
      report("commerce.ingestPerSec", ingest.eventsPerSec, "events/s");
      report("commerce.ingestP50Ms", ingest.p50Ms, "ms");
      report("commerce.ingestP95Ms", ingest.p95Ms, "ms");
    }
    if (only !== "commerce.ingest") {
      const lookup = await benchCommerceLookup(Number(process.env.BENCH_COMMERCE_ORDERS ?? 1_000_000));
      report("commerce.lookupByNumberP95Ms", lookup.byNumberP95Ms, "ms");
      report("commerce.lookupByEmailP95Ms", lookup.byEmailP95Ms, "ms");
      report("commerce.lookupP95Ms", lookup.p95Ms, "ms");
    }
  }
  clearInterval(rssTimer);
  if (json) console.log(JSON.stringify(figures));
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
