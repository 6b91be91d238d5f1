import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import { migrate as migrateNodePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import * as schema from "./schema/index.ts";

export type Schema = typeof schema;
/** Both drivers share drizzle's Postgres core, so the whole app is written once against this type. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Query functions take either the database or an open transaction. */
export type Executor = Database | Transaction;

/** The rows of a raw `execute(sql…)`: node-postgres answers `{rows}`, PGlite's driver the same or an array. */
export function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []);
}

export interface DatabaseHandle {
  db: Database;
  kind: "postgres" | "pglite";
  /** True when the database answers a trivial query. */
  ping(): Promise<boolean>;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

// Relative to this folder's parent, so the path holds here and in the production bundle (dist/).
const migrationsFolder = fileURLToPath(new URL("../db/migrations", import.meta.url));

export interface DatabaseOptions {
  /** postgres://… — when absent, an embedded PGlite database is used. */
  url?: string | undefined;
  /** Where PGlite keeps its files; "memory://" for a throwaway database. */
  dataDir?: string | undefined;
  poolSize?: number | undefined;
}

export function createDatabase(options: DatabaseOptions): DatabaseHandle {
  if (options.url) return createPostgres(options.url, options.poolSize ?? 10);
  return createPglite(options.dataDir ?? "memory://");
}

function createPostgres(url: string, poolSize: number): DatabaseHandle {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client's error (e.g. the server restarting) must not crash the process; the pool replaces it.
  pool.on("error", () => {});
  const db = drizzleNodePg({ client: pool, schema }) as unknown as Database;
  return {
    db,
    kind: "postgres",
    ping: () => ping(() => pool.query("select 1")),
    migrate: () => migrateNodePg(drizzleNodePg({ client: pool, schema }), { migrationsFolder }),
    close: () => pool.end(),
  };
}

function createPglite(dataDir: string): DatabaseHandle {
  if (!dataDir.startsWith("memory://")) mkdirSync(dataDir, { recursive: true });
  // The queue's search index needs pg_trgm; PGlite can only CREATE EXTENSION what it was started with.
  const client = new PGlite(dataDir, { extensions: { pg_trgm } });
  const db = drizzlePglite({ client, schema }) as unknown as Database;
  return {
    db,
    kind: "pglite",
    ping: () => ping(() => client.query("select 1")),
    migrate: () => migratePglite(drizzlePglite({ client, schema }), { migrationsFolder }),
    close: () => client.close(),
  };
}

async function ping(query: () => Promise<unknown>): Promise<boolean> {
  try {
    await query();
    return true;
  } catch {
    return false;
  }
}

export { schema };
