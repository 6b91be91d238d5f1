/**
 * The two endpoints' logic, free of HTTP plumbing: check a request the way the API does, and turn a
 * scripted reply into the exact response (status, headers, JSON) the API would send.
 */
import type { z } from "zod";
import type { CachePlan } from "./caching.ts";
import type { FaultReply, ScriptedReply } from "./script.ts";
import { countPromptTokens, estimateTokens, promptSegments } from "./tokens.ts";
import {
  type ApiErrorType,
  type Completion,
  type CountTokensRequestBody,
  describeIssues,
  errorBody,
  errorStatus,
  type MessagesRequestBody,
  messageBody,
  textBlock,
  toolUseBlock,
} from "./wire.ts";

/** What goes back on the wire. `afterSend` runs once the response is written (cache writes become visible). */
export interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  afterSend?: () => void;
}

export type Checked<T> = { ok: true; body: T } | { ok: false; answer: Answer };

const MAX_CACHE_BREAKPOINTS = 4;

export function errorAnswer(
  type: ApiErrorType,
  message: string,
  requestId: string,
  headers: Record<string, string> = {},
  status: number = errorStatus[type],
): Answer {
  return { status, body: errorBody(type, message, requestId), headers };
}

/** The key a request carries: SDK 1.x sends `Authorization: Bearer <key>`, older clients `x-api-key`. */
export function credentialOf(headers: Record<string, string>): string | undefined {
  return headers["x-api-key"] ?? headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
}

/** Authentication and version headers come before the body, as on the real API. */
export function checkHeaders(
  headers: Record<string, string>,
  expectedApiKey: string | undefined,
  requestId: string,
): Answer | undefined {
  const key = credentialOf(headers);
  if (!key) return errorAnswer("authentication_error", "x-api-key header is required", requestId);
  if (expectedApiKey !== undefined && key !== expectedApiKey) {
    return errorAnswer("authentication_error", "invalid x-api-key", requestId);
  }
  if (!headers["anthropic-version"]) {
    return errorAnswer("invalid_request_error", "anthropic-version: header is required", requestId);
  }
  return undefined;
}

export function checkBody<T extends z.ZodType>(
  schema: T,
  raw: unknown,
  requestId: string,
): Checked<z.infer<T>> {
  const parsed = schema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    return {
      ok: false,
      answer: errorAnswer("invalid_request_error", describeIssues(parsed.error), requestId),
    };
  }
  const breakpoints = promptSegments(parsed.data as CountTokensRequestBody).filter(
    (s) => s.cacheControl,
  ).length;
  if (breakpoints > MAX_CACHE_BREAKPOINTS) {
    const message = `A maximum of ${MAX_CACHE_BREAKPOINTS} blocks with cache_control may be provided. Found ${breakpoints}.`;
    return { ok: false, answer: errorAnswer("invalid_request_error", message, requestId) };
  }
  return { ok: true, body: parsed.data };
}

export function countTokensAnswer(body: CountTokensRequestBody): Answer {
  return { status: 200, body: { input_tokens: countPromptTokens(body) } };
}

/** Answers for replies that carry content or a fault; `hang` and `delay` are timing, handled by the server. */
export function replyAnswer(
  reply: Exclude<ScriptedReply, { kind: "hang" } | { kind: "delay" }>,
  body: MessagesRequestBody,
  cache: CachePlan,
  requestId: string,
): Answer {
  if (reply.kind === "fault") return faultAnswer(reply, requestId);
  const completion = completionFor(reply);
  completion.outputTokens = Math.min(completion.outputTokens, body.max_tokens);
  return { status: 200, body: messageBody(body.model, completion, cache.usage), afterSend: cache.commit };
}

/** `max_tokens: 0` pre-warms the cache: nothing is generated, and no scripted reply is used up. */
export function prewarmAnswer(body: MessagesRequestBody, cache: CachePlan): Answer {
  const completion: Completion = { content: [], stopReason: "max_tokens", outputTokens: 0 };
  return { status: 200, body: messageBody(body.model, completion, cache.usage), afterSend: cache.commit };
}

function faultAnswer(reply: FaultReply, requestId: string): Answer {
  const headers: Record<string, string> = {};
  if (reply.retryAfterSeconds !== undefined) headers["retry-after"] = String(reply.retryAfterSeconds);
  if (reply.retryAfterMs !== undefined) headers["retry-after-ms"] = String(reply.retryAfterMs);
  return errorAnswer(reply.errorType, reply.message, requestId, headers, reply.status);
}

function completionFor(reply: Exclude<ScriptedReply, { kind: "hang" | "delay" | "fault" }>): Completion {
  switch (reply.kind) {
    case "tool_use": {
      const tool = toolUseBlock(reply.name, reply.input, reply.id);
      const content = reply.preamble ? [textBlock(reply.preamble), tool] : [tool];
      return { content, stopReason: "tool_use", outputTokens: reply.outputTokens ?? outputTokensOf(content) };
    }
    case "text": {
      const content = [textBlock(reply.text)];
      const stopReason = reply.stopReason ?? "end_turn";
      return { content, stopReason, outputTokens: reply.outputTokens ?? outputTokensOf(content) };
    }
    case "json": {
      const content = [textBlock("raw" in reply ? reply.raw : JSON.stringify(reply.value))];
      return { content, stopReason: "end_turn", outputTokens: reply.outputTokens ?? outputTokensOf(content) };
    }
    case "refusal": {
      const content = reply.text ? [textBlock(reply.text)] : [];
      const completion: Completion = {
        content,
        stopReason: "refusal",
        outputTokens: outputTokensOf(content),
      };
      if (reply.category !== undefined) completion.refusalCategory = reply.category;
      return completion;
    }
    case "content":
      return {
        content: reply.content,
        stopReason: reply.stopReason,
        outputTokens: reply.outputTokens ?? outputTokensOf(reply.content),
      };
  }
}

// Output is never 0 tokens, even for empty text (the API's own note on `usage`).
function outputTokensOf(content: Completion["content"]): number {
  const chars = content.reduce(
    (sum, block) =>
      sum + (block.type === "text" ? block.text.length : (JSON.stringify(block.input) ?? "").length),
    0,
  );
  return Math.max(1, estimateTokens(chars));
}
