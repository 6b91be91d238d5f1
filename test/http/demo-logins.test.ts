import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionView } from "../../server/api/types.ts";
import { ensureDemoLogins } from "../../server/seed/demo-logins.ts";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.ts";

describe("demo logins", () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await createTestRuntime({ database: "pglite", queue: "in-process", workers: false });
  });
  afterAll(() => rt.dispose());

  it("one per role, the same at every start, and each signs in with its role", async () => {
    const first = await ensureDemoLogins(rt.ctx);
    expect(first.map((l) => [l.role, l.email])).toEqual([
      ["agent", "agent@lumenandloom.example"],
      ["manager", "manager@lumenandloom.example"],
      ["logistics", "logistics@lumenandloom.example"],
      ["admin", "admin@lumenandloom.example"],
    ]);
    expect(await ensureDemoLogins(rt.ctx)).toEqual(first);
    expect(new Set(first.map((l) => l.password)).size).toBe(4);
    for (const login of first) {
      const res = await rt.app.request("/api/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: login.email, password: login.password }),
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as SessionView).user.role).toBe(login.role);
    }
  });
});
