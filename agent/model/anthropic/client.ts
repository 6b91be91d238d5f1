/**
 * The one wrapper around `@anthropic-ai/sdk` (the only file that imports it). It owns construction
 * (key, host, timeout, retries, a log level that never prints bodies) and turns the SDK's errors into a
 * result that says whether the API itself is in trouble, so the engine can decide about its breaker.
 */
import Anthropic from "@anthropic-ai/sdk";
import { zodOutputFormat } from "@anthropic-ai/sdk/helpers/zod";
import type {
  ContentBlock,
  ContentBlockParam,
  Message,
  MessageCreateParamsNonStreaming,
  MessageParam,
  TextBlockParam,
  Tool,
  Usage,
} from "@anthropic-ai/sdk/resources/messages";
import type { z } from "zod";

export type { ContentBlockParam, Message, MessageParam, TextBlockParam, Tool, Usage };
export type MessageRequest = MessageCreateParamsNonStreaming;

export interface AnthropicClientOptions {
  apiKey: string;
  /** The API host; the emulator's URL in tests. Passed explicitly so ANTHROPIC_BASE_URL is never read. */
  baseURL: string;
  /** Per attempt; the SDK retries a timed-out attempt like any other connection failure. */
  timeoutMs: number;
  /** The SDK's retries of connection errors, 408, 409, 429 and 5xx, honouring retry-after. */
  maxRetries: number;
}

/** Why a call failed after the SDK's retries. */
export type CallFailureReason =
  | "timeout"
  | "connection"
  | "rate_limited"
  | "overloaded"
  | "server"
  | "credentials"
  | "rejected";

export interface CallFailure {
  reason: CallFailureReason;
  /** The API is unwell or unreachable (as opposed to refusing this one request): counts for the breaker. */
  apiDown: boolean;
  status: number | null;
  message: string;
  requestId: string | null;
}

export type CallResult = { ok: true; message: Message } | { ok: false; failure: CallFailure };

export class AnthropicClient {
  readonly #sdk: Anthropic;

  constructor(options: AnthropicClientOptions) {
    this.#sdk = new Anthropic({
      apiKey: options.apiKey,
      baseURL: options.baseURL,
      timeout: options.timeoutMs,
      maxRetries: options.maxRetries,
      // 'debug' would log full request bodies, i.e. customer mail; pinned so ANTHROPIC_LOG cannot turn it on.
      logLevel: "warn",
    });
  }

  async createMessage(request: MessageRequest): Promise<CallResult> {
    try {
      return { ok: true, message: await this.#sdk.messages.create(request) };
    } catch (error) {
      return { ok: false, failure: failureOf(error) };
    }
  }
}

/** A zod schema as the JSON schema strict tool use and structured output accept (the SDK's transform). */
export function strictJsonSchema(schema: z.ZodType): Tool.InputSchema {
  const { schema: json } = zodOutputFormat(schema);
  return { ...json, type: "object" };
}

/** Response blocks as request blocks, to replay an answer in a follow-up turn. */
export function asParams(content: ContentBlock[]): ContentBlockParam[] {
  const params: ContentBlockParam[] = [];
  for (const block of content) {
    if (block.type === "text" && block.text.trim()) params.push({ type: "text", text: block.text });
    if (block.type === "tool_use")
      params.push({ type: "tool_use", id: block.id, name: block.name, input: block.input });
  }
  return params;
}

function failureOf(error: unknown): CallFailure {
  if (!(error instanceof Anthropic.APIError)) {
    // Not the API's doing (a bug on our side): let it surface rather than pass for an outage.
    throw error;
  }
  const base = {
    status: error.status ?? null,
    message: error.message,
    requestId: error.requestID ?? null,
  };
  if (error instanceof Anthropic.APIConnectionTimeoutError)
    return { ...base, reason: "timeout", apiDown: true };
  if (error instanceof Anthropic.APIConnectionError) return { ...base, reason: "connection", apiDown: true };
  const status = error.status ?? 0;
  if (status === 429) return { ...base, reason: "rate_limited", apiDown: true };
  if (status === 529) return { ...base, reason: "overloaded", apiDown: true };
  if (status >= 500 || status === 408) return { ...base, reason: "server", apiDown: true };
  // A bad key, an unpaid bill or a revoked permission fails every call alike: the breaker should stop them.
  if (status === 401 || status === 402 || status === 403)
    return { ...base, reason: "credentials", apiDown: true };
  // 400, 404, 413, 422…: this request was refused; the next one may well pass.
  return { ...base, reason: "rejected", apiDown: false };
}
