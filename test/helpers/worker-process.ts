import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { testRedisUrl } from "./environment.ts";
import type { TestRuntime } from "./runtime.ts";
import { waitFor } from "./wait.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** `npm run build:server`: the bundle `npm run worker` runs in production. */
export function buildServerBundle(): void {
  execFileSync("npm", ["run", "build:server", "--silent"], { cwd: root, stdio: "inherit" });
}

/** A `worker` process of the compiled bundle on this runtime's database and queues, plus `env`. */
export function startWorkerProcess(rt: TestRuntime, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [join(root, "dist/mailroom.mjs"), "worker"], {
    env: {
      ...process.env,
      DATABASE_URL: rt.database.url,
      REDIS_URL: testRedisUrl,
      MAILROOM_QUEUE_PREFIX: rt.queuePrefix,
      MAILROOM_DEMO: "false",
      // Secrets were sealed by the test process: the worker must open them with the same key.
      MAILROOM_SECRET_KEY: rt.ctx.config.secretKey.toString("base64"),
      DATA_DIR: join(tmpdir(), "mailroom-worker-process"),
      LOG_LEVEL: "error",
      ...env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

/** SIGKILL (no shutdown hook runs) once `request` has reached the provider and while it is unanswered. */
export async function killDuring(
  child: ChildProcess,
  request: () => { status?: number } | undefined,
  what: string,
): Promise<void> {
  await waitFor(() => request() !== undefined, 180_000, what);
  expect(request()?.status, `${what}: still unanswered when the worker dies`).toBeUndefined();
  child.kill("SIGKILL");
  await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)));
  expect(child.signalCode).toBe("SIGKILL");
}

export function killAll(children: ChildProcess[]): void {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}
