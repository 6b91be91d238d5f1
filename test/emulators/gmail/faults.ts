/**
 * Faults scripted by tests, matched by method and path and used up one request at a time, in the order they
 * were added. A fault is checked before authentication, so it fires whatever the token. `delay` and
 * `dropAfterApply` still handle the request (a send is stored): one answers late, the other destroys the
 * connection before any byte of the response — either way the client may not learn whether it worked.
 */
import { type Answer, googleError } from "./wire.ts";

export type GmailFault =
  /** Gmail's quota errors; 429 by default (Gmail also answers 403 for these reasons). */
  | {
      kind: "rateLimited";
      reason?: "rateLimitExceeded" | "userRateLimitExceeded";
      status?: 429 | 403;
      /** Sent as `Retry-After` (seconds); default 1. */
      retryAfterSeconds?: number;
    }
  | { kind: "serverError"; status?: 500 | 502 | 503 | 504 }
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
   * Matched against the path without the query string. A string matches exactly, with `*` standing for one
   * path segment (`/gmail/v1/users/*\/messages/send`); a RegExp is tested as is (`/messages\/send$/` also
   * catches the `/upload/...` form). Any path when absent.
   */
  path?: string | RegExp;
  /** How many matching requests get the fault; default 1, `Infinity` for all. */
  times?: number;
}

export interface ScheduledFault {
  readonly target: FaultTarget;
  readonly fault: GmailFault;
  /** Matching requests still to be hit. */
  remaining: number;
}

export class FaultScript {
  private readonly scheduled: ScheduledFault[] = [];

  add(target: FaultTarget, fault: GmailFault): ScheduledFault {
    const entry: ScheduledFault = { target, fault, remaining: target.times ?? 1 };
    this.scheduled.push(entry);
    return entry;
  }

  /** The first live fault matching the request, used up by one. */
  take(method: string, path: string): GmailFault | undefined {
    const entry = this.scheduled.find(
      (candidate) => candidate.remaining > 0 && matches(candidate.target, method, path),
    );
    if (!entry) return undefined;
    entry.remaining -= 1;
    return entry.fault;
  }

  pending(): number {
    return this.scheduled.reduce((sum, entry) => sum + entry.remaining, 0);
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
  return new RegExp(`^${pattern}$`).test(path);
}

/** The answer for a fault that answers at all. */
export function faultAnswer(fault: GmailFault): Answer | undefined {
  if (fault.kind === "rateLimited") {
    const reason = fault.reason ?? "userRateLimitExceeded";
    const message = reason === "userRateLimitExceeded" ? "User-rate limit exceeded." : "Rate Limit Exceeded";
    const retryAfter = String(fault.retryAfterSeconds ?? 1);
    return googleError(
      fault.status ?? 429,
      message,
      { reason, domain: "usageLimits" },
      { "retry-after": retryAfter },
    );
  }
  if (fault.kind === "serverError") {
    const status = fault.status ?? 500;
    const message = status === 500 ? "Backend Error" : "The service is currently unavailable.";
    return googleError(status, message);
  }
  return undefined;
}
