/**
 * The HTTP side: a plain `node:http` server on 127.0.0.1 that records every request, applies scripted faults,
 * answers the OAuth and certs endpoints, authenticates Gmail calls and hands them to their route.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type FaultScript, faultAnswer, type GmailFault } from "./faults.ts";
import type { Mailbox } from "./mailbox.ts";
import type { TokenStore } from "./oauth.ts";
import type { PushSigner } from "./push.ts";
import { findRoute, gmailPath, resolveUser } from "./routes/index.ts";
import { type Answer, googleError } from "./wire.ts";

export interface RecordedRequest {
  method: string;
  /** Without the query string. */
  path: string;
  /** Repeated parameters (`labelIds`, `historyTypes`) become arrays. */
  query: Record<string, string | string[]>;
  /** Lower-cased names, as Node reports them. */
  headers: Record<string, string>;
  /** Parsed JSON, a form as an object, or the text (uploads); `undefined` when empty. */
  body: unknown;
  /** The mailbox a Gmail call acted on, once authenticated. */
  address?: string;
  /** The scripted fault this request hit, if any. */
  fault?: GmailFault["kind"];
  /** Set once answered; stays undefined for a hang or a dropped response. */
  status?: number;
  receivedAt: number;
}

export interface ServerState {
  tokens: TokenStore;
  signer: PushSigner;
  faults: FaultScript;
  mailbox(address: string): Mailbox;
  now(): number;
  requests: RecordedRequest[];
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

// Gmail's limit for a message sent through the upload endpoint.
const MAX_BODY_BYTES = 35 * 1024 * 1024;

export async function startServer(state: ServerState): Promise<RunningServer> {
  const open = new Set<AbortController>();

  function route(record: RecordedRequest, url: URL, body: Buffer, req: IncomingMessage): Answer {
    const route = `${record.method} ${record.path}`;
    if (route === "POST /token") {
      return state.tokens.exchange(new URLSearchParams(body.toString("utf8")), req.headers.authorization);
    }
    if (route === "POST /revoke") {
      const form = new URLSearchParams(body.toString("utf8"));
      return state.tokens.revokeEndpoint(url.searchParams.get("token") ?? form.get("token"));
    }
    const cache = { "cache-control": "public, max-age=3600" };
    if (route === "GET /oauth2/v3/certs") return { status: 200, body: state.signer.jwks, headers: cache };
    if (route === "GET /oauth2/v1/certs") return { status: 200, body: state.signer.pems, headers: cache };

    const path = gmailPath(record.path);
    if (!path) return googleError(404, `emulator: ${route} is not emulated`);
    const auth = state.tokens.authenticate(req.headers.authorization);
    if (!auth.ok) return auth.answer;
    const address = resolveUser(path.userId, auth.address);
    if (typeof address !== "string") return address;
    record.address = address;
    const found = findRoute(record.method, path);
    if (!found) return googleError(404, `emulator: ${route} is not emulated`);
    return found.route.handle({
      mailbox: state.mailbox(address),
      params: found.params,
      query: url.searchParams,
      body,
      contentType: req.headers["content-type"] ?? "",
      now: state.now(),
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const abort = new AbortController();
    open.add(abort);
    res.on("close", () => {
      if (!res.writableFinished) abort.abort();
      open.delete(abort);
    });
    const body = await readBody(req);
    const url = new URL(req.url ?? "/", "http://emulator");
    const record: RecordedRequest = {
      method: req.method ?? "GET",
      path: url.pathname,
      query: queryObject(url.searchParams),
      headers: flattenHeaders(req),
      body: body && describeBody(body, req.headers["content-type"]),
      receivedAt: state.now(),
    };
    state.requests.push(record);
    if (!body) return send(res, record, googleError(413, "Request payload size exceeds the limit"));

    const fault = state.faults.take(record.method, record.path);
    if (fault) record.fault = fault.kind;
    if (fault?.kind === "hang") return untilAborted(abort.signal);
    if (fault?.kind === "delay") await new Promise((resolve) => setTimeout(resolve, fault.ms));
    const scripted = fault && faultAnswer(fault);
    if (scripted) return send(res, record, scripted);

    let answer: Answer;
    try {
      answer = route(record, url, body, req);
    } catch (error) {
      answer = googleError(500, `emulator: ${error instanceof Error ? error.stack : String(error)}`);
    }
    // The work is done; the client never hears about it.
    if (fault?.kind === "dropAfterApply") return void res.destroy();
    send(res, record, answer);
  }

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const abort of open) abort.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function send(res: ServerResponse, record: RecordedRequest, answer: Answer): void {
  record.status = answer.status;
  if (res.destroyed || res.writableEnded) return;
  const json = answer.body === undefined ? undefined : JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    ...(json === undefined ? {} : { "content-type": "application/json; charset=UTF-8" }),
    ...answer.headers,
  });
  res.end(json);
}

/** The body, or `undefined` when it is over the limit (read to the end so the 413 can still be sent). */
async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  return size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks);
}

function describeBody(body: Buffer, contentType: string | undefined): unknown {
  if (body.length === 0) return undefined;
  const text = body.toString("utf8");
  if (contentType?.startsWith("application/x-www-form-urlencoded")) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  if (contentType?.startsWith("application/json")) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

function queryObject(params: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    query[key] = values.length === 1 ? (values[0] ?? "") : values;
  }
  return query;
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener("abort", () => resolve(), { once: true });
  });
}
