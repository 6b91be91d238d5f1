import type { z } from "zod";
import { replySubject } from "../../../integrations/mail/compose.ts";
import {
  type Classification,
  type Draft,
  type DraftInput,
  type EmailForTriage,
  type Entities,
  ModelUnavailableError,
  type ModelUsage,
  type TriageAnswer,
  type TriageInput,
  type TriageModel,
} from "../../types.ts";
import { type BreakerOptions, type BreakerState, CircuitBreaker } from "./breaker.ts";
import {
  AnthropicClient,
  asParams,
  type CallResult,
  type ContentBlockParam,
  type Message,
  type MessageParam,
  type MessageRequest,
  type Usage,
} from "./client.ts";
import { addTokens, modelSpec, noTokens, type TokenCounts, usageCost } from "./pricing.ts";
import { classificationRequest, replyRequest, triageRequest } from "./prompts.ts";
import {
  ClassificationOutput,
  classificationTool,
  describeIssues,
  ReplyOutput,
  replyTool,
  TriageOutput,
  triageTool,
} from "./schemas.ts";

/**
 * Haiku 4.5 for both jobs: quick, and an automatically answered email stays well under half a cent.
 * The one-call triage writes the reply, so it runs on the draft model.
 */
export const defaultAnthropicModels = {
  classify: "claude-haiku-4-5-20251001",
  draft: "claude-haiku-4-5-20251001",
} as const;

export interface AnthropicModelOptions {
  apiKey: string;
  /** Default https://api.anthropic.com (ANTHROPIC_BASE_URL is not read here: configuration passes it). */
  baseURL?: string;
  classifyModel?: string;
  draftModel?: string;
  /** Per attempt. Default 30 s. */
  timeoutMs?: number;
  /** The SDK's retries of 408/409/429/5xx and connection errors, honouring retry-after. Default 2. */
  maxRetries?: number;
  breaker?: BreakerOptions;
  /** For the breaker's cool-down; inject one to test it. */
  clock?: () => Date;
}

export type UnavailableReason = "breaker_open" | "api_error" | "refusal" | "invalid_output";

/** The model could not answer; the pipeline sends the email to review. Carries what the failed calls cost. */
export class AnthropicUnavailableError extends ModelUnavailableError {
  constructor(
    readonly reason: UnavailableReason,
    message: string,
    readonly usage: ModelUsage | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The hosted engine (DESIGN.md, `TriageModel`). Every answer is a forced call of an output-only tool,
 * parsed with zod; an answer that fails the parse is sent back once with the error, and a second failure,
 * a refusal, an API failure after the SDK's retries or an open breaker all end in `ModelUnavailableError`,
 * which the pipeline turns into review.
 */
export class AnthropicModel implements TriageModel {
  readonly name = "anthropic";
  readonly classifyModel: string;
  readonly draftModel: string;
  readonly #client: AnthropicClient;
  readonly #breaker: CircuitBreaker;

  constructor(options: AnthropicModelOptions) {
    this.classifyModel = options.classifyModel ?? defaultAnthropicModels.classify;
    this.draftModel = options.draftModel ?? defaultAnthropicModels.draft;
    for (const model of [this.classifyModel, this.draftModel]) {
      if (!modelSpec(model)) {
        throw new Error(`no list price for model "${model}": add it to agent/model/anthropic/pricing.ts`);
      }
    }
    const clock = options.clock ?? (() => new Date());
    this.#client = new AnthropicClient({
      apiKey: options.apiKey,
      baseURL: options.baseURL ?? "https://api.anthropic.com",
      timeoutMs: options.timeoutMs ?? 30_000,
      maxRetries: options.maxRetries ?? 2,
    });
    this.#breaker = new CircuitBreaker(options.breaker ?? {}, () => clock().getTime());
  }

  /** For health checks: "open" while calls are being failed fast. */
  get breakerState(): BreakerState {
    return this.#breaker.state;
  }

  async classify(email: EmailForTriage, _entities: Entities): Promise<Classification> {
    const request = classificationRequest(this.classifyModel, email);
    const { output, usage } = await this.#ask(request, classificationTool.name, ClassificationOutput);
    return classificationOf(output, this.classifyModel, usage);
  }

  async draft(input: DraftInput): Promise<Draft> {
    const request = replyRequest(this.draftModel, input);
    const { output, usage } = await this.#ask(request, replyTool.name, ReplyOutput);
    return {
      subject: replySubject(input.email.subject),
      body: output.body,
      language: normaliseLanguage(output.language),
      usage,
    };
  }

  /**
   * Classification and reply in one call on the draft model (the pipeline's path). The call's usage is
   * on the classification and the draft carries none, so adding up an email's bills counts it once.
   */
  async triage(input: TriageInput): Promise<TriageAnswer> {
    const request = triageRequest(this.draftModel, input);
    const { output, usage } = await this.#ask(request, triageTool.name, TriageOutput);
    return {
      classification: classificationOf(output.classification, this.draftModel, usage),
      draft: {
        subject: replySubject(input.email.subject),
        body: output.reply.body,
        language: normaliseLanguage(output.reply.language),
      },
    };
  }

