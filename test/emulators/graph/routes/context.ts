/**
 * What a Graph route gets: the caller, the mailbox its path names, the query (keys lower-cased, as Graph
 * reads `$select` and `$Select` alike), the body, the preferences, and where links should point. Routes are
 * plain functions from this to an `Answer`; they never touch HTTP.
 */
import type { z } from "zod";
import type { Principal } from "../identity.ts";
import type { Mailbox, StoredMessage } from "../mailbox.ts";
import type { RenderOptions } from "../resources.ts";
import type { SubscriptionStore } from "../subscriptions.ts";
import { type Answer, badRequest, graphError, type Preferences, preferenceApplied } from "../wire.ts";

/** Emulator-wide state the routes reach: other mailboxes, subscriptions, the sent log. */
export interface GraphState {
  /** A mailbox by address (created on first use) or by user id (existing only). */
  mailbox(idOrAddress: string): Mailbox | undefined;
  subscriptions: SubscriptionStore;
  /** Records a message as having left the mailbox (what `sent()` lists). */
  recordSent(mailbox: Mailbox, message: StoredMessage): void;
  now(): number;
  tenantId: string;
  /** The validation handshake's timeout (Graph: 10 s). */
  validationTimeoutMs: number;
  /** How far ahead a message subscription may expire. */
  maxSubscriptionMinutes: number;
}

export interface ServiceContext {
  state: GraphState;
  principal: Principal;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Buffer;
  prefer: Preferences;
  now: number;
  /** `{scheme}://{host}/{version}` as the client addressed it: links are built on it. */
  serviceRoot: string;
}

export interface UserContext extends ServiceContext {
  mailbox: Mailbox;
  /** `me` or `users/{id}`, as the request spelled it. */
  userPath: string;
}

export type Handler<C> = (context: C) => Answer | Promise<Answer>;

export interface Route<C> {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  pattern: RegExp;
  handle: Handler<C>;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; answer: Answer };

export function jsonObject(context: ServiceContext): Parsed<Record<string, unknown>> {
  if (context.body.length === 0) return { ok: true, value: {} };
  try {
    const value: unknown = JSON.parse(context.body.toString("utf8"));
    if (value && typeof value === "object" && !Array.isArray(value)) {
      return { ok: true, value: value as Record<string, unknown> };
    }
  } catch {
    // answered below
  }
  return {
    ok: false,
    answer: badRequest(
      "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.",
    ),
  };
}

/** Parses with zod; a failure is Graph's 400 naming the first property at fault. */
export function parseWith<T extends z.ZodType>(schema: T, value: unknown): Parsed<z.infer<T>> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const field = issue?.path.join(".") || "body";
  return {
    ok: false,
    answer: graphError(
      400,
      "RequestBodyRead",
      `Invalid value for property '${field}': ${issue?.message ?? "invalid"}`,
    ),
  };
}

export function renderOptions(context: ServiceContext, select: string[] | undefined): RenderOptions {
  return {
    immutableIds: context.prefer.immutableIds,
    select,
    bodyContentType: context.prefer.bodyContentType,
  };
}

/** `Preference-Applied` for the preferences this answer honoured. */
export function applied(context: ServiceContext, extra: string[] = []): Record<string, string> {
  const list = [...extra];
  if (context.prefer.immutableIds) list.push('IdType="ImmutableId"');
  if (context.prefer.bodyContentType)
    list.push(`outlook.body-content-type="${context.prefer.bodyContentType}"`);
  return preferenceApplied(list);
}
