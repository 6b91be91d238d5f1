import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type UserRole, userRoles } from "../../db/schema/index.ts";
import { newApp } from "../../server/http/app.ts";
import { csrfHeader, routeTable } from "../../server/http/auth.ts";
import { mintUser, signedInClient, type TestUser } from "../helpers/auth.ts";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.ts";

/**
 * The security table: every route the app registers, who may call it, and one request with the status
 * an allowed person gets. A route added without a row here fails the first test, so its roles are
 * always a decision someone wrote down.
 */
interface RouteCase {
  access: "public" | UserRole[];
  path: string;
  body?: unknown;
  /** What an allowed caller (anyone, for public routes) gets for this request. */
  status: number;
}

const uuid = () => randomUUID();
const token = () => randomBytes(32).toString("base64url");
const reviewers: UserRole[] = ["agent", "manager", "admin"];

const table: Record<string, RouteCase> = {
  "GET /healthz": { access: "public", path: "/healthz", status: 200 },
  "GET /readyz": { access: "public", path: "/readyz", status: 200 },
  "GET /api/demo": { access: "public", path: "/api/demo", status: 200 },
  "POST /api/auth/login": { access: "public", path: "/api/auth/login", body: {}, status: 400 },
  "POST /api/auth/logout": { access: [...userRoles], path: "/api/auth/logout", status: 204 },
  "GET /api/auth/me": { access: [...userRoles], path: "/api/auth/me", status: 200 },
  "GET /api/auth/invitations/:token": {
    access: "public",
    path: `/api/auth/invitations/${token()}`,
    status: 404,
  },
  "POST /api/auth/invitations/:token/accept": {
    access: "public",
    path: `/api/auth/invitations/${token()}/accept`,
    body: { name: "Nobody", password: "long enough password" },
    status: 404,
  },
  "GET /api/users": { access: ["admin"], path: "/api/users", status: 200 },
  "POST /api/users/invitations": {
    access: ["admin"],
    path: "/api/users/invitations",
    body: { email: "invitee@staff.example", role: "agent" },
    status: 201,
  },
  "PATCH /api/users/:id": {
    access: ["admin"],
    path: `/api/users/${uuid()}`,
    body: { role: "agent" },
    status: 404,
  },
  "GET /api/audit": { access: ["manager", "admin"], path: "/api/audit", status: 200 },
  "GET /api/review": { access: reviewers, path: "/api/review", status: 200 },
  "GET /api/review/events": { access: reviewers, path: "/api/review/events", status: 200 },
  "GET /api/review/:id": { access: reviewers, path: `/api/review/${uuid()}`, status: 404 },
  "POST /api/review/:id/approve": {
    access: reviewers,
    path: `/api/review/${uuid()}/approve`,
    body: {},
    status: 404,
  },
  "POST /api/review/:id/reject": {
    access: reviewers,
    path: `/api/review/${uuid()}/reject`,
    body: { reason: "not needed" },
    status: 404,
  },
  "POST /api/review/:id/assign": {
    access: reviewers,
    path: `/api/review/${uuid()}/assign`,
    body: { assigneeId: null },
    status: 404,
  },
  "POST /api/review/:id/snooze": {
    access: reviewers,
    path: `/api/review/${uuid()}/snooze`,
    body: { until: new Date(Date.now() + 3600_000).toISOString() },
    status: 404,
  },
  "POST /api/review/:id/close": {
    access: reviewers,
    path: `/api/review/${uuid()}/close`,
    body: {},
    status: 404,
  },
  "POST /api/review/:id/escalate": {
    access: reviewers,
    path: `/api/review/${uuid()}/escalate`,
    body: { reason: "needs a manager" },
    status: 404,
  },
  "POST /api/review/:id/notes": {
    access: reviewers,
    path: `/api/review/${uuid()}/notes`,
    body: { body: "a note" },
    status: 404,
  },
  "POST /api/review/:id/redraft": {
    access: reviewers,
    path: `/api/review/${uuid()}/redraft`,
    body: { presets: ["shorter"] },
    status: 404,
  },
  "POST /api/review/:id/forward": {
    access: reviewers,
    path: `/api/review/${uuid()}/forward`,
    body: { to: ["warehouse@shop.example"], note: "Please check the parcel" },
    status: 404,
  },
  "GET /api/conversations": { access: reviewers, path: "/api/conversations", status: 200 },
  "GET /api/conversations/:id": { access: reviewers, path: `/api/conversations/${uuid()}`, status: 404 },
  "GET /api/messages/:messageId/attachments/:attachmentId": {
    access: reviewers,
    path: `/api/messages/${uuid()}/attachments/${uuid()}`,
    status: 404,
  },
  "POST /api/sandbox/messages": {
    access: ["admin", "manager"],
    path: "/api/sandbox/messages",
    body: { from: "customer@example.com", subject: "Hello", text: "Where is my order?" },
    status: 202,
  },
  "GET /api/mailboxes": { access: ["manager", "admin"], path: "/api/mailboxes", status: 200 },
  "PUT /api/mailboxes/:id/signature": {
    access: ["manager", "admin"],
    path: `/api/mailboxes/${uuid()}/signature`,
    body: { text: "The team" },
    status: 404,
  },
  "POST /api/mailboxes/:id/pause": { access: ["admin"], path: `/api/mailboxes/${uuid()}/pause`, status: 404 },
  "POST /api/mailboxes/:id/resume": {
    access: ["admin"],
    path: `/api/mailboxes/${uuid()}/resume`,
    status: 404,
  },
  "DELETE /api/mailboxes/:id": { access: ["admin"], path: `/api/mailboxes/${uuid()}`, status: 404 },
  // No Google OAuth client is configured here: the admin is told what to set.
  "GET /api/mailboxes/gmail/authorize": {
    access: ["admin"],
    path: "/api/mailboxes/gmail/authorize",
    status: 422,
  },
  "GET /api/mailboxes/gmail/callback": {
    access: ["admin"],
    path: "/api/mailboxes/gmail/callback?error=access_denied",
    status: 302,
  },
  "GET /api/mailboxes/outlook/authorize": {
    access: ["admin"],
    path: "/api/mailboxes/outlook/authorize",
    status: 422,
  },
  "GET /api/mailboxes/outlook/callback": {
    access: ["admin"],
    path: "/api/mailboxes/outlook/callback?error=access_denied",
    status: 302,
  },
  "POST /api/mailboxes/outlook/app": {
    access: ["admin"],
    path: "/api/mailboxes/outlook/app",
    body: { address: "support@shop.example", displayName: "Support" },
    status: 422,
  },
  // Graph's validation handshake and notifications: public, trusted only with the subscription's clientState.
  "POST /webhooks/graph/notifications": {
    access: "public",
    path: "/webhooks/graph/notifications?validationToken=hello",
    status: 200,
  },
  "POST /webhooks/graph/lifecycle": {
    access: "public",
    path: "/webhooks/graph/lifecycle?validationToken=hello",
    status: 200,
  },
  "POST /api/mailboxes/gmail/service-account": {
    access: ["admin"],
    path: "/api/mailboxes/gmail/service-account",
    body: {},
    status: 400,
  },
  "GET /api/feeds": { access: ["logistics", "admin"], path: "/api/feeds", status: 200 },
  "POST /api/feeds": { access: ["logistics", "admin"], path: "/api/feeds", body: {}, status: 400 },
  "POST /api/feeds/preview": {
    access: ["logistics", "admin"],
    path: "/api/feeds/preview",
    body: {},
    status: 400,
  },
  "GET /api/feeds/:id": { access: ["logistics", "admin"], path: `/api/feeds/${uuid()}`, status: 404 },
  "GET /api/feeds/:id/secret": {
    access: ["logistics", "admin"],
    path: `/api/feeds/${uuid()}/secret`,
    status: 404,
  },
  "POST /api/feeds/:id/rotate-secret": {
    access: ["logistics", "admin"],
    path: `/api/feeds/${uuid()}/rotate-secret`,
    body: {},
    status: 404,
  },
  "PUT /api/feeds/:id/mapping": {
    access: ["logistics", "admin"],
    path: `/api/feeds/${uuid()}/mapping`,
    body: { mapping: { fields: {} } },
    status: 404,
  },
  "POST /api/feeds/:id/deliveries/:deliveryId/replay": {
    access: ["logistics", "admin"],
    path: `/api/feeds/${uuid()}/deliveries/${uuid()}/replay`,
    body: {},
    status: 404,
  },
  // Replaying an unknown feed's failed deliveries replays nothing.
  "POST /api/feeds/:id/replay": {
    access: ["logistics", "admin"],
    path: `/api/feeds/${uuid()}/replay`,
    body: {},
    status: 200,
  },
  "POST /api/imports/csv": {
    access: ["logistics", "admin"],
    path: "/api/imports/csv?kind=people",
    body: {},
    status: 400,
  },
  "GET /api/orders/:number": {
    access: ["agent", "manager", "logistics", "admin"],
    path: "/api/orders/NOPE-1",
    status: 404,
  },
  // Signed with the feed's own secret: without a known feed, 404.
  "POST /webhooks/feeds/:feedId": {
    access: "public",
    path: `/webhooks/feeds/${uuid()}`,
    body: {},
    status: 404,
  },
  // Signed by Pub/Sub's OIDC token, not a session: without one, refused.
  "POST /webhooks/gmail/push": { access: "public", path: "/webhooks/gmail/push", body: {}, status: 401 },
};

