/**
 * What the emulated model says next. Tests queue `ScriptedReply` values (FIFO); when the queue is empty a
 * responder function answers instead (`respondWith`). Build replies with `reply.*` rather than by hand.
 */
import type { Message, StopReason, TextBlock, ToolUseBlock } from "@anthropic-ai/sdk/resources/messages";
import type { ApiErrorType } from "./wire.ts";

export type ScriptedReply =
  /** The model calls one tool. `input` is sent as given, even when it breaks the tool's schema. */
  | { kind: "tool_use"; name: string; input: unknown; id?: string; preamble?: string; outputTokens?: number }
  /** Plain text; `stopReason` lets a test simulate truncation (`max_tokens`) or a stop sequence. */
  | {
      kind: "text";
      text: string;
      stopReason?: "end_turn" | "max_tokens" | "stop_sequence";
      outputTokens?: number;
    }
  /** Structured output (`output_config.format`): `value` is serialised; `raw` is sent verbatim (e.g. broken JSON). */
  | { kind: "json"; value: unknown; outputTokens?: number }
  | { kind: "json"; raw: string; outputTokens?: number }
  /** `stop_reason: "refusal"`, with whatever partial text the model produced before the classifier stopped it. */
  | { kind: "refusal"; text?: string; category?: NonNullable<Message["stop_details"]>["category"] }
  /** Any other content, for cases the shortcuts don't cover (several tool calls, text + tool, …). */
  | {
      kind: "content";
      content: Array<TextBlock | ToolUseBlock>;
      stopReason: StopReason;
      outputTokens?: number;
    }
  /** An HTTP error in the API's error shape. `retry-after` (seconds) is sent when `retryAfterSeconds` is set. */
  | {
      kind: "fault";
      status: number;
      errorType: ApiErrorType;
      message: string;
      retryAfterSeconds?: number;
      /** Also send `retry-after-ms`, which the SDK prefers to `retry-after` (keeps retry tests fast). */
      retryAfterMs?: number;
    }
  /** Never answers: the request stays open until the client gives up or the emulator closes. */
  | { kind: "hang" }
  /** Waits `ms` (on top of `latencyMs`), then answers with `then`. */
  | { kind: "delay"; ms: number; then: ScriptedReply };

export type FaultReply = Extract<ScriptedReply, { kind: "fault" }>;

export const reply = {
  toolUse(name: string, input: unknown, extra: { id?: string; preamble?: string } = {}): ScriptedReply {
    return { kind: "tool_use", name, input, ...extra };
  },
  text(text: string, stopReason?: "end_turn" | "max_tokens" | "stop_sequence"): ScriptedReply {
    return stopReason ? { kind: "text", text, stopReason } : { kind: "text", text };
  },
  json(value: unknown): ScriptedReply {
    return { kind: "json", value };
  },
  rawJson(raw: string): ScriptedReply {
    return { kind: "json", raw };
  },
  refusal(text = ""): ScriptedReply {
    return { kind: "refusal", text };
  },
  rateLimited({ retryAfterSeconds = 1, retryAfterMs }: RetryAfter = {}): ScriptedReply {
    const message = "Number of request tokens has exceeded your per-minute rate limit";
    return fault(429, "rate_limit_error", message, { retryAfterSeconds, retryAfterMs });
  },
  overloaded({ retryAfterSeconds = 1, retryAfterMs }: RetryAfter = {}): ScriptedReply {
    return fault(529, "overloaded_error", "Overloaded", { retryAfterSeconds, retryAfterMs });
  },
  apiError(message = "Internal server error"): ScriptedReply {
    return fault(500, "api_error", message, {});
  },
  fault,
  hang(): ScriptedReply {
    return { kind: "hang" };
  },
  delayed(ms: number, then: ScriptedReply): ScriptedReply {
    return { kind: "delay", ms, then };
  },
};

interface RetryAfter {
  retryAfterSeconds?: number | undefined;
  retryAfterMs?: number | undefined;
}

function fault(
  status: number,
  errorType: ApiErrorType,
  message: string,
  retry: RetryAfter = {},
): ScriptedReply {
  const item: FaultReply = { kind: "fault", status, errorType, message };
  if (retry.retryAfterSeconds !== undefined) item.retryAfterSeconds = retry.retryAfterSeconds;
  if (retry.retryAfterMs !== undefined) item.retryAfterMs = retry.retryAfterMs;
  return item;
}
