/**
 * What a Gmail route gets: the authenticated user's mailbox, the query, the body, the clock. Routes are plain
 * functions from this to an `Answer`; they never touch HTTP.
 */
import type { z } from "zod";
import type { Mailbox } from "../mailbox.ts";
import { type Answer, badRequest, invalidPayload } from "../wire.ts";

export interface RouteContext {
  mailbox: Mailbox;
  /** Path parameters after `/users/{userId}`, e.g. `{ id }`. */
  params: Record<string, string>;
  query: URLSearchParams;
  body: Buffer;
  contentType: string;
  now: number;
}

export interface GmailRoute {
  method: "GET" | "POST";
  /** Matched against the path after `/gmail/v1/users/{userId}` (or the `/upload/...` form). */
  pattern: RegExp;
  upload?: boolean;
  handle(context: RouteContext): Answer;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; answer: Answer };

export function jsonBody<T extends z.ZodType>(context: RouteContext, schema: T): Parsed<z.infer<T>> {
  let raw: unknown = {};
  if (context.body.length > 0) {
    try {
      raw = JSON.parse(context.body.toString("utf8"));
    } catch {
      return { ok: false, answer: badRequest("Invalid JSON payload received.") };
    }
  }
  const parsed = schema.safeParse(raw);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, answer: invalidPayload(parsed.error) };
}

/** `maxResults`: the default when absent, capped at the API's maximum, 400 when not a positive integer. */
export function maxResults(query: URLSearchParams, fallback: number, max: number): Parsed<number> {
  const value = query.get("maxResults");
  if (value === null) return { ok: true, value: fallback };
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) {
    return { ok: false, answer: badRequest(`Invalid value at 'max_results' (TYPE_UINT32), "${value}"`) };
  }
  return { ok: true, value: Math.min(number, max) };
}
