import type { TriageAgent } from "../agent/pipeline.ts";
import type { Database, Executor } from "../db/client.ts";
import type { GraphMiddleware, MsalNetwork } from "../integrations/mail/outlook/index.ts";
import type { Config } from "./config.ts";
import type { JobQueue } from "./jobs/queue.ts";
import type { Logger } from "./logger.ts";
import type { SecretBox } from "./secrets.ts";

/**
 * The services every verb, route and job works with, built once at start-up and handed down
 * (STYLE.md: handlers import no singletons). Tests build their own.
 */
export interface AppContext {
  config: Config;
  db: Database;
  /** Whether the database answers (for /readyz). */
  pingDatabase(): Promise<boolean>;
  queue: JobQueue;
  logger: Logger;
  clock: () => Date;
  /** Seals and opens secrets stored in the database (invariant 6). */
  secrets: SecretBox;
  /** The triage agent as configured (model engine, policy, tone). */
  agent: TriageAgent;
  /**
   * Test seam, unset in production: the last network hop of the Graph SDK and MSAL, which talk only to
   * HTTPS hosts, so tests reach the Graph emulator while the configured cloud's URLs stay in place.
   */
  mailTransport?: { graphMiddleware?: GraphMiddleware[]; msalNetwork?: MsalNetwork };
}

/** Run `fn` in a transaction, or inside the caller's when there is one, so verbs compose. */
export async function withTransaction<T>(db: Executor, fn: (tx: Executor) => Promise<T>): Promise<T> {
  if (isTransaction(db)) return fn(db);
  return (db as Database).transaction((tx) => fn(tx));
}

function isTransaction(db: Executor): boolean {
  return "rollback" in db;
}
