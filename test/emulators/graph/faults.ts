/**
 * Faults scripted by tests, matched by method and path and used up one request at a time, in the order they
 * were added. A fault is checked before authentication, so it fires whatever the token (token endpoint
 * included). `delay` and `dropAfterApply` still handle the request (a send is stored): one answers late, the
 * other destroys the connection before any byte of the response — the client may not learn whether it worked.
 */
import { type Answer, graphError } from "./wire.ts";

export type GraphFault =
  /** Graph's throttling: 429 with `Retry-After` (seconds), as the per-mailbox limits answer. */
  | { kind: "rateLimited"; retryAfterSeconds?: number; code?: string; message?: string }
  /** 503 and 504 are the ones Graph documents as transient (the SDK's RetryHandler retries 429, 503, 504). */
  | { kind: "serverError"; status?: 500 | 502 | 503 | 504; retryAfterSeconds?: number }
  /** Never answers; the request stays open until the client gives up or the emulator closes. */
  | { kind: "hang" }
  /**
   * A slow backend: waits `ms`, then handles the request and answers — the work happens even if the client
   * gave up or died meanwhile, as a real server finishes what it accepted.
   */
  | { kind: "delay"; ms: number }
  /** Handles the request (state changes stick), then destroys the socket without a response. */
  | { kind: "dropAfterApply" };

export interface FaultTarget {
  /** Any method when absent. */
  method?: string;
  /**
   * Matched against the path without the query string, e.g. `/v1.0/users/*\/sendMail`. A string matches
   * exactly, with `*` standing for one path segment; a RegExp is tested as is. Any path when absent.
   */
  path?: string | RegExp;
  /** How many matching requests get the fault; default 1, `Infinity` for all. */
  times?: number;
}

export interface ScheduledFault {
  readonly target: FaultTarget;
  readonly fault: GraphFault;
  /** Matching requests still to be hit. */
  remaining: number;
}

export class FaultScript {
  private readonly scheduled: ScheduledFault[] = [];

  add(target: FaultTarget, fault: GraphFault): ScheduledFault {
    const entry: ScheduledFault = { target, fault, remaining: target.times ?? 1 };
    this.scheduled.push(entry);
    return entry;
  }

  /** The first live fault matching the request, used up by one. */
  take(method: string, path: string): GraphFault | undefined {
    const entry = this.scheduled.find(
      (candidate) => candidate.remaining > 0 && matches(candidate.target, method, path),
    );
    if (!entry) return undefined;
    entry.remaining -= 1;
    return entry.fault;
  }

  clear(): void {
    this.scheduled.length = 0;
  }
}

function matches(target: FaultTarget, method: string, path: string): boolean {
  if (target.method && target.method.toUpperCase() !== method) return false;
  if (target.path === undefined) return true;
  if (target.path instanceof RegExp) return target.path.test(path);
  const pattern = target.path
    .split("*")
    .map((piece) => piece.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join("[^/]+");
  return new RegExp(`^${pattern}$`, "i").test(path);
}

/** The answer for a fault that answers at all. */
export function faultAnswer(fault: GraphFault): Answer | undefined {
  if (fault.kind === "rateLimited") {
    return graphError(
      429,
      fault.code ?? "ApplicationThrottled",
      fault.message ?? "Application is over its MailboxConcurrency limit.",
      { "retry-after": String(fault.retryAfterSeconds ?? 1) },
    );
  }
  if (fault.kind === "serverError") {
    const status = fault.status ?? 503;
    const headers: Record<string, string> =
      fault.retryAfterSeconds === undefined ? {} : { "retry-after": String(fault.retryAfterSeconds) };
    if (status === 503) return graphError(503, "ServiceNotAvailable", "Service Unavailable", headers);
    if (status === 504) return graphError(504, "GatewayTimeout", "Gateway Timeout", headers);
    return graphError(status, "InternalServerError", "An internal server error occurred.", headers);
  }
  return undefined;
}
