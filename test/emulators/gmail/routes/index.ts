/**
 * Finds the Gmail route for a path: `/gmail/v1/users/{userId}/…` or `/upload/gmail/v1/users/{userId}/…`.
 * `{userId}` is `me` or the token owner's own address; any other address is refused as Gmail refuses it
 * (delegation granted in the Gmail UI does not carry over to the API).
 */
import { type Answer, googleError } from "../wire.ts";
import type { GmailRoute } from "./context.ts";
import { historyRoutes } from "./history.ts";
import { messageRoutes } from "./messages.ts";
import { sendRoutes } from "./send.ts";
import { userRoutes } from "./users.ts";

export type { RouteContext } from "./context.ts";

const routes: GmailRoute[] = [...messageRoutes, ...sendRoutes, ...historyRoutes, ...userRoutes];

export interface GmailPath {
  userId: string;
  upload: boolean;
  /** The part after `/users/{userId}`. */
  rest: string;
}

export function gmailPath(path: string): GmailPath | undefined {
  const match = /^\/(upload\/)?gmail\/v1\/users\/([^/]+)(\/.*)$/.exec(path);
  if (!match) return undefined;
  return { userId: decodeURIComponent(match[2] ?? ""), upload: Boolean(match[1]), rest: match[3] ?? "" };
}

export function findRoute(
  method: string,
  path: GmailPath,
): { route: GmailRoute; params: Record<string, string> } | undefined {
  for (const route of routes) {
    if (route.method !== method || Boolean(route.upload) !== path.upload) continue;
    const match = route.pattern.exec(path.rest);
    if (match) return { route, params: { ...match.groups } };
  }
  return undefined;
}

/** The mailbox address a request acts on, or the 403 Gmail gives for someone else's. */
export function resolveUser(userId: string, tokenOwner: string): string | Answer {
  if (userId === "me" || userId.toLowerCase() === tokenOwner) return tokenOwner;
  return googleError(403, `Delegation denied for ${tokenOwner}`, { reason: "forbidden" });
}
