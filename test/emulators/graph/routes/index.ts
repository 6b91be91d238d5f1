/**
 * Finds the Graph route for a path: `/{v1.0|beta}/me/…`, `/{v1.0|beta}/users/{id}/…` or
 * `/{v1.0|beta}/subscriptions…`. Paths are normalised first, as Graph reads them: `mailFolders('Inbox')` is
 * `mailFolders/Inbox`, and `microsoft.graph.delta` (the SDKs' spelling) is `delta`.
 */
import { badRequest } from "../wire.ts";
import type { Route, ServiceContext, UserContext } from "./context.ts";
import { delta } from "./delta.ts";
import { messageRoutes } from "./messages.ts";
import { replyRoutes } from "./replies.ts";
import { subscriptionRoutes } from "./subscriptions.ts";
import { userRoutes } from "./users.ts";

export type { GraphState, ServiceContext, UserContext } from "./context.ts";
export { resolveUser } from "./users.ts";

const deltaRoutes: Route<UserContext>[] = [
  { method: "GET", pattern: /^\/mailFolders\/(?<folder>[^/]+)\/messages\/delta$/i, handle: delta },
];

const userScoped: Route<UserContext>[] = [...deltaRoutes, ...replyRoutes, ...messageRoutes, ...userRoutes];

export type GraphPath =
  | { kind: "user"; version: string; userSegment: string; userPath: string; rest: string }
  | { kind: "service"; version: string; rest: string }
  | { kind: "invalid"; answer: ReturnType<typeof badRequest> };

export function graphPath(path: string): GraphPath | undefined {
  const versioned = /^\/(v1\.0|beta)(\/.*)?$/i.exec(path);
  if (!versioned) {
    const first = path.split("/")[1];
    return first && /^v\d/i.test(first)
      ? { kind: "invalid", answer: badRequest(`Invalid version: ${first}`) }
      : undefined;
  }
  const version = versioned[1] ?? "v1.0";
  const rest = normalise(versioned[2] ?? "");
  const user = /^\/(me|users\/([^/]+))(\/.*)?$/i.exec(rest);
  if (user) {
    const isMe = user[1]?.toLowerCase() === "me";
    const userSegment = isMe ? "me" : decodeURIComponent(user[2] ?? "");
    return {
      kind: "user",
      version,
      userSegment,
      userPath: isMe ? "me" : `users/${user[2]}`,
      rest: user[3] ?? "",
    };
  }
  return { kind: "service", version, rest };
}

function normalise(rest: string): string {
  return rest
    .replace(/\('([^']*)'\)/g, (_match, key: string) => `/${encodeURIComponent(decodeURIComponent(key))}`)
    .replace(/\/microsoft\.graph\./gi, "/");
}

export function findUserRoute(
  method: string,
  rest: string,
): { route: Route<UserContext>; params: Record<string, string> } | undefined {
  return find(userScoped, method, rest);
}

export function findServiceRoute(
  method: string,
  rest: string,
): { route: Route<ServiceContext>; params: Record<string, string> } | undefined {
  return find(subscriptionRoutes, method, rest);
}

function find<C>(
  routes: Route<C>[],
  method: string,
  rest: string,
): { route: Route<C>; params: Record<string, string> } | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(rest);
    if (!match) continue;
    const params: Record<string, string> = {};
    for (const [key, value] of Object.entries(match.groups ?? {})) {
      if (value !== undefined) params[key] = decodeURIComponent(value);
    }
    return { route, params };
  }
  return undefined;
}
