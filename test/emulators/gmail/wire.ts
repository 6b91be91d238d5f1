/**
 * The wire format shared by every route: what an answer is, Google's JSON error shape, and id makers.
 * Resource shapes are typed with the SDK's own `gmail_v1` types (imported from the per-API entry point:
 * the `googleapis` root pulls ~3.5 M lines of declarations into `tsc`), so a drift fails the type check.
 */
import { randomBytes } from "node:crypto";
import type { gmail_v1 } from "googleapis/build/src/apis/gmail/v1.js";
import type { z } from "zod";

export type GmailMessage = gmail_v1.Schema$Message;
export type GmailMessagePart = gmail_v1.Schema$MessagePart;
export type GmailHistory = gmail_v1.Schema$History;
export type GmailLabel = gmail_v1.Schema$Label;

/** What goes back on the wire; `body: undefined` sends an empty body (204s). */
export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** The `status` string Google's APIs put beside each HTTP code (google.rpc.Code names). */
const statusNames: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  409: "ALREADY_EXISTS",
  429: "RESOURCE_EXHAUSTED",
  500: "INTERNAL",
  502: "UNAVAILABLE",
  503: "UNAVAILABLE",
  504: "DEADLINE_EXCEEDED",
};

const defaultReasons: Record<number, string> = {
  400: "badRequest",
  401: "authError",
  403: "forbidden",
  404: "notFound",
  409: "duplicate",
  429: "rateLimitExceeded",
  500: "backendError",
  502: "backendError",
  503: "backendError",
  504: "backendError",
};

export interface ErrorDetail {
  /** The `errors[0].message`, when it differs from the top-level one (auth errors). */
  itemMessage?: string;
  reason?: string;
  domain?: string;
  location?: string;
  locationType?: string;
}

/** `{error: {code, message, errors: [{message, domain, reason}], status}}`, as Gmail answers every failure. */
export function googleError(
  status: number,
  message: string,
  detail: ErrorDetail = {},
  headers: Record<string, string> = {},
): Answer {
  const item = {
    message: detail.itemMessage ?? message,
    domain: detail.domain ?? "global",
    reason: detail.reason ?? defaultReasons[status] ?? "unknown",
    ...(detail.location ? { location: detail.location, locationType: detail.locationType } : {}),
  };
  return {
    status,
    headers,
    body: { error: { code: status, message, errors: [item], status: statusNames[status] ?? "UNKNOWN" } },
  };
}

export const notFound = (): Answer => googleError(404, "Requested entity was not found.");
export const badRequest = (message: string): Answer => googleError(400, message);

/** A zod failure as Gmail words a bad payload: one 400 naming the first field at fault. */
export function invalidPayload(error: z.ZodError): Answer {
  const issue = error.issues[0];
  const field = issue?.path.join(".") || "body";
  return badRequest(`Invalid value at '${field}': ${issue?.message ?? "invalid"}`);
}

/** Gmail message and thread ids: 16 lower-case hex digits. */
export function newMessageId(): string {
  return `1${randomBytes(8).toString("hex").slice(1)}`;
}

export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString("base64url");
}