  async #ask<T>(
    request: MessageRequest,
    tool: string,
    schema: z.ZodType<T>,
  ): Promise<{ output: T; usage: ModelUsage }> {
    let tokens = noTokens;
    let current = request;
    for (let attempt = 1; ; attempt++) {
      const message = await this.#send(current, tokens);
      tokens = addTokens(tokens, tokensOf(message.usage));
      if (message.stop_reason === "refusal") {
        const category = message.stop_details?.category ?? "no category";
        throw new AnthropicUnavailableError(
          "refusal",
          `${request.model} declined to answer (${category})`,
          usageCost(request.model, tokens),
        );
      }
      const parsed = toolInput(message, tool, schema);
      if (parsed.ok) return { output: parsed.value, usage: usageCost(request.model, tokens) };
      if (attempt >= 2) {
        throw new AnthropicUnavailableError(
          "invalid_output",
          `${request.model} gave no valid ${tool} twice; last: ${parsed.error}`,
          usageCost(request.model, tokens),
        );
      }
      current = withCorrection(current, message, parsed.error);
    }
  }

  async #send(request: MessageRequest, spent: TokenCounts): Promise<Message> {
    const costSoFar = () => (spent === noTokens ? null : usageCost(request.model, spent));
    const permit = this.#breaker.admit();
    if (!permit) {
      throw new AnthropicUnavailableError(
        "breaker_open",
        "the Anthropic API has been failing; calls are paused until a probe succeeds",
        costSoFar(),
      );
    }
    let result: CallResult;
    try {
      result = await this.#client.createMessage(request);
    } catch (error) {
      this.#breaker.failed(permit);
      throw error;
    }
    if (result.ok) {
      this.#breaker.succeeded(permit);
      return result.message;
    }
    const { failure } = result;
    // A refused request (400, 413…) still proves the API answers.
    if (failure.apiDown) this.#breaker.failed(permit);
    else this.#breaker.succeeded(permit);
    const status = failure.status === null ? "" : ` ${failure.status}`;
    throw new AnthropicUnavailableError(
      "api_error",
      `Anthropic API ${failure.reason}${status}: ${failure.message}`,
      costSoFar(),
      { cause: failure },
    );
  }
}

function classificationOf(output: ClassificationOutput, model: string, usage: ModelUsage): Classification {
  return {
    intent: output.intent,
    confidence: output.confidence,
    language: normaliseLanguage(output.language),
    sentiment: output.sentiment,
    secondary:
      output.secondary_intent && output.secondary_intent !== output.intent
        ? { intent: output.secondary_intent, confidence: output.secondary_confidence ?? 0.5 }
        : null,
    engine: `anthropic:${model}`,
    usage,
  };
}

type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

function toolInput<T>(message: Message, tool: string, schema: z.ZodType<T>): Parsed<T> {
  if (message.stop_reason === "max_tokens") {
    return { ok: false, error: `the answer was cut off at max_tokens before ${tool} was complete` };
  }
  const call = message.content.find((block) => block.type === "tool_use" && block.name === tool);
  if (call?.type !== "tool_use") return { ok: false, error: `the answer did not call ${tool}` };
  const parsed = schema.safeParse(call.input);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, error: describeIssues(parsed.error) };
}

/** The failed answer replayed, with the validation error as the result of each tool call in it. */
function withCorrection(request: MessageRequest, message: Message, error: string): MessageRequest {
  const answer = asParams(message.content);
  const calls = message.content.filter((block) => block.type === "tool_use");
  const note = `That answer was not valid: ${error}. Call the tool again with input that matches its schema exactly.`;
  const messages: MessageParam[] = [...request.messages];
  if (answer.length > 0) messages.push({ role: "assistant", content: answer });
  const correction: ContentBlockParam[] =
    calls.length > 0
      ? calls.map((call) => ({ type: "tool_result", tool_use_id: call.id, is_error: true, content: note }))
      : [{ type: "text", text: note }];
  const last = messages.at(-1);
  if (last?.role === "user") {
    // Nothing to replay: the note joins the user's turn (two user turns in a row are not a conversation).
    const content =
      typeof last.content === "string" ? [{ type: "text" as const, text: last.content }] : last.content;
    messages[messages.length - 1] = { role: "user", content: [...content, ...correction] };
  } else {
    messages.push({ role: "user", content: correction });
  }
  return { ...request, messages };
}

function tokensOf(usage: Usage): TokenCounts {
  const written = usage.cache_creation_input_tokens ?? 0;
  const writtenForAnHour = usage.cache_creation?.ephemeral_1h_input_tokens ?? 0;
  return {
    inputTokens: usage.input_tokens,
    cacheWrite5mTokens: written - writtenForAnHour,
    cacheWrite1hTokens: writtenForAnHour,
    cacheReadTokens: usage.cache_read_input_tokens ?? 0,
    outputTokens: usage.output_tokens,
  };
}

/** The codes the rest of the agent uses: "en-GB" → "en", "zh-CN" → "zh-Hans", "zh-TW" → "zh-Hant". */
function normaliseLanguage(code: string): string {
  if (/^zh\b/i.test(code)) return /hant|tw|hk|mo/i.test(code) ? "zh-Hant" : "zh-Hans";
  return (code.split("-")[0] ?? code).toLowerCase();
}