const cases = Object.entries(table).map(([key, c]) => ({ key, method: key.split(" ")[0] as string, ...c }));
const isUnsafe = (method: string) => !["GET", "HEAD", "OPTIONS"].includes(method);

describe("every route declares who may call it", () => {
  let rt: TestRuntime;
  const people = {} as Record<UserRole, TestUser>;

  beforeAll(async () => {
    rt = await createTestRuntime({ database: "pglite", queue: "in-process" });
    for (const role of userRoles) people[role] = await mintUser(rt.ctx.db, role);
  });
  afterAll(() => rt.dispose());

  const init = (method: string, body: unknown): RequestInit =>
    body === undefined && !isUnsafe(method)
      ? { method }
      : { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body ?? {}) };

  /** A fresh session per request: sign-out revokes the one it is called with. */
  const as = async (role: UserRole) => signedInClient(rt, role, { user: people[role] });

  it("the table covers exactly the registered routes, and each declares the roles the table says", () => {
    const registered = routeTable(rt.app).map((r) => ({
      key: `${r.method} ${r.path}`,
      access: r.access === null ? null : r.access.public ? "public" : [...r.access.roles].sort(),
    }));
    const written = cases.map((c) => ({
      key: c.key,
      access: c.access === "public" ? "public" : [...c.access].sort(),
    }));
    const byKey = (a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key);
    expect(registered.sort(byKey)).toEqual(written.sort(byKey));
  });

  describe.each(cases)("$key", ({ method, path, body, access, status }) => {
    if (access === "public") {
      it(`is open: anyone gets ${status}`, async () => {
        const res = await rt.app.request(path, init(method, body));
        expect(res.status).toBe(status);
      });
      return;
    }

    it("anonymous → 401 UNAUTHENTICATED as JSON {code, message, requestId}", async () => {
      const res = await rt.app.request(path, init(method, body));
      expect(res.status).toBe(401);
      const payload = await res.json();
      expect(payload).toMatchObject({ code: "UNAUTHENTICATED" });
      expect(payload.message).toBeTruthy();
      expect(payload.requestId).toBeTruthy();
    });

    it("a session that was revoked or never existed → 401", async () => {
      const res = await rt.app.request(path, {
        ...init(method, body),
        headers: { cookie: `mailroom_session=${token()}`, "content-type": "application/json" },
      });
      expect(res.status).toBe(401);
    });

    const refused = userRoles.filter((r) => !access.includes(r));
    if (refused.length > 0) {
      it.each(refused)("%s → 403 FORBIDDEN", async (role) => {
        const client = await as(role);
        const res = await client.request(path, init(method, body));
        expect(res.status).toBe(403);
        expect(await res.json()).toMatchObject({ code: "FORBIDDEN" });
      });
    }

    it.each(access)(`%s → ${status}`, async (role) => {
      const client = await as(role);
      const res = await client.request(path, init(method, body));
      expect(res.status).toBe(status);
    });

    if (isUnsafe(method)) {
      it("without the CSRF token, or with another session's, → 403 and nothing happens", async () => {
        const role = access[0] as UserRole;
        const client = await as(role);
        const other = await as(role);
        for (const csrf of [undefined, "", other.csrfToken]) {
          const headers: Record<string, string> = {
            cookie: client.cookie,
            "content-type": "application/json",
          };
          if (csrf !== undefined) headers[csrfHeader] = csrf;
          const res = await rt.app.request(path, { method, headers, body: JSON.stringify(body ?? {}) });
          expect(res.status).toBe(403);
          expect((await res.json()).message).toMatch(/CSRF/);
        }
        // The session still works: the refusal changed nothing.
        expect((await client.get("/api/auth/me")).status).toBe(200);
      });
    }
  });

  it("a route registered without allow(...) is refused at run time and shows in the table as undeclared", async () => {
    const app = newApp(rt.ctx);
    app.get("/api/forgotten", (c) => c.json({ secret: true }));
    expect(routeTable(app)).toEqual([{ method: "GET", path: "/api/forgotten", access: null }]);
    const res = await app.request("/api/forgotten");
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: "FORBIDDEN" });
  });
});
