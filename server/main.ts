import { serve } from "@hono/node-server";
import { createRuntime, type Runtime } from "./bootstrap.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { issueSetupLinkIfNoAdmin } from "./domain/auth/setup-link.ts";
import { newApp } from "./http/app.ts";
import { ensureWebBuilt, registerWeb } from "./http/static.ts";
import { startCommerceSweeper, startCommerceWorkers } from "./jobs/commerce.ts";
import { startWorkers } from "./jobs/processors.ts";
import { startSweeper } from "./jobs/sweeper.ts";
import { registerRoutes } from "./routes/index.ts";
import { type DemoLogin, ensureDemoLogins } from "./seed/demo-logins.ts";
import { seedDemo } from "./seed/seed.ts";

/**
 * `all` (default): API + UI + workers in one process on embedded defaults — the quick start.
 * `server`: API + UI only. `worker`: jobs only. `migrate`: apply migrations and exit.
 */
type Mode = "all" | "server" | "worker" | "migrate";

async function main(mode: Mode) {
  const config = loadConfig();
  const runtime = await createRuntime(config);
  const { ctx } = runtime;
  if (mode === "migrate") {
    ctx.logger.info({ database: runtime.database.kind }, "migrations applied");
    await runtime.close();
    return;
  }
  if (config.secretKeyGenerated) {
    ctx.logger.warn(
      `MAILROOM_SECRET_KEY is not set: using a generated key kept in ${config.dataDir}/secret.key`,
    );
  }
  if (mode === "server" && ctx.queue.kind === "in-process") {
    ctx.logger.warn("no REDIS_URL: jobs run in this process; run `worker` processes only with Redis");
  }
  const stops: (() => void)[] = [];
  if (mode === "all" || mode === "worker" || ctx.queue.kind === "in-process") {
    startWorkers(ctx);
    startCommerceWorkers(ctx);
    stops.push(startSweeper(ctx));
    stops.push(startCommerceSweeper(ctx));
  }
  if (config.demo && mode !== "worker") {
    const seeded = await seedDemo(ctx);
    if (seeded.seeded)
      ctx.logger.info(`demo store seeded; ${seeded.emails} customer emails are being triaged`);
  }
  let server: ReturnType<typeof serve> | null = null;
  if (mode !== "worker") {
    // Demo: a login per role. Otherwise, until an admin has a password, a fresh setup link each start.
    const demoLogins = config.demo ? await ensureDemoLogins(ctx) : [];
    const setupLink = config.demo ? null : await issueSetupLinkIfNoAdmin(ctx);
    await ensureWebBuilt((msg) => ctx.logger.info(msg));
    const app = newApp(ctx);
    registerRoutes(app);
    registerWeb(app);
    server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
      const url = `http://localhost:${info.port}`;
      ctx.logger.info(
        { database: runtime.database.kind, queue: ctx.queue.kind, model: ctx.agent.model.name },
        "ready",
      );
      console.log(`\n  Mailroom is running at ${url}\n`);
      if (demoLogins.length > 0) console.log(demoLoginLines(demoLogins));
      if (setupLink) {
        console.log(
          `  No admin can sign in yet. Open this link to set the password of ${setupLink.email} (valid 7 days):\n` +
            `    ${url}/invite/${setupLink.token}\n`,
        );
      }
    });
  }
  onShutdown(runtime, () => {
    for (const stop of stops) stop();
    server?.close();
  });
}

function demoLoginLines(logins: DemoLogin[]): string {
  const rows = logins.map((l) => `    ${l.role.padEnd(10)} ${l.email.padEnd(34)} ${l.password}`);
  return `  Demo logins (role, email, password):\n${rows.join("\n")}\n`;
}

function onShutdown(runtime: Runtime, stop: () => void) {
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    runtime.ctx.logger.info({ signal }, "shutting down");
    stop();
    await runtime.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

const mode = (process.argv[2] ?? "all") as Mode;
if (!["all", "server", "worker", "migrate"].includes(mode)) {
  console.error(`usage: main.ts [all|server|worker|migrate] (got "${mode}")`);
  process.exit(2);
}
main(mode).catch((error) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(78);
  }
  console.error(error);
  process.exit(1);
});
