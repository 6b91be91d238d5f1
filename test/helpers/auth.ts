import { randomBytes } from "node:crypto";
import type { Executor } from "../../db/client.ts";
import { type UserRole, users } from "../../db/schema/index.ts";
import type { AppContext } from "../../server/context.ts";
import { hashPassword } from "../../server/domain/auth/secrets.ts";
import { createSession } from "../../server/domain/auth/sessions.ts";
import { csrfHeader, sessionCookie } from "../../server/http/auth.ts";
import type { TestRuntime } from "./runtime.ts";

export interface TestUser {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  password: string;
}

/** A user with a random email and a known password; the database holds only its argon2 hash. */
export async function mintUser(
  db: Executor,
  role: UserRole,
  options: { email?: string; name?: string; password?: string } = {},
): Promise<TestUser> {
  const email = options.email ?? `${role}-${randomBytes(4).toString("hex")}@staff.example`;
  const name = options.name ?? `Test ${role}`;
  const password = options.password ?? `pw-${randomBytes(9).toString("base64url")}`;
  const [row] = await db
    .insert(users)
    .values({ email, name, role, passwordHash: await hashPassword(password) })
    .returning({ id: users.id });
  return { id: (row as { id: string }).id, email, name, role, password };
}

/** Requests against the app as one signed-in person: their session cookie, and the CSRF header on writes. */
export interface SignedInClient {
  user: TestUser;
  cookie: string;
  csrfToken: string;
  request(path: string, init?: RequestInit): Promise<Response>;
  get(path: string): Promise<Response>;
  post(path: string, body?: unknown): Promise<Response>;
  patch(path: string, body: unknown): Promise<Response>;
  put(path: string, body: unknown): Promise<Response>;
}

/** A new user of `role` with a session made by the same code sign-in uses (no password round per test). */
export async function signedInClient(
  rt: Pick<TestRuntime, "app" | "ctx">,
  role: UserRole,
  options: { user?: TestUser } = {},
): Promise<SignedInClient> {
  const user = options.user ?? (await mintUser(rt.ctx.db, role));
  const session = await createSession(rt.ctx, rt.ctx.db, { userId: user.id });
  return clientFor(rt, user, `${sessionCookie}=${session.token}`, session.csrfToken);
}

export function clientFor(
  rt: Pick<TestRuntime, "app">,
  user: TestUser,
  cookie: string,
  csrfToken: string,
): SignedInClient {
  const request = (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set("cookie", cookie);
    if (init.method && init.method !== "GET") headers.set(csrfHeader, csrfToken);
    return Promise.resolve(rt.app.request(path, { ...init, headers }));
  };
  const send = (method: string) => (path: string, body?: unknown) =>
    request(path, {
      method,
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body ?? {}),
    });
  return {
    user,
    cookie,
    csrfToken,
    request,
    get: (path) => request(path),
    post: send("POST"),
    patch: send("PATCH"),
    put: send("PUT"),
  };
}

/** The session cookie a response set, as a `cookie` request header value. */
export function sessionCookieFrom(response: Response): string | null {
  const match = new RegExp(`${sessionCookie}=([^;]+)`).exec(response.headers.get("set-cookie") ?? "");
  return match ? `${sessionCookie}=${match[1]}` : null;
}

/** Sign a context-free request in the same way the bench does: a session for an existing user. */
export async function sessionHeaders(ctx: AppContext, userId: string): Promise<Record<string, string>> {
  const session = await createSession(ctx, ctx.db, { userId });
  return { cookie: `${sessionCookie}=${session.token}`, [csrfHeader]: session.csrfToken };
}

const signedHeaders = new WeakMap<object, Map<UserRole, Promise<Record<string, string>>>>();

/**
 * `rt.app.request` as a signed-in person of `role` — minted once per runtime — with the session cookie
 * and the CSRF header, so a suite about something else can call the API the way the UI does.
 */
export function requestAs(runtime: () => Pick<TestRuntime, "app" | "ctx">, role: UserRole) {
  return async (path: string, init: RequestInit = {}): Promise<Response> => {
    const rt = runtime();
    let byRole = signedHeaders.get(rt);
    if (!byRole) {
      byRole = new Map();
      signedHeaders.set(rt, byRole);
    }
    let headers = byRole.get(role);
    if (!headers) {
      headers = mintUser(rt.ctx.db, role).then((user) => sessionHeaders(rt.ctx, user.id));
      byRole.set(role, headers);
    }
    const extra = Object.fromEntries(new Headers(init.headers));
    return rt.app.request(path, { ...init, headers: { ...(await headers), ...extra } });
  };
}
