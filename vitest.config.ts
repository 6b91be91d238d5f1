import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 90_000,
    hookTimeout: 60_000,
    // Suites share one Postgres server and one Redis; each creates its own database / key prefix.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
