/**
 * The HTTP side: a plain `node:http` server on 127.0.0.1, one async handler per request (nothing is
 * serialised, so latency overlaps under concurrency), a record of every request, and a clean `close()`
 * that also ends requests left hanging.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { PromptCache } from "./caching.ts";
import {
  type Answer,
  checkBody,
  checkHeaders,
  countTokensAnswer,
  credentialOf,
  errorAnswer,
  prewarmAnswer,
  replyAnswer,
} from "./messages.ts";
import type { ScriptedReply } from "./script.ts";
import { promptSegments } from "./tokens.ts";
import { CountTokensRequestBody, MessagesRequestBody, newId } from "./wire.ts";

export interface AnthropicEmulatorOptions {
  /** Added before every response, errors included. */
  latencyMs?: number;
  /** Shortest prefix that gets cached; default 1,024 tokens (Sonnet's minimum). */
  minCacheableTokens?: number;
  /** Lifetime of a 5-minute cache entry; default 5 minutes. */
  cacheTtlMs?: number;
  /** When set, any other key is refused with 401; otherwise any non-empty key is accepted. */
  apiKey?: string;
  /** The clock for cache TTLs; inject one to test expiry. */
  now?: () => number;
}

/** Answers a `/v1/messages` call when nothing is scripted. May be async. */
export type Responder = (
  body: MessagesRequestBody,
  request: RecordedRequest,
) => ScriptedReply | Promise<ScriptedReply>;

export interface RecordedRequest {
  /** The `request-id` header sent back. */
  requestId: string;
  method: string;
  /** Path without the query string (the SDK adds `?beta=true` on beta calls). */
  path: string;
  /** Lower-cased names, as Node reports them: `authorization`, `anthropic-version`, … */
  headers: Record<string, string>;
  /** The key sent, from `x-api-key` or `Authorization: Bearer` (the SDK 1.x header). */
  apiKey: string | undefined;
  /** The JSON body as received (or the raw text when it was not JSON). */
  body: unknown;
  receivedAt: number;
  /** Set once answered; stays undefined for a request still open or abandoned while hanging. */
  status?: number;
  /** The scripted or responder reply used for it, if any. */
  reply?: ScriptedReply;
}

export interface EmulatorStats {
  requests: number;
  byStatus: Record<number, number>;
  inFlight: number;
  /** Highest number of requests open at once: proof that concurrent calls were not serialised. */
  maxInFlight: number;
}

