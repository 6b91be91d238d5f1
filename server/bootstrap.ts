import { join } from "node:path";
import type { TriageModel } from "../agent/types.ts";
import { createDatabase, type DatabaseHandle } from "../db/client.ts";
import { buildAgent } from "./agent.ts";
import type { Config } from "./config.ts";
import type { AppContext } from "./context.ts";
import { createBullmqQueue } from "./jobs/bullmq.ts";
import { createInProcessQueue } from "./jobs/in-process.ts";
import type { JobQueue, QueueOptions } from "./jobs/queue.ts";
import { createLogger, type Logger } from "./logger.ts";
import { SecretBox } from "./secrets.ts";

export interface Runtime {
  ctx: AppContext;
  database: DatabaseHandle;
  close(): Promise<void>;
}

export interface RuntimeOverrides {
  clock?: () => Date;
  logger?: Logger;
  queue?: JobQueue;
  /** Queue option overrides for every queue (tests shorten backoff). */
  queueDefaults?: Partial<QueueOptions>;
  model?: TriageModel;
}

/** Build every service from configuration; the one place that picks implementations. */
export async function createRuntime(config: Config, overrides: RuntimeOverrides = {}): Promise<Runtime> {
  const logger =
    overrides.logger ??
    createLogger(config.logLevel, { pretty: config.env !== "production" && Boolean(process.stdout.isTTY) });
  const database = createDatabase({
    url: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : join(config.dataDir, "pglite"),
    poolSize: config.databasePoolSize,
  });
  await database.migrate();
  const queue =
    overrides.queue ??
    (config.redisUrl
      ? createBullmqQueue({
          redisUrl: config.redisUrl,
          prefix: config.queuePrefix,
          defaults: overrides.queueDefaults,
          logger,
        })
      : createInProcessQueue({ defaults: overrides.queueDefaults, logger }));
  const clock = overrides.clock ?? (() => new Date());
  const ctx: AppContext = {
    config,
    db: database.db,
    pingDatabase: () => database.ping(),
    queue,
    logger,
    clock,
    secrets: new SecretBox(config.secretKey, config.previousSecretKeys),
    agent: buildAgent(config, database.db, clock, overrides.model),
  };
  return {
    ctx,
    database,
    async close() {
      await queue.close(10_000);
      await database.close();
    },
  };
}
