import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../server/config.ts";

const base = { DATA_DIR: "/tmp/mailroom-config-test" };

describe("configuration", () => {
  it("runs on embedded defaults: PGlite, in-process jobs, demo on, a generated key", () => {
    const config = loadConfig(base);
    expect(config).toMatchObject({ port: 3000, databaseUrl: undefined, redisUrl: undefined, demo: true });
    expect(config.secretKey).toHaveLength(32);
    expect(config.secretKeyGenerated).toBe(true);
  });

  it.each([
    [{ PORT: "http" }, "PORT"],
    [{ DATABASE_URL: "mysql://db/x" }, "DATABASE_URL"],
    [{ REDIS_URL: "localhost:6379" }, "REDIS_URL"],
    [{ MAILROOM_SECRET_KEY: "too-short" }, "MAILROOM_SECRET_KEY"],
    [{ MAILROOM_MODEL: "anthropic" }, "ANTHROPIC_API_KEY"],
    [{ MAILROOM_AUTO_SEND_MIN_CONFIDENCE: "2" }, "MAILROOM_AUTO_SEND_MIN_CONFIDENCE"],
  ])("%j stops start-up naming %s", (env, name) => {
    expect(() => loadConfig({ ...base, ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, ...env })).toThrow(name);
  });

  it("requires a real key in production outside the demo", () => {
    expect(() =>
      loadConfig({
        ...base,
        NODE_ENV: "production",
        DATABASE_URL: "postgres://db/x",
        MAILROOM_DEMO: "false",
      }),
    ).toThrow("MAILROOM_SECRET_KEY");
    const key = Buffer.alloc(32, 7).toString("base64");
    const config = loadConfig({
      ...base,
      NODE_ENV: "production",
      DATABASE_URL: "postgres://db/x",
      MAILROOM_SECRET_KEY: key,
    });
    expect(config.secretKeyGenerated).toBe(false);
    expect(config.demo).toBe(false);
  });
});
