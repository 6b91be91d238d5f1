/**
 * The HTTP side: a plain `node:http` server on 127.0.0.1 standing in for both `graph.microsoft.com` and
 * `login.microsoftonline.com`. It records every request, applies scripted faults, answers the identity
 * endpoints, authenticates Graph calls and hands them to their route. Links in answers (`@odata.nextLink`,
 * `@odata.deltaLink`, OpenID endpoints) use the host the client asked for when a proxy-style transport says
 * so (`X-Forwarded-Host` / `X-Forwarded-Proto`, see transport.ts), else the emulator's own URL.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type FaultScript, faultAnswer, type GraphFault } from "./faults.ts";
import type { Identity } from "./identity.ts";
import { findServiceRoute, findUserRoute, type GraphState, graphPath, resolveUser } from "./routes/index.ts";
import { type Answer, GRAPH_JSON, graphError, innerErrorDate, parsePrefer, randomUUID } from "./wire.ts";

export interface RecordedRequest {
  method: string;
  /** Without the query string. */
  path: string;
  query: Record<string, string | string[]>;
  /** Lower-cased names, as Node reports them. */
  headers: Record<string, string>;
  /** Parsed JSON, a form as an object, or the text; `undefined` when empty. */
  body: unknown;
  /** The mailbox a Graph call acted on, once authenticated and resolved. */
  address?: string;
  /** `app` or `user` (delegated), once authenticated. */
  principal?: "app" | "user";
  /** The scripted fault this request hit, if any. */
  fault?: GraphFault["kind"];
  /** Set once answered; stays undefined for a hang or a dropped response. */
  status?: number;
  receivedAt: number;
}

