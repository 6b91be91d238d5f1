/**
 * The wire format: what a request must look like (zod, checked as loosely as the real API checks the fields
 * the emulator relies on), and the exact JSON the real API sends back. Response shapes are typed with the
 * SDK's own types, so a drift between the emulator and the SDK fails `tsc`, not a test run much later.
 */
import { randomBytes } from "node:crypto";
import type {
  Message,
  StopReason,
  TextBlock,
  ToolUseBlock,
  Usage,
} from "@anthropic-ai/sdk/resources/messages";
import { z } from "zod";

export const CacheControl = z.object({
  type: z.literal("ephemeral"),
  ttl: z.enum(["5m", "1h"]).optional(),
});
export type CacheControl = z.infer<typeof CacheControl>;

const ContentBlockParam = z.looseObject({ type: z.string(), cache_control: CacheControl.nullish() });

const MessageParam = z.looseObject({
  // The SDK's `MessageParam` also allows "system" turns.
  role: z.enum(["user", "assistant", "system"]),
  content: z.union([z.string(), z.array(ContentBlockParam)]),
});

const SystemBlockParam = z.looseObject({
  type: z.literal("text"),
  text: z.string(),
  cache_control: CacheControl.nullish(),
});

const ToolParam = z.looseObject({ name: z.string(), cache_control: CacheControl.nullish() });

const PromptFields = {
  model: z.string().min(1),
  messages: z.array(MessageParam).min(1, "at least one message is required"),
  system: z.union([z.string(), z.array(SystemBlockParam)]).optional(),
  tools: z.array(ToolParam).optional(),
  // Top-level `cache_control` puts a breakpoint on the last cacheable block (automatic caching).
  cache_control: CacheControl.nullish(),
  output_config: z
    .looseObject({ format: z.looseObject({ type: z.literal("json_schema"), schema: z.unknown() }).nullish() })
    .optional(),
};

/** A `POST /v1/messages` body, as far as the emulator reads it; every other field is kept untouched. */
export const MessagesRequestBody = z.looseObject({
  ...PromptFields,
  // 0 is legal: it pre-warms the prompt cache without generating anything.
  max_tokens: z.number().int().min(0),
  stream: z.boolean().optional(),
});
export type MessagesRequestBody = z.infer<typeof MessagesRequestBody>;

/** A `POST /v1/messages/count_tokens` body (no `max_tokens`). */
export const CountTokensRequestBody = z.looseObject(PromptFields);
export type CountTokensRequestBody = z.infer<typeof CountTokensRequestBody>;

/** The prompt part of either body: what tokens are counted and cached over. */
export type PromptParams = Pick<
  CountTokensRequestBody,
  "model" | "messages" | "system" | "tools" | "cache_control"
>;

/** Renders zod issues the way the API renders its own validation errors: `max_tokens: Field required`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.join(".") || "body";
      if (issue.code !== "invalid_type") return `${path}: ${issue.message}`;
      return `${path}: ${issue.input === undefined ? "Field required" : `Input should be a valid ${issue.expected}`}`;
    })
    .join("; ");
}

/** The error `type` values the API documents, with the status each one comes with. */
export const errorStatus = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  conflict_error: 409,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
} as const;
export type ApiErrorType = keyof typeof errorStatus;

export interface ErrorBody {
  type: "error";
  error: { type: ApiErrorType; message: string };
  request_id: string;
}

export function errorBody(type: ApiErrorType, message: string, requestId: string): ErrorBody {
  return { type: "error", error: { type, message }, request_id: requestId };
}

/** The output side of a response before usage is known: blocks plus why generation stopped. */
export interface Completion {
  content: Array<TextBlock | ToolUseBlock>;
  stopReason: StopReason;
  /** Set only for `refusal`. */
  refusalCategory?: NonNullable<Message["stop_details"]>["category"];
  outputTokens: number;
}

export type InputUsage = Pick<
  Usage,
  "input_tokens" | "cache_creation_input_tokens" | "cache_read_input_tokens" | "cache_creation"
>;

export function messageBody(model: string, completion: Completion, input: InputUsage): Message {
  return {
    id: newId("msg_"),
    type: "message",
    role: "assistant",
    model,
    content: completion.content,
    stop_reason: completion.stopReason,
    stop_sequence: null,
    stop_details:
      completion.stopReason === "refusal"
        ? { type: "refusal", category: completion.refusalCategory ?? null, explanation: null }
        : null,
    container: null,
    diagnostics: null,
    usage: {
      ...input,
      output_tokens: completion.outputTokens,
      server_tool_use: null,
      service_tier: "standard",
      inference_geo: null,
      output_tokens_details: null,
      speed: "standard",
    },
  };
}

export function textBlock(text: string): TextBlock {
  return { type: "text", text, citations: null };
}

export function toolUseBlock(name: string, input: unknown, id = newId("toolu_")): ToolUseBlock {
  return { type: "tool_use", id, name, input, caller: { type: "direct" } };
}

const ID_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz123456789";

/** Ids shaped like the API's (`msg_01…`, `toolu_01…`, `req_01…`): prefix, "01", 22 base58 characters. */
export function newId(prefix: "msg_" | "toolu_" | "req_"): string {
  const bytes = randomBytes(22);
  let id = `${prefix}01`;
  for (const byte of bytes) id += ID_ALPHABET[byte % ID_ALPHABET.length];
  return id;
}
