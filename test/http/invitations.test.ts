import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "../../db/schema/index.ts";
import type {
  AuditListResponse,
  InvitationIssued,
  InvitationView,
  SessionView,
  UserListResponse,
} from "../../server/api/types.ts";
import { issueSetupLinkIfNoAdmin } from "../../server/domain/auth/setup-link.ts";
import { clientFor, type SignedInClient, sessionCookieFrom, signedInClient } from "../helpers/auth.ts";
import { databaseKinds } from "../helpers/databases.ts";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.ts";

describe.each(databaseKinds)("invitations, roles and the audit log (%s)", (database) => {
  let rt: TestRuntime;
  let now = new Date("2026-11-20T09:00:00Z");
  let admin: SignedInClient;

  beforeAll(async () => {
    rt = await createTestRuntime({ database, queue: "in-process", workers: false, clock: () => now });
  });
  afterAll(() => rt.dispose());

  const accept = (path: string, body: unknown) =>
    rt.app.request(`/api${path.replace("/invite/", "/auth/invitations/")}/accept`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const invitationOf = (path: string) =>
    rt.app.request(`/api${path.replace("/invite/", "/auth/invitations/")}`);

  it("first start: nobody can sign in, so a setup link for the admin email is issued; once used, no more", async () => {
    const link = await issueSetupLinkIfNoAdmin(rt.ctx);
    expect(link).toMatchObject({ email: "admin@lumenandloom.example", role: "admin" });
    const res = await accept(`/invite/${link?.token}`, {
      name: "Ada Admin",
      password: "correct horse battery",
    });
    expect(res.status).toBe(201);
    const session = (await res.json()) as SessionView;
    expect(session.user.role).toBe("admin");
    admin = clientFor(
      rt,
      { ...session.user, password: "correct horse battery" },
      sessionCookieFrom(res) as string,
      session.csrfToken,
    );
    expect(await issueSetupLinkIfNoAdmin(rt.ctx)).toBeNull();
  });

  it("an admin invites by link; the invitee sees email and role, sets a password and is signed in with that role", async () => {
    const res = await admin.post("/api/users/invitations", { email: "Lou@Staff.example", role: "logistics" });
    expect(res.status).toBe(201);
    const issued = (await res.json()) as InvitationIssued;
    expect(issued).toMatchObject({ email: "lou@staff.example", role: "logistics" });
    expect(issued.path).toMatch(/^\/invite\/[\w-]{40,}$/);

    const offer = (await (await invitationOf(issued.path)).json()) as InvitationView;
    expect(offer).toMatchObject({ email: "lou@staff.example", role: "logistics" });

    const short = await accept(issued.path, { name: "Lou", password: "short" });
    expect(short.status).toBe(400);
    expect((await short.json()).message).toMatch(/password: use at least 10 characters/);

    const ok = await accept(issued.path, { name: "Lou Logistics", password: "a long enough secret" });
    expect(ok.status).toBe(201);
    const lou = (await ok.json()) as SessionView;
    expect(lou.user).toMatchObject({ email: "lou@staff.example", role: "logistics", name: "Lou Logistics" });
    const me = await rt.app.request("/api/auth/me", { headers: { cookie: sessionCookieFrom(ok) as string } });
    expect(((await me.json()) as SessionView).user.id).toBe(lou.user.id);

    // A link works once.
    expect((await accept(issued.path, { name: "Eve", password: "another long secret" })).status).toBe(404);
    expect((await invitationOf(issued.path)).status).toBe(404);
    // Someone with an account is not invited again.
    const again = await admin.post("/api/users/invitations", { email: "lou@staff.example", role: "agent" });
    expect(again.status).toBe(409);

    const events = await rt.ctx.db.select().from(auditEvents).where(eq(auditEvents.subjectId, issued.id));
    expect(events).toMatchObject([{ action: "user.invited", actorType: "user", actor: admin.user.id }]);
  });

  it("a new link for the same email replaces the old one, and a link expires after a week", async () => {
    const first = (await (
      await admin.post("/api/users/invitations", { email: "sam@staff.example", role: "agent" })
    ).json()) as InvitationIssued;
    const second = (await (
      await admin.post("/api/users/invitations", { email: "sam@staff.example", role: "manager" })
    ).json()) as InvitationIssued;
    expect((await invitationOf(first.path)).status).toBe(404);
    const pending = (await (await admin.get("/api/users")).json()) as UserListResponse;
    expect(pending.invitations.filter((i) => i.email === "sam@staff.example")).toMatchObject([
      { role: "manager" },
    ]);
    const start = now;
    now = new Date(start.getTime() + 7 * 24 * 3_600_000 + 1000);
    expect((await accept(second.path, { name: "Sam", password: "a long enough secret" })).status).toBe(404);
    now = start;
  });

  it("a role change takes effect on open sessions at once, and is audited with before and after", async () => {
    const agent = await signedInClient(rt, "logistics");
    expect((await agent.get("/api/review")).status).toBe(403);
    const res = await admin.patch(`/api/users/${agent.user.id}`, { role: "agent" });
    expect(res.status).toBe(200);
    expect((await agent.get("/api/review")).status).toBe(200);
    const [event] = await rt.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "user.role_changed"), eq(auditEvents.subjectId, agent.user.id)));
    expect(event).toMatchObject({ actor: admin.user.id, data: { from: "logistics", to: "agent" } });
    expect((await admin.patch(`/api/users/${agent.user.id}`, {})).status).toBe(422);
  });

  it("the last active admin cannot be demoted or deactivated", async () => {
    const demote = await admin.patch(`/api/users/${admin.user.id}`, { role: "manager" });
    expect(demote.status).toBe(409);
    expect((await demote.json()).message).toMatch(/at least one active admin/);
    expect((await admin.patch(`/api/users/${admin.user.id}`, { active: false })).status).toBe(409);
  });

  describe("the audit log API", () => {
    const list = async (query: string) =>
      (await (await admin.get(`/api/audit${query}`)).json()) as AuditListResponse;

    it("filters by actor, action (or an action prefix), subject and time, newest first, with the person's name", async () => {
      const mine = await list(`?actor=${admin.user.id}`);
      expect(mine.events.length).toBeGreaterThanOrEqual(4);
      expect(mine.events.every((e) => e.actor === admin.user.id && e.actorName === "Ada Admin")).toBe(true);
      const times = mine.events.map((e) => e.at);
      expect([...times].sort().reverse()).toEqual(times);

      const invites = await list("?action=user.invited");
      expect(invites.events.map((e) => e.action)).toEqual([
        "user.invited",
        "user.invited",
        "user.invited",
        "user.invited",
      ]);
      const userEvents = await list("?action=user.");
      expect(new Set(userEvents.events.map((e) => e.action))).toEqual(
        new Set(["user.invited", "user.invitation_accepted", "user.role_changed"]),
      );

      const lou = invites.events.find((e) => e.data.email === "lou@staff.example");
      const bySubject = await list(`?subjectType=invitation&subjectId=${lou?.subjectId}`);
      expect(bySubject.events).toHaveLength(1);

      expect((await list(`?to=${encodeURIComponent("2000-01-01T00:00:00Z")}`)).events).toEqual([]);
      const inWindow = await list(
        `?from=${encodeURIComponent(new Date(now.getTime() - 1000).toISOString())}&to=${encodeURIComponent(new Date(now.getTime() + 1000).toISOString())}&action=user.invited`,
      );
      expect(inWindow.events).toHaveLength(4);
    });

    it("pages with a cursor without skipping or repeating an event", async () => {
      const all = await list("?limit=200");
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: AuditListResponse = await list(`?limit=3${cursor ? `&before=${cursor}` : ""}`);
        expect(page.events.length).toBeLessThanOrEqual(3);
        seen.push(...page.events.map((e) => e.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all.events.map((e) => e.id));
      expect(seen.length).toBeGreaterThan(6);
    });

    it("a bad filter is a 400 naming it", async () => {
      const res = await admin.get("/api/audit?before=garbage&from=yesterday");
      expect(res.status).toBe(400);
      const { message } = await res.json();
      expect(message).toMatch(/from/);
      expect(message).toMatch(/before: not a cursor/);
    });
  });
});
