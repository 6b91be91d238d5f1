import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "../../db/schema/index.ts";
import type { SessionView } from "../../server/api/types.ts";
import { csrfHeader } from "../../server/http/auth.ts";
import { mintUser, sessionCookieFrom, type TestUser } from "../helpers/auth.ts";
import { databaseKinds } from "../helpers/databases.ts";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.ts";

const hour = 3_600_000;

describe.each(databaseKinds)("signing in and out (%s)", (database) => {
  let rt: TestRuntime;
  let now = new Date("2026-11-20T09:00:00Z");
  let emma: TestUser;

  beforeAll(async () => {
    rt = await createTestRuntime({ database, queue: "in-process", workers: false, clock: () => now });
    emma = await mintUser(rt.ctx.db, "agent", { name: "Emma Agent" });
  });
  afterAll(() => rt.dispose());

  /** From a given address: the app reads the caller's IP from the Node socket, as @hono/node-server gives it. */
  const from = (ip: string) => ({ incoming: { socket: { remoteAddress: ip } } });
  const login = (email: string, password: string, ip = "192.0.2.10") =>
    rt.app.request(
      "/api/auth/login",
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email, password }),
      },
      from(ip),
    );
  const me = (cookie: string) => rt.app.request("/api/auth/me", { headers: { cookie } });
  const audit = (action: string, subjectId: string) =>
    rt.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, action), eq(auditEvents.subjectId, subjectId)));

  it("signs in: an httpOnly SameSite=Lax cookie, the CSRF token, and an audit entry naming the person", async () => {
    const res = await login(emma.email.toUpperCase(), emma.password);
    expect(res.status).toBe(200);
    const setCookie = res.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Path=\//);
    const body = (await res.json()) as SessionView;
    expect(body.user).toMatchObject({ id: emma.id, role: "agent", name: "Emma Agent" });
    expect(body.csrfToken.length).toBeGreaterThan(30);
    const cookie = sessionCookieFrom(res) as string;
    const who = (await (await me(cookie)).json()) as SessionView;
    expect(who).toEqual(body);
    const [event] = await audit("auth.login", emma.email);
    expect(event).toMatchObject({ actorType: "user", actor: emma.id, data: { ip: "192.0.2.10" } });
  });

  it("a wrong password or an unknown email: the same 401, and both are in the audit log", async () => {
    const wrong = await login(emma.email, "not the password");
    const unknown = await login("nobody@staff.example", "whatever it is");
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({
        code: "UNAUTHENTICATED",
        message: "the email or password is wrong, or the account is not active",
      });
      expect(res.headers.get("set-cookie")).toBeNull();
    }
    expect((await audit("auth.login_failed", emma.email))[0]?.reason).toBe("wrong_password");
    expect((await audit("auth.login_failed", "nobody@staff.example"))[0]?.reason).toBe("unknown_email");
    // Start the next test with a clean run of failures for Emma from this address.
    expect((await login(emma.email, emma.password)).status).toBe(200);
  });

  it("signing out ends the session on the server: the same cookie is refused afterwards", async () => {
    const res = await login(emma.email, emma.password);
    const cookie = sessionCookieFrom(res) as string;
    const { csrfToken } = (await res.json()) as SessionView;
    const out = await rt.app.request("/api/auth/logout", {
      method: "POST",
      headers: { cookie, [csrfHeader]: csrfToken },
    });
    expect(out.status).toBe(204);
    expect(out.headers.get("set-cookie")).toMatch(/mailroom_session=;/);
    expect((await me(cookie)).status).toBe(401);
    expect((await audit("auth.logout", emma.id)).length).toBeGreaterThan(0);
  });

  it("a session expires after a day unused, and after a week however much it is used", async () => {
    const idle = sessionCookieFrom(await login(emma.email, emma.password)) as string;
    const busy = sessionCookieFrom(await login(emma.email, emma.password)) as string;
    const start = now;
    try {
      now = new Date(start.getTime() + 20 * hour);
      expect((await me(idle)).status).toBe(200);
      expect((await me(busy)).status).toBe(200);
      now = new Date(start.getTime() + 35 * hour);
      expect((await me(busy)).status).toBe(200);
      now = new Date(start.getTime() + 45 * hour); // 25 h since the idle one was last used
      expect((await me(idle)).status).toBe(401);
      for (let h = 50; h < 7 * 24; h += 15) {
        now = new Date(start.getTime() + h * hour);
        expect((await me(busy)).status).toBe(200);
      }
      now = new Date(start.getTime() + 7 * 24 * hour + 1000);
      expect((await me(busy)).status).toBe(401);
    } finally {
      now = new Date(start.getTime() + 8 * 24 * hour);
    }
  });

  it("five failures for one email from one address lock it for 15 minutes (429 + Retry-After); other addresses are not locked", async () => {
    const ip = "198.51.100.7";
    for (let i = 0; i < 5; i++) expect((await login(emma.email, `wrong ${i}`, ip)).status).toBe(401);
    const locked = await login(emma.email, emma.password, ip);
    expect(locked.status).toBe(429);
    expect(locked.headers.get("retry-after")).toBe("900");
    expect(await locked.json()).toMatchObject({ code: "TOO_MANY_REQUESTS" });
    expect((await audit("auth.login_throttled", emma.email)).length).toBe(1);
    expect((await login(emma.email, emma.password, "198.51.100.8")).status).toBe(200);

    const lockedAt = now;
    now = new Date(lockedAt.getTime() + 10 * 60_000);
    const still = await login(emma.email, emma.password, ip);
    expect(still.status).toBe(429);
    expect(Number(still.headers.get("retry-after"))).toBe(300);
    now = new Date(lockedAt.getTime() + 15 * 60_000 + 1000);
    expect((await login(emma.email, emma.password, ip)).status).toBe(200);
  });

  it("a deactivated person cannot sign in, and their open sessions stop working", async () => {
    const zoe = await mintUser(rt.ctx.db, "logistics");
    const adminUser = await mintUser(rt.ctx.db, "admin");
    const zoeCookie = sessionCookieFrom(await login(zoe.email, zoe.password)) as string;
    const adminRes = await login(adminUser.email, adminUser.password);
    const adminCookie = sessionCookieFrom(adminRes) as string;
    const { csrfToken } = (await adminRes.json()) as SessionView;
    const off = await rt.app.request(`/api/users/${zoe.id}`, {
      method: "PATCH",
      headers: { cookie: adminCookie, [csrfHeader]: csrfToken, "content-type": "application/json" },
      body: JSON.stringify({ active: false }),
    });
    expect(off.status).toBe(200);
    expect((await me(zoeCookie)).status).toBe(401);
    expect((await login(zoe.email, zoe.password)).status).toBe(401);
    expect((await audit("auth.login_failed", zoe.email))[0]?.reason).toBe("deactivated");
    const [event] = await audit("user.deactivated", zoe.id);
    expect(event).toMatchObject({ actorType: "user", actor: adminUser.id });
  });
});