export interface AnthropicEmulator {
  /** Pass as the SDK's `baseURL`. */
  readonly url: string;
  /** Every request, in arrival order. */
  readonly requests: readonly RecordedRequest[];
  /** Scripted replies not yet used. */
  readonly pending: number;
  /** Queues replies, answered in order by the next `/v1/messages` calls. */
  script(...replies: ScriptedReply[]): void;
  /** Answers calls once the script is empty; `undefined` removes it. */
  respondWith(responder: Responder | undefined): void;
  stats(): EmulatorStats;
  /** Forgets script, responder, recorded requests and the prompt cache. */
  reset(): void;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 32 * 1024 * 1024; // the API's limit for Messages and count_tokens
const TOO_LARGE = "Request exceeds the maximum allowed number of bytes.";
const NOT_JSON = "emulator: the request body is not valid JSON";

export async function startAnthropicEmulator(
  options: AnthropicEmulatorOptions = {},
): Promise<AnthropicEmulator> {
  const latencyMs = options.latencyMs ?? 0;
  const apiKey = options.apiKey;
  const cache = new PromptCache({
    minCacheableTokens: options.minCacheableTokens ?? 1024,
    ttlMs: options.cacheTtlMs ?? 5 * 60 * 1000,
    now: options.now ?? Date.now,
  });
  const queue: ScriptedReply[] = [];
  const requests: RecordedRequest[] = [];
  const open = new Set<AbortController>();
  let responder: Responder | undefined;
  let inFlight = 0;
  let maxInFlight = 0;

  async function nextReply(
    body: MessagesRequestBody,
    record: RecordedRequest,
  ): Promise<ScriptedReply | Error> {
    const scripted = queue.shift();
    if (scripted) return scripted;
    if (!responder) return new Error("emulator: nothing scripted");
    try {
      return await responder(body, record);
    } catch (error) {
      return new Error(
        `emulator: responder threw: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  async function answerMessages(record: RecordedRequest, signal: AbortSignal): Promise<Answer | undefined> {
    const checked = checkBody(MessagesRequestBody, record.body, record.requestId);
    if (!checked.ok) return checked.answer;
    const body = checked.body;
    if (body.stream) {
      return errorAnswer("invalid_request_error", "emulator: streaming is not supported", record.requestId);
    }
    // Looked up on arrival, written on send: a parallel twin of the first request misses too.
    const plan = cache.plan(body.model, promptSegments(body));
    if (body.max_tokens === 0) return prewarmAnswer(body, plan);

    let reply = await nextReply(body, record);
    // An emulator misconfiguration is not something for the SDK to retry.
    if (reply instanceof Error) {
      return errorAnswer("api_error", reply.message, record.requestId, { "x-should-retry": "false" });
    }
    record.reply = reply;
    while (reply.kind === "delay") {
      await sleep(reply.ms, undefined, { signal });
      reply = reply.then;
    }
    if (reply.kind === "hang") {
      await untilAborted(signal);
      return undefined;
    }
    return replyAnswer(reply, body, plan, record.requestId);
  }

  async function answer(record: RecordedRequest, signal: AbortSignal): Promise<Answer | undefined> {
    const route = `${record.method} ${record.path}`;
    if (route !== "POST /v1/messages" && route !== "POST /v1/messages/count_tokens") {
      return errorAnswer("not_found_error", `${route} not found`, record.requestId);
    }
    const headerProblem = checkHeaders(record.headers, apiKey, record.requestId);
    if (headerProblem) return headerProblem;
    if (route === "POST /v1/messages") return answerMessages(record, signal);
    const checked = checkBody(CountTokensRequestBody, record.body, record.requestId);
    return checked.ok ? countTokensAnswer(checked.body) : checked.answer;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = newId("req_");
    const abort = new AbortController();
    open.add(abort);
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    // "close" also fires after a normal finish; only an early close means the client left.
    res.on("close", () => {
      if (!res.writableFinished) abort.abort();
      open.delete(abort);
      inFlight -= 1;
    });
    try {
      const text = await readBody(req);
      const parsed = parseJson(text);
      const headers = flattenHeaders(req);
      const record: RecordedRequest = {
        requestId,
        method: req.method ?? "GET",
        path: new URL(req.url ?? "/", "http://emulator").pathname,
        headers,
        apiKey: credentialOf(headers),
        body: parsed.ok ? parsed.value : text,
        receivedAt: Date.now(),
      };
      requests.push(record);
      let result: Answer | undefined;
      if (text === undefined) result = errorAnswer("request_too_large", TOO_LARGE, requestId);
      else if (!parsed.ok) result = errorAnswer("invalid_request_error", NOT_JSON, requestId);
      else result = await answer(record, abort.signal);
      if (!result) return;
      if (latencyMs > 0) await sleep(latencyMs, undefined, { signal: abort.signal });
      send(res, requestId, result);
      record.status = result.status;
      result.afterSend?.();
    } catch (error) {
      if (abort.signal.aborted) return; // the client left, or the emulator is closing
      send(res, requestId, errorAnswer("api_error", `emulator: ${String(error)}`, requestId));
      const record = requests.find((request) => request.requestId === requestId);
      if (record) record.status = 500;
    }
  }

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get pending() {
      return queue.length;
    },
    script: (...replies) => {
      queue.push(...replies);
    },
    respondWith: (next) => {
      responder = next;
    },
    stats: () => {
      const byStatus: Record<number, number> = {};
      for (const { status } of requests)
        if (status !== undefined) byStatus[status] = (byStatus[status] ?? 0) + 1;
      return { requests: requests.length, byStatus, inFlight, maxInFlight };
    },
    reset: () => {
      queue.length = 0;
      requests.length = 0;
      responder = undefined;
      maxInFlight = inFlight;
      cache.clear();
    },
    close: async () => {
      for (const abort of open) abort.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function send(res: ServerResponse, requestId: string, answer: Answer): void {
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(answer.status, {
    "content-type": "application/json",
    "request-id": requestId,
    ...answer.headers,
  });
  res.end(JSON.stringify(answer.body));
}

/** The body as text, or `undefined` when it is over the size limit. */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Read to the end even when over the limit: leaving early would destroy the socket before the 413 is sent.
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  return size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString("utf8");
}

function parseJson(text: string | undefined): { ok: true; value: unknown } | { ok: false } {
  if (!text) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}
