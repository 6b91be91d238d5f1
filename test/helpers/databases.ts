import { randomBytes } from "node:crypto";
import pg from "pg";
import { createDatabase, type DatabaseHandle } from "../../db/client.ts";
import { testPostgresUrl } from "./environment.ts";

export type DatabaseKind = "postgres" | "pglite";
export const databaseKinds: DatabaseKind[] = ["postgres", "pglite"];

export interface TestDatabase {
  handle: DatabaseHandle;
  url: string | undefined;
  /** Drop the database (Postgres) or close it (PGlite). */
  dispose(): Promise<void>;
}

/** A fresh, migrated database of the given kind, private to the calling suite. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === "pglite") {
    const handle = createDatabase({ dataDir: "memory://" });
    await handle.migrate();
    return { handle, url: undefined, dispose: () => handle.close() };
  }
  const name = `mailroom_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: testPostgresUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(testPostgresUrl);
  url.pathname = `/${name}`;
  const handle = createDatabase({ url: url.toString(), poolSize: 10 });
  await handle.migrate();
  return {
    handle,
    url: url.toString(),
    async dispose() {
      await handle.close();
      const drop = new pg.Client({ connectionString: testPostgresUrl });
      await drop.connect();
      await drop.query(`drop database if exists ${name} with (force)`);
      await drop.end();
    },
  };
}
