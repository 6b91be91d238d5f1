/**
 * The wire format shared by every route: what an answer is, Graph's error shape, the Prefer header, dates
 * and id makers. Graph answers every failure as `{error: {code, message, innerError: {date, request-id,
 * client-request-id}}}`; the SDK's `GraphError` reads `code`, `message` and `innerError["request-id"]`.
 */
import { randomBytes, randomUUID } from "node:crypto";

/** What goes back on the wire; `body: undefined` sends an empty body (202s and 204s). */
export interface Answer {
  status: number;
  /** JSON unless `raw` is set. */
  body?: unknown;
  /** Sent as is with `contentType` (MIME for `$value`, the validation token, OAuth pages). */
  raw?: { bytes: Buffer; contentType: string };
  headers?: Record<string, string>;
}

/**
 * OData control information around a Graph resource (the provider's own types, from
 * @microsoft/microsoft-graph-types, describe the resource itself).
 */
export type OData<T> = T & {
  "@odata.context"?: string;
  "@odata.etag"?: string;
  "@odata.type"?: string;
  "@odata.id"?: string;
};

/** A collection page: `value`, and where the next page or the next round of a delta query starts. */
export interface ODataCollection<T> {
  "@odata.context"?: string;
  "@odata.nextLink"?: string;
  "@odata.deltaLink"?: string;
  value: T[];
}

/** Graph's JSON content type, parameters included: clients must not compare it whole. */
export const GRAPH_JSON =
  "application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8";

/** `{error: {code, message}}`; the server adds `innerError` (date and request ids) when it sends it. */
export function graphError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): Answer {
  return { status, headers, body: { error: { code, message } } };
}

export const notFound = (): Answer =>
  graphError(404, "ErrorItemNotFound", "The specified object was not found in the store.");
export const badRequest = (message: string, code = "BadRequest"): Answer => graphError(400, code, message);

/** `innerError.date` as Graph writes it: ISO 8601 without fraction or zone. */
export function innerErrorDate(now: number): string {
  return new Date(now).toISOString().slice(0, 19);
}

/** Graph's DateTimeOffset values: UTC, whole seconds, `Z`. */
export function graphDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The preferences Graph honours here, parsed from every `Prefer` header (comma-separated, quotes optional). */
export interface Preferences {
  immutableIds: boolean;
  maxPageSize: number | undefined;
  bodyContentType: "html" | "text" | undefined;
}

export function parsePrefer(header: string | undefined): Preferences {
  const preferences: Preferences = {
    immutableIds: false,
    maxPageSize: undefined,
    bodyContentType: undefined,
  };
  for (const part of (header ?? "").split(",")) {
    const [rawKey, ...rest] = part.split("=");
    const key = rawKey?.trim().toLowerCase();
    const value = rest
      .join("=")
      .trim()
      .replace(/^"(.*)"$/, "$1");
    if (key === "idtype") preferences.immutableIds = value.toLowerCase() === "immutableid";
    if (key === "odata.maxpagesize" && /^\d+$/.test(value)) preferences.maxPageSize = Number(value);
    if (key === "outlook.body-content-type" && (value === "text" || value === "html")) {
      preferences.bodyContentType = value;
    }
  }
  return preferences;
}

/** The `Preference-Applied` header for what this answer honoured. */
export function preferenceApplied(applied: string[]): Record<string, string> {
  return applied.length === 0 ? {} : { "preference-applied": applied.join(", ") };
}

/**
 * Exchange ids are long URL-safe base64 strings; the prefixes mimic the two formats so a log shows which one
 * a client stored (`AAMkA…` regular, `AAkAL…` immutable).
 */
export function newRestId(): string {
  return `AAMkADEmu${randomBytes(48).toString("base64url")}AAA=`;
}

export function newImmutableId(): string {
  return `AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0AEmu${randomBytes(40).toString("base64url")}AAA=`;
}

export function newConversationId(): string {
  return `AAQkADEmu${randomBytes(24).toString("base64url")}=`;
}

export function newChangeKey(): string {
  return `CQAAABYAAAEmu${randomBytes(12).toString("base64")}`;
}

export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString("base64url");
}

export { randomUUID };