export interface ServerState {
  identity: Identity;
  faults: FaultScript;
  graph: GraphState;
  requests: RecordedRequest[];
  now(): number;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

// Graph refuses request bodies over 4 MB (larger attachments need upload sessions).
const MAX_BODY_BYTES = 4 * 1024 * 1024;

export async function startServer(state: ServerState): Promise<RunningServer> {
  const open = new Set<AbortController>();
  let ownUrl = "";

  async function route(
    record: RecordedRequest,
    url: URL,
    body: Buffer,
    req: IncomingMessage,
  ): Promise<Answer> {
    const origin = originOf(req, ownUrl);
    const login = loginRoute(record, body, req, origin);
    if (login) return login;

    const path = graphPath(record.path);
    if (!path)
      return graphError(404, "UnknownError", `emulator: ${record.method} ${record.path} is not emulated`);
    if (path.kind === "invalid") return path.answer;
    const auth = state.identity.authenticate(req.headers.authorization);
    if (!auth.ok) return auth.answer;
    record.principal = auth.principal.kind;
    const base = {
      state: state.graph,
      principal: auth.principal,
      query: lowerCaseKeys(url.searchParams),
      body,
      prefer: parsePrefer(record.headers.prefer),
      now: state.now(),
      serviceRoot: `${origin}/${path.version}`,
    };
    if (path.kind === "service") {
      const found = findServiceRoute(record.method, path.rest);
      if (!found) return notEmulated(record);
      return found.route.handle({ ...base, params: found.params });
    }
    const user = resolveUser(state.graph, auth.principal, path.userSegment);
    if (!user.ok) return user.answer;
    record.address = user.mailbox.address;
    const found = findUserRoute(record.method, path.rest);
    if (!found) return notEmulated(record);
    return found.route.handle({
      ...base,
      params: found.params,
      mailbox: user.mailbox,
      userPath: path.userPath,
    });
  }

  function loginRoute(
    record: RecordedRequest,
    body: Buffer,
    req: IncomingMessage,
    origin: string,
  ): Answer | undefined {
    const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(record.path);
    if (token && record.method === "POST") {
      return state.identity.exchange(
        token[1] ?? "",
        new URLSearchParams(body.toString("utf8")),
        req.headers.authorization,
      );
    }
    const openId = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(record.path);
    if (openId && record.method === "GET") return state.identity.openIdConfiguration(openId[1] ?? "", origin);
    if (/^\/[^/]+\/discovery\/instance$/.test(record.path) && record.method === "GET") {
      return state.identity.instanceDiscovery(origin);
    }
    return undefined;
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
    if (!body) {
      return send(
        res,
        req,
        record,
        graphError(413, "RequestEntityTooLarge", "The request entity is too large."),
      );
    }

    const fault = state.faults.take(record.method, record.path);
    if (fault) record.fault = fault.kind;
    if (fault?.kind === "hang") return untilAborted(abort.signal);
    if (fault?.kind === "delay") await new Promise((resolve) => setTimeout(resolve, fault.ms));
    const scripted = fault && faultAnswer(fault);
    if (scripted) return send(res, req, record, scripted);

    let answer: Answer;
    try {
      answer = await route(record, url, body, req);
    } catch (error) {
      answer = graphError(
        500,
        "InternalServerError",
        `emulator: ${error instanceof Error ? error.stack : String(error)}`,
      );
    }
    // The work is done; the client never hears about it.
    if (fault?.kind === "dropAfterApply") return void res.destroy();
    send(res, req, record, answer);
  }

  // A client that disconnects mid-body makes `handle` reject; there is nobody left to answer.
  const server = createServer((req, res) => void handle(req, res).catch(() => res.destroy()));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  ownUrl = `http://127.0.0.1:${port}`;
  return {
    url: ownUrl,
    close: async () => {
      for (const abort of open) abort.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  function send(res: ServerResponse, req: IncomingMessage, record: RecordedRequest, answer: Answer): void {
    record.status = answer.status;
    if (res.destroyed || res.writableEnded) return;
    const requestId = randomUUID();
    const clientRequestId = header(req, "client-request-id") ?? requestId;
    let payload: Buffer | undefined;
    let contentType: string | undefined;
    if (answer.raw) {
      payload = answer.raw.bytes;
      contentType = answer.raw.contentType;
    } else if (answer.body !== undefined) {
      payload = Buffer.from(
        JSON.stringify(withInnerError(answer.body, state.now(), requestId, clientRequestId)),
      );
      contentType =
        answer.headers?.["content-type"] ?? (answer.status >= 400 ? "application/json" : GRAPH_JSON);
    }
    res.writeHead(answer.status, {
      "cache-control": "private",
      "request-id": requestId,
      "client-request-id": clientRequestId,
      "x-ms-ags-diagnostic": JSON.stringify({
        ServerInfo: { DataCenter: "Emulator", Slice: "E", Ring: "0", ScaleUnit: "000", RoleInstance: "EMU" },
      }),
      ...(contentType === undefined ? {} : { "content-type": contentType }),
      ...answer.headers,
      "content-length": String(payload?.length ?? 0),
    });
    res.end(payload);
  }
}

/** Graph errors carry the request ids and date in `innerError`; token endpoint errors do not. */
function withInnerError(body: unknown, now: number, requestId: string, clientRequestId: string): unknown {
  if (!body || typeof body !== "object" || !("error" in body)) return body;
  const error = (body as { error: unknown }).error;
  if (!error || typeof error !== "object" || !("code" in error)) return body;
  return {
    error: {
      ...error,
      innerError: {
        date: innerErrorDate(now),
        "request-id": requestId,
        "client-request-id": clientRequestId,
      },
    },
  };
}

function notEmulated(record: RecordedRequest): Answer {
  return graphError(400, "BadRequest", `emulator: ${record.method} ${record.path} is not emulated`);
}

/** `{scheme}://{host}` the client addressed: forwarded by a transport, else the emulator itself. */
function originOf(req: IncomingMessage, ownUrl: string): string {
  const host = header(req, "x-forwarded-host");
  if (!host) return ownUrl;
  return `${header(req, "x-forwarded-proto") ?? "https"}://${host}`;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function lowerCaseKeys(params: URLSearchParams): URLSearchParams {
  const lowered = new URLSearchParams();
  for (const [key, value] of params) lowered.append(key.toLowerCase(), value);
  return lowered;
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
