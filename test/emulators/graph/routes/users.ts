/**
 * Whose mailbox a path names: `me` (delegated tokens only) or `users/{id | userPrincipalName}`. An app-only
 * token reaches every mailbox of the tenant (what application `Mail.*` permissions grant, unless Exchange
 * RBAC for Applications scopes it); a delegated token only the signed-in user's own.
 */
import type * as Graph from "@microsoft/microsoft-graph-types";
import type { Principal } from "../identity.ts";
import type { Mailbox } from "../mailbox.ts";
import { type Answer, badRequest, GRAPH_JSON, graphError, type OData } from "../wire.ts";
import type { GraphState, Route, UserContext } from "./context.ts";

export function resolveUser(
  state: GraphState,
  principal: Principal,
  segment: string,
): { ok: true; mailbox: Mailbox } | { ok: false; answer: Answer } {
  if (segment === "me") {
    if (principal.kind === "app") {
      return {
        ok: false,
        answer: badRequest("/me request is only valid with delegated authentication flow."),
      };
    }
    const own = state.mailbox(principal.address);
    if (!own) throw new Error(`emulator: no mailbox for ${principal.address}`);
    return { ok: true, mailbox: own };
  }
  const mailbox = state.mailbox(segment);
  if (!mailbox) {
    return {
      ok: false,
      answer: graphError(404, "ErrorInvalidUser", `The requested user '${segment}' is invalid.`),
    };
  }
  if (principal.kind === "user" && principal.address !== mailbox.address) {
    return {
      ok: false,
      answer: graphError(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again."),
    };
  }
  return { ok: true, mailbox };
}

function user(context: UserContext): Answer {
  const { mailbox } = context;
  return {
    status: 200,
    body: {
      "@odata.context": `${context.serviceRoot}/$metadata#users/$entity`,
      id: mailbox.userId,
      userPrincipalName: mailbox.address,
      mail: mailbox.address,
      displayName: mailbox.address.split("@")[0],
    } satisfies OData<Graph.User>,
    headers: { "content-type": GRAPH_JSON },
  };
}

export const userRoutes: Route<UserContext>[] = [{ method: "GET", pattern: /^$/, handle: user }];
