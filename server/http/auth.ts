import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context, Hono, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { matchedRoutes } from "hono/route";
import { type UserRole, userRoles } from "../../db/schema/index.ts";
import { sameToken } from "../domain/auth/secrets.ts";
import { type NewSession, resolveSession } from "../domain/auth/sessions.ts";
import type { AppEnv } from "./env.ts";
import { ApiError } from "./errors.ts";

export const sessionCookie = "mailroom_session";
export const csrfHeader = "x-csrf-token";

/** Who may call a route: anyone, or a signed-in person with one of the roles. */
export type RouteAccess = { public: true } | { public: false; roles: readonly UserRole[] };

const declared = new WeakMap<MiddlewareHandler<AppEnv>, RouteAccess>();
const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Every route's first middleware: `allow("agent", "manager")`. Anonymous → 401 UNAUTHENTICATED, another
 * role → 403 FORBIDDEN; the person is on `c.var.user` after it.
 *
 * CSRF: the session cookie is SameSite=Lax, so other sites' POSTs do not carry it in today's browsers,
 * and on top of that every unsafe request must send the session's own token in `x-csrf-token` (returned
 * by sign-in and /api/auth/me, kept server-side in the session). A page elsewhere can neither read that
 * token nor set a custom header without a CORS preflight we never grant — and unlike an Origin check
 * alone it does not depend on proxies passing Origin through or on the browser's cookie defaults.
 */
export function allow(...roles: UserRole[]): MiddlewareHandler<AppEnv> {
  if (roles.length === 0)
    throw new Error("allow() needs at least one role; use allow.public() for open routes");
  const middleware: MiddlewareHandler<AppEnv> = async (c, next) => {
    const token = getCookie(c, sessionCookie);
    const session = token ? await resolveSession(c.var.ctx, token) : null;
    if (!session) throw new ApiError("UNAUTHENTICATED", "sign in first: no valid session");
    if (!safeMethods.has(c.req.method) && !sameToken(c.req.header(csrfHeader) ?? "", session.csrfToken)) {
      throw new ApiError("FORBIDDEN", `missing or wrong ${csrfHeader} header (CSRF protection)`);
    }
    if (!roles.includes(session.user.role)) {
      throw new ApiError(
        "FORBIDDEN",
        `this needs the role ${roles.join(" or ")}; you are ${session.user.role}`,
      );
    }
    c.set("user", session.user);
    c.set("sessionId", session.id);
    await next();
  };
  declared.set(middleware, { public: false, roles });
  return middleware;
}

/** Open to anyone: health checks, sign-in, invitation links, signed webhooks. */
allow.public = (): MiddlewareHandler<AppEnv> => {
  const middleware: MiddlewareHandler<AppEnv> = (_c, next) => next();
  declared.set(middleware, { public: true });
  return middleware;
};

/** Any signed-in person, whatever their role. */
allow.signedIn = (): MiddlewareHandler<AppEnv> => allow(...userRoles);

export interface DeclaredRoute {
  method: string;
  path: string;
  access: RouteAccess | null;
}

/** Every endpoint of the app with the access it declares (null: none — a defect). */
export function routeTable(app: Hono<AppEnv>): DeclaredRoute[] {
  const byKey = new Map<string, DeclaredRoute>();
  for (const route of app.routes) {
    if (route.method === "ALL" || route.path.endsWith("*")) continue;
    const key = `${route.method} ${route.path}`;
    const entry = byKey.get(key) ?? { method: route.method, path: route.path, access: null };
    entry.access ??= declared.get(route.handler as MiddlewareHandler<AppEnv>) ?? null;
    byKey.set(key, entry);
  }
  return [...byKey.values()];
}

/**
 * Installed by newApp: a request that reaches an endpoint without `allow(...)` is refused (and logged)
 * instead of served to anyone — forgetting the declaration fails closed.
 */
export const requireDeclaredAccess: MiddlewareHandler<AppEnv> = async (c, next) => {
  const endpoints = matchedRoutes(c).filter((r) => r.method !== "ALL" && !r.path.endsWith("*"));
  if (endpoints.length > 0 && !endpoints.some((r) => declared.has(r.handler as MiddlewareHandler<AppEnv>))) {
    c.var.ctx.logger.error({ path: c.req.path, method: c.req.method }, "route declares no roles: refused");
    throw new ApiError("FORBIDDEN", "this route declares no roles, so nobody may call it");
  }
  await next();
};

export function setSessionCookie(c: Context<AppEnv>, session: NewSession): void {
  setCookie(c, sessionCookie, session.token, {
    httpOnly: true,
    sameSite: "Lax",
    secure: isHttps(c),
    path: "/",
    expires: session.expiresAt,
  });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, sessionCookie, { path: "/", secure: isHttps(c) });
}

function isHttps(c: Context<AppEnv>): boolean {
  return new URL(c.req.url).protocol === "https:" || c.req.header("x-forwarded-proto") === "https";
}

/** The caller's address (the socket's; requests made in-process have none) and user agent. */
export function requestClient(c: Context<AppEnv>): { ip: string; userAgent: string | null } {
  let ip = "unknown";
  try {
    ip = getConnInfo(c).remote.address ?? "unknown";
  } catch {
    // app.request() in tests and other in-process callers have no socket.
  }
  return { ip, userAgent: c.req.header("user-agent") ?? null };
}
