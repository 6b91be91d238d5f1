/**
 * `/subscriptions`: create (resource `me|users/{id}` + `/messages` or `/mailFolders/{folder}/messages`,
 * with the validation handshake against `notificationUrl` and `lifecycleNotificationUrl`), list, get, renew
 * by PATCH, delete, and `reauthorize`. Expiry is capped at `maxSubscriptionMinutes` (10,070 by default, what
 * Graph answers for Outlook resources) with Graph's `ExtensionError` wording. Graph requires HTTPS
 * notification URLs; the emulator also takes plain HTTP on loopback hosts so a test can listen locally.
 */
import type * as Graph from "@microsoft/microsoft-graph-types";
import { z } from "zod";
import type { Principal } from "../identity.ts";
import { type NotificationChangeType, subscriptionResource } from "../subscriptions.ts";
import { type Answer, badRequest, GRAPH_JSON, graphError, type ODataCollection } from "../wire.ts";
import { applied, jsonObject, parseWith, type Route, type ServiceContext } from "./context.ts";
import { resolveUser } from "./users.ts";

const CHANGE_TYPES: readonly NotificationChangeType[] = ["created", "updated", "deleted"];

const CreateSubscription = z.looseObject({
  changeType: z.string().min(1),
  notificationUrl: z.string().min(1),
  resource: z.string().min(1),
  expirationDateTime: z.string().min(1),
  clientState: z.string().max(255).optional(),
  lifecycleNotificationUrl: z.string().min(1).optional(),
  latestSupportedTlsVersion: z.enum(["v1_0", "v1_1", "v1_2", "v1_3"]).optional(),
  includeResourceData: z.boolean().optional(),
});

const UpdateSubscription = z.looseObject({ expirationDateTime: z.string().min(1) });

const notFound = (): Answer => graphError(404, "ResourceNotFound", "The object was not found.");

function extensionError(operation: "Create" | "Update", reason: string): Answer {
  return graphError(
    400,
    "ExtensionError",
    `Operation: ${operation}; Exception: [Status Code: BadRequest; Reason: ${reason}]`,
  );
}

/** The expiry as epoch ms, or the answer Graph gives for one in the past or too far ahead. */
function expiryOf(context: ServiceContext, value: string, operation: "Create" | "Update"): number | Answer {
  const at = Date.parse(value);
  if (Number.isNaN(at)) return badRequest(`Invalid expirationDateTime '${value}'.`);
  if (at <= context.now) return extensionError(operation, "Subscription expiration must be in the future.");
  const max = context.state.maxSubscriptionMinutes;
  if (at > context.now + max * 60_000) {
    return extensionError(operation, `Subscription expiration can only be ${max} minutes in the future.`);
  }
  return at;
}

function urlProblem(value: string, field: string): Answer | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return graphError(400, "ValidationError", `The ${field} must be an absolute URL.`);
  }
  const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
  if (url.protocol === "https:" || (url.protocol === "http:" && loopback)) return undefined;
  return graphError(400, "ValidationError", `The ${field} must use HTTPS.`);
}

/** `me/…` or `users/{id}/…`, then `messages` or `mailFolders/{folder}/messages`. */
function parseResource(
  context: ServiceContext,
  resource: string,
): { ok: true; address: string; folderId: string | undefined } | { ok: false; answer: Answer } {
  const path = resource.replace(/^\/+/, "").replace(/\('([^']*)'\)/g, "/$1");
  const match = /^(me|users\/([^/]+))\/(?:mailFolders\/([^/]+)\/)?messages$/i.exec(path);
  if (!match) {
    return {
      ok: false,
      answer: badRequest(
        `emulator: subscriptions on '${resource}' are not emulated (messages only).`,
        "InvalidRequest",
      ),
    };
  }
  const user = resolveUser(
    context.state,
    context.principal,
    match[1]?.toLowerCase() === "me" ? "me" : (match[2] ?? ""),
  );
  if (!user.ok) return user;
  const folderName = match[3];
  if (folderName === undefined) return { ok: true, address: user.mailbox.address, folderId: undefined };
  const folder = user.mailbox.folder(decodeURIComponent(folderName));
  if (!folder)
    return {
      ok: false,
      answer: graphError(404, "ErrorItemNotFound", "The specified object was not found in the store."),
    };
  return { ok: true, address: user.mailbox.address, folderId: folder.id };
}

function creatorOf(context: ServiceContext, principal: Principal): string {
  if (principal.kind === "app") return principal.appId;
  return context.state.mailbox(principal.address)?.userId ?? principal.address;
}

