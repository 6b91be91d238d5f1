import { defineConfig } from "drizzle-kit";

// Migrations are generated from the schema and committed; the same files run on Postgres and PGlite.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
});
