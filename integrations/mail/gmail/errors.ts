/**
 * What a mail provider's failure means to the job that called it. The adapter turns every SDK error into
 * one of these, so the sync and send jobs act on the kind (back off, wait, mark the mailbox for reconnect,
 * give up) without reading HTTP statuses. They hold no SDK error as `cause`: a gaxios error carries the
 * request's `Authorization` header, and errors get logged (invariant 6).
 *
 * TODO: move to integrations/mail/errors.ts once the Outlook adapter throws the same ones.
 */

export abstract class MailProviderError extends Error {
  /** Whether the same call can succeed later without a person doing anything. */
  abstract readonly retryable: boolean;
}

/** The provider's quota (per user or per project): wait `retryAfterMs` when it said how long, else back off. */
export class ProviderRateLimitError extends MailProviderError {
  override name = "ProviderRateLimitError";
  readonly retryable = true;
  constructor(
    message: string,
    readonly retryAfterMs: number | null,
  ) {
    super(message);
  }
}

/**
 * A 5xx, a timeout or a lost connection. After a send this is ambiguous — the message may have gone out —
 * which is why a retried send asks `findSent` first.
 */
export class ProviderUnavailableError extends MailProviderError {
  override name = "ProviderUnavailableError";
  readonly retryable = true;
  constructor(
    message: string,
    /** A 503's `Retry-After`, when it had one. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

/**
 * The mailbox's grant no longer works: `revoked` when the refresh token itself was refused (`invalid_grant`:
 * revoked, expired, password changed); otherwise access is denied with a token that refreshes (scopes,
 * admin policy, the wrong account). Either way a person must reconnect the mailbox.
 */
export class ProviderAuthError extends MailProviderError {
  override name = "ProviderAuthError";
  readonly retryable = false;
  constructor(
    message: string,
    readonly revoked: boolean,
  ) {
    super(message);
  }
}

/** The provider refused the request itself (400, 404, 409…): the same request will fail again. */
export class ProviderRequestError extends MailProviderError {
  override name = "ProviderRequestError";
  readonly retryable = false;
  constructor(
    message: string,
    readonly status: number,
    readonly reason: string | null,
  ) {
    super(message);
  }
}

/** The stored history id is older than Gmail keeps history. Internal: the adapter re-lists instead. */
export class CursorExpiredError extends Error {
  override name = "CursorExpiredError";
}

/** Gmail's quota reasons; it answers them with 403 as well as 429. */
const rateLimitReasons = new Set([
  "rateLimitExceeded",
  "userRateLimitExceeded",
  "quotaExceeded",
  "dailyLimitExceeded",
  "concurrentLimitExceeded",
]);

/** The parts of a gaxios error the mapping reads (typed structurally: googleapis is imported in client.ts). */
interface HttpFailure {
  status: number | null;
  /** Gmail's `errors[0].reason`, or the token endpoint's `error` (`invalid_grant`). */
  reason: string | null;
  message: string;
  retryAfter: string | null;
}

/** The HTTP status of an SDK error, or null when there was no response (timeout, reset). */
export function failureStatus(error: unknown): number | null {
  const status = (error as { response?: { status?: unknown } } | null)?.response?.status;
  return typeof status === "number" ? status : null;
}

/**
 * The error a job sees for an SDK failure. Anything that is not a request failure (a bug of ours) is
 * returned unchanged.
 */
export function toProviderError(error: unknown, what: string, now: number = Date.now()): unknown {
  if (!isRequestFailure(error)) return error;
  const failure = readFailure(error);
  const detail = `gmail ${what}: ${failure.status ?? "no response"}${failure.reason ? ` ${failure.reason}` : ""}: ${failure.message}`;
  if (failure.reason === "invalid_grant") return new ProviderAuthError(detail, true);
  if (failure.reason === "invalid_client" || failure.reason === "unauthorized_client")
    return new ProviderAuthError(detail, false);
  if (failure.status === 429 || (failure.status === 403 && rateLimitReasons.has(failure.reason ?? "")))
    return new ProviderRateLimitError(detail, retryAfterMs(failure.retryAfter, failure.message, now));
  if (failure.status === 401 || failure.status === 403) return new ProviderAuthError(detail, false);
  if (failure.status === null || failure.status === 408 || failure.status >= 500)
    return new ProviderUnavailableError(detail, retryAfterMs(failure.retryAfter, "", now));
  return new ProviderRequestError(detail, failure.status, failure.reason);
}

/**
 * Milliseconds to wait: the `Retry-After` header (seconds or an HTTP date), else the timestamp Gmail writes
 * into quota messages ("User-rate limit exceeded.  Retry after 2026-03-03T10:00:00.000Z"), else null.
 */
export function retryAfterMs(header: string | null, message: string, now: number): number | null {
  const value = header?.trim();
  if (value) {
    if (/^\d+$/.test(value)) return Number(value) * 1000;
    const at = Date.parse(value);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  const stated = /retry after (\S+)/i.exec(message)?.[1];
  const at = stated ? Date.parse(stated) : Number.NaN;
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** A gaxios error: it always carries the request's `config`. */
function isRequestFailure(error: unknown): error is Error {
  return error instanceof Error && typeof (error as { config?: unknown }).config === "object";
}

function readFailure(error: Error): HttpFailure {
  const response = (error as { response?: { data?: unknown; headers?: unknown } }).response;
  const data = response?.data as
    | { error?: string | { message?: string; errors?: { reason?: string }[]; status?: string } }
    | undefined;
  const body = data?.error;
  const reason = typeof body === "string" ? body : (body?.errors?.[0]?.reason ?? body?.status ?? null);
  const message = typeof body === "object" && body.message ? body.message : error.message;
  return {
    status: failureStatus(error),
    reason,
    message,
    retryAfter: header(response?.headers, "retry-after"),
  };
}

/** gaxios 7 answers a fetch-style `Headers` (not always the global class); older versions a plain object. */
function header(headers: unknown, name: string): string | null {
  if (!headers || typeof headers !== "object") return null;
  const { get } = headers as { get?: unknown };
  if (typeof get === "function") return (get.call(headers, name) as string | null) ?? null;
  const value = (headers as Record<string, unknown>)[name];
  return typeof value === "string" ? value : null;
}