async function create(context: ServiceContext): Promise<Answer> {
  const body = jsonObject(context);
  if (!body.ok) return body.answer;
  const parsed = parseWith(CreateSubscription, body.value);
  if (!parsed.ok) return parsed.answer;
  const request = parsed.value;
  if (request.includeResourceData) {
    return badRequest("emulator: rich notifications (includeResourceData) are not emulated.");
  }
  const changeType = request.changeType.split(",").map((item) => item.trim()) as NotificationChangeType[];
  const unknown = changeType.find((item) => !CHANGE_TYPES.includes(item));
  if (unknown !== undefined) return badRequest(`Invalid changeType '${unknown}'.`, "InvalidRequest");
  const target = parseResource(context, request.resource);
  if (!target.ok) return target.answer;
  const expiresAt = expiryOf(context, request.expirationDateTime, "Create");
  if (typeof expiresAt !== "number") return expiresAt;
  const urls = [
    ["notificationUrl", request.notificationUrl],
    ["lifecycleNotificationUrl", request.lifecycleNotificationUrl],
  ] as const;
  for (const [field, url] of urls) {
    if (url === undefined) continue;
    const problem = urlProblem(url, field);
    if (problem) return problem;
  }
  for (const [, url] of urls) {
    if (url === undefined) continue;
    const outcome = await context.state.subscriptions.validate(url, context.state.validationTimeoutMs);
    if (!outcome.ok) return graphError(400, "ValidationError", outcome.message);
  }
  const record = context.state.subscriptions.add({
    resource: request.resource,
    changeType,
    notificationUrl: request.notificationUrl,
    lifecycleNotificationUrl: request.lifecycleNotificationUrl,
    clientState: request.clientState,
    expiresAt,
    applicationId: context.principal.appId,
    creatorId: creatorOf(context, context.principal),
    address: target.address,
    folderId: target.folderId,
    immutableIds: context.prefer.immutableIds,
    latestSupportedTlsVersion: request.latestSupportedTlsVersion ?? "v1_2",
    reauthorizationRequired: false,
  });
  return {
    status: 201,
    body: subscriptionResource(record, context.serviceRoot),
    headers: { "content-type": GRAPH_JSON, ...applied(context) },
  };
}

/** Subscriptions are visible to the app that made them (and, for delegated calls, the user that made them). */
function visible(context: ServiceContext, id: string) {
  const record = context.state.subscriptions.get(id);
  if (!record || record.applicationId !== context.principal.appId) return undefined;
  if (context.principal.kind === "user" && record.creatorId !== creatorOf(context, context.principal))
    return undefined;
  return record;
}

function list(context: ServiceContext): Answer {
  const value = context.state.subscriptions
    .all()
    .map((record) => visible(context, record.id))
    .filter((record) => record !== undefined)
    .map((record) => {
      const { "@odata.context": _context, ...resource } = subscriptionResource(record, context.serviceRoot);
      return resource;
    });
  return {
    status: 200,
    body: {
      "@odata.context": `${context.serviceRoot}/$metadata#subscriptions`,
      value,
    } satisfies ODataCollection<Graph.Subscription>,
    headers: { "content-type": GRAPH_JSON },
  };
}

function get(context: ServiceContext): Answer {
  const record = visible(context, context.params.id ?? "");
  if (!record) return notFound();
  return {
    status: 200,
    body: subscriptionResource(record, context.serviceRoot),
    headers: { "content-type": GRAPH_JSON },
  };
}

function update(context: ServiceContext): Answer {
  const record = visible(context, context.params.id ?? "");
  if (!record) return notFound();
  const body = jsonObject(context);
  if (!body.ok) return body.answer;
  const parsed = parseWith(UpdateSubscription, body.value);
  if (!parsed.ok) return parsed.answer;
  const expiresAt = expiryOf(context, parsed.value.expirationDateTime, "Update");
  if (typeof expiresAt !== "number") return expiresAt;
  record.expiresAt = expiresAt;
  return {
    status: 200,
    body: subscriptionResource(record, context.serviceRoot),
    headers: { "content-type": GRAPH_JSON },
  };
}

function remove(context: ServiceContext): Answer {
  const record = visible(context, context.params.id ?? "");
  if (!record) return notFound();
  context.state.subscriptions.delete(record.id);
  return { status: 204 };
}

function reauthorize(context: ServiceContext): Answer {
  const record = visible(context, context.params.id ?? "");
  if (!record) return notFound();
  record.reauthorizationRequired = false;
  return { status: 204 };
}

export const subscriptionRoutes: Route<ServiceContext>[] = [
  { method: "POST", pattern: /^\/subscriptions$/i, handle: create },
  { method: "GET", pattern: /^\/subscriptions$/i, handle: list },
  { method: "GET", pattern: /^\/subscriptions\/(?<id>[^/]+)$/i, handle: get },
  { method: "PATCH", pattern: /^\/subscriptions\/(?<id>[^/]+)$/i, handle: update },
  { method: "DELETE", pattern: /^\/subscriptions\/(?<id>[^/]+)$/i, handle: remove },
  { method: "POST", pattern: /^\/subscriptions\/(?<id>[^/]+)\/reauthorize$/i, handle: reauthorize },
];
