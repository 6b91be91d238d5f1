import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { TriageModel } from "../../agent/types.ts";
import { buildAgent } from "../../server/agent.ts";
import { loadConfig } from "../../server/config.ts";
import type { AppContext } from "../../server/context.ts";
import { ensureSandboxMailbox } from "../../server/domain/mail/ensure-sandbox-mailbox.ts";
import { newApp } from "../../server/http/app.ts";
import { createBullmqQueue } from "../../server/jobs/bullmq.ts";
import { queues } from "../../server/jobs/enqueue.ts";
import { createInProcessQueue } from "../../server/jobs/in-process.ts";
import { startWorkers } from "../../server/jobs/processors.ts";
import type { JobQueue } from "../../server/jobs/queue.ts";
import { createLogger } from "../../server/logger.ts";
import { registerRoutes } from "../../server/routes/index.ts";
import { SecretBox } from "../../server/secrets.ts";
import { createTestDatabase, type DatabaseKind, type TestDatabase } from "./databases.ts";
import { testRedisUrl } from "./environment.ts";
import { deleteRedisKeys } from "./redis.ts";
import { waitFor } from "./wait.ts";

export type QueueKind = "bullmq" | "in-process";

export interface TestRuntime {
  ctx: AppContext;
  database: TestDatabase;
  mailboxId: string;
  /** The BullMQ key prefix, so a worker process can be pointed at this runtime's queues. */
  queuePrefix: string;
  app: ReturnType<typeof newApp>;
  /** With `listen`: where the app answers over HTTP (also `MAILROOM_PUBLIC_URL`). */
  url: string | null;
  /** Wait until every queue is empty and nothing is active. */
  settle(timeoutMs?: number): Promise<void>;
  dispose(): Promise<void>;
}

export interface TestRuntimeOptions {
  database: DatabaseKind;
  queue?: QueueKind;
  clock?: () => Date;
  model?: TriageModel;
  /** Start the workers (default true). */
  workers?: boolean;
  /** Extra configuration, as environment variables (e.g. an emulator's URL). */
  env?: Record<string, string>;
  /** The provider SDKs' last network hop (the Graph emulator's transport and MSAL network). */
  mailTransport?: AppContext["mailTransport"];
  /**
   * Serve the app on a random local port and make that the public URL, so providers (emulators) can call
   * its webhooks.
   */
  listen?: boolean;
}

/** A whole Mailroom — database, queue, agent, workers, HTTP app — private to one suite. */
export async function createTestRuntime(options: TestRuntimeOptions): Promise<TestRuntime> {
  // The server starts first (its port is the public URL); requests wait for the app built below.
  let app: ReturnType<typeof newApp> | null = null;
  const server = options.listen
    ? await new Promise<ReturnType<typeof serve>>((resolve) => {
        const started = serve(
          {
            // Node's request rides along (env), as when @hono/node-server serves the app in production.
            fetch: (request, env) =>
              app ? app.fetch(request, env) : new Response("starting", { status: 503 }),
            port: 0,
            hostname: "127.0.0.1",
          },
          () => resolve(started),
        );
      })
    : null;
  const url = server ? `http://127.0.0.1:${(server.address() as AddressInfo).port}` : null;
  const database = await createTestDatabase(options.database);
  const config = loadConfig({
    NODE_ENV: "test",
    DATA_DIR: "/tmp/mailroom-test",
    MAILROOM_DEMO: "false",
    ...(url ? { MAILROOM_PUBLIC_URL: url } : {}),
    ...options.env,
  });
  const logger = createLogger("silent");
  const queueDefaults = { backoffMs: 20, attempts: 3 };
  const queuePrefix = `mrtest${randomBytes(4).toString("hex")}`;
  const queue: JobQueue =
    options.queue === "bullmq"
      ? createBullmqQueue({
          redisUrl: testRedisUrl,
          prefix: queuePrefix,
          defaults: queueDefaults,
          logger,
        })
      : createInProcessQueue({ defaults: queueDefaults, logger });
  const clock = options.clock ?? (() => new Date());
  const ctx: AppContext = {
    config,
    db: database.handle.db,
    pingDatabase: () => database.handle.ping(),
    queue,
    logger,
    clock,
    secrets: new SecretBox(config.secretKey, config.previousSecretKeys),
    agent: buildAgent(config, database.handle.db, clock, options.model),
    ...(options.mailTransport ? { mailTransport: options.mailTransport } : {}),
  };
  if (options.workers !== false) startWorkers(ctx);
  const mailboxId = await ensureSandboxMailbox(ctx.db, config.store.supportAddress, "Test Support");
  const built = newApp(ctx);
  registerRoutes(built);
  app = built;
  return {
    ctx,
    database,
    mailboxId,
    queuePrefix,
    app: built,
    url,
    async settle(timeoutMs = 20_000) {
      await waitFor(
        async () => {
          for (const name of Object.values(queues)) {
            const c = await queue.counts(name);
            if (c.waiting + c.active + c.delayed > 0) return false;
          }
          return true;
        },
        timeoutMs,
        "the job queues to drain",
      );
    },
    async dispose() {
      await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
      await queue.close(5_000);
      if (options.queue === "bullmq") await deleteRedisKeys(`${queuePrefix}:*`);
      await database.dispose();
    },
  };
}
