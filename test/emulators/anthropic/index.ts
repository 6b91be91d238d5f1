/**
 * A local stand-in for the Anthropic Messages API, for tests and the benchmark. The real
 * `@anthropic-ai/sdk` talks to it unchanged: `new Anthropic({ baseURL: emulator.url, apiKey: "test" })`.
 *
 * Emulated:
 * - `POST /v1/messages` (non-streaming) and `POST /v1/messages/count_tokens`, with the API's response and
 *   error shapes (`{type:"error", error:{type, message}, request_id}`) and a `request-id` header on every answer;
 * - the checks that matter to a client: `x-api-key` (or a bearer token), `anthropic-version`, and `model`,
 *   `max_tokens`, `messages` in the body (400 `invalid_request_error`, worded like the API's), at most four
 *   cache breakpoints, a 32 MB body limit;
 * - what the model says, scripted per call (`script(...)`, FIFO) or computed (`respondWith(fn)`): tool calls
 *   (input passed through unvalidated, so tests can send malformed input), text, structured-output JSON,
 *   refusals, 429/529/500 faults with `retry-after`, hangs and delays;
 * - `usage` with prompt caching (see caching.ts) and ~4 characters per token estimates (see tokens.ts);
 * - a fixed `latencyMs` per response; requests are answered concurrently.
 *
 * Not emulated: streaming (`stream: true` is refused with 400), Message Batches, Files, Models, the beta
 * endpoints' extra features, server tools, thinking, real tokenisation, rate-limit headers
 * (`anthropic-ratelimit-*`), and any check of a tool call against its schema or of JSON against
 * `output_config.format` — the emulator says exactly what it is told to.
 */
export { type FaultReply, reply, type ScriptedReply } from "./script.ts";
export {
  type AnthropicEmulator,
  type AnthropicEmulatorOptions,
  type EmulatorStats,
  type RecordedRequest,
  type Responder,
  startAnthropicEmulator,
} from "./server.ts";
export { CHARS_PER_TOKEN, countPromptTokens } from "./tokens.ts";
export type { CountTokensRequestBody, MessagesRequestBody } from "./wire.ts";
