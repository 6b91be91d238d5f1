/**
 * Graph and identity-platform failures as the kinds the jobs act on. The classes are the Gmail adapter's
 * (TODO: both import them from integrations/mail/errors.ts once they move there). Like Gmail's, the errors
 * keep no SDK error as `cause`.
 */
import {
  ProviderAuthError,
  ProviderRateLimitError,
  ProviderRequestError,
  ProviderUnavailableError,
  retryAfterMs,
} from "../gmail/errors.ts";

export {
  MailProviderError,
  ProviderAuthError,
  ProviderRateLimitError,
  ProviderRequestError,
  ProviderUnavailableError,
} from "../gmail/errors.ts";

/**
 * The parts of a `GraphError` the mapping reads (typed structurally: the SDK is imported in client.ts; its
 * class keeps the name `Error`, so `statusCode` and `requestId` tell it apart).
 */
interface GraphFailure {
  /** -1 when there was no response (timeout, reset): the SDK's own convention. */
  statusCode: number;
  code: string | null;
  message: string;
  headers?: { get(name: string): string | null };
}

/** The parts of an MSAL `AuthError` (ServerError for AADSTS answers) the mapping reads. */
interface TokenFailure {
  errorCode: string;
  errorMessage: string;
}

/** The HTTP status of a Graph SDK error, or null when there was none. */
export function failureStatus(error: unknown): number | null {
  return isGraphFailure(error) && error.statusCode > 0 ? error.statusCode : null;
}

/** Graph's code (`ErrorItemNotFound`, `syncStateNotFound`…), when the error is Graph's. */
export function failureCode(error: unknown): string | null {
  return isGraphFailure(error) ? error.code : null;
}

/**
 * The error a job sees for an SDK or MSAL failure. Anything else (a bug of ours) is returned unchanged.
 */
export function toProviderError(error: unknown, what: string, now: number = Date.now()): unknown {
  if (isTokenFailure(error)) return tokenError(error, what);
  if (!isGraphFailure(error)) return error;
  const status = failureStatus(error);
  const detail = `outlook ${what}: ${status ?? "no response"}${error.code ? ` ${error.code}` : ""}: ${error.message}`;
  if (status === 429)
    return new ProviderRateLimitError(
      detail,
      retryAfterMs(error.headers?.get("retry-after") ?? null, "", now),
    );
  if (status === 401 || status === 403) return new ProviderAuthError(detail, false);
  if (status === null || status === 408 || status >= 500) return new ProviderUnavailableError(detail);
  return new ProviderRequestError(detail, status, error.code);
}

/**
 * AADSTS answers: `invalid_grant` is the refresh token refused (revoked, expired, password reset: AADSTS50173,
 * 700082…); `invalid_client` / `unauthorized_client` a secret or app registration that no longer works.
 * Anything else from MSAL (network, discovery) may pass on its own.
 */
function tokenError(error: TokenFailure, what: string): Error {
  const detail = `outlook ${what} (token): ${error.errorCode}: ${error.errorMessage.split("\n")[0] ?? ""}`;
  if (error.errorCode === "invalid_grant") return new ProviderAuthError(detail, true);
  if (["invalid_client", "unauthorized_client", "invalid_scope"].includes(error.errorCode))
    return new ProviderAuthError(detail, false);
  return new ProviderUnavailableError(detail);
}

function isGraphFailure(error: unknown): error is Error & GraphFailure {
  return (
    error instanceof Error &&
    typeof (error as { statusCode?: unknown }).statusCode === "number" &&
    "requestId" in error
  );
}

function isTokenFailure(error: unknown): error is Error & TokenFailure {
  return (
    error instanceof Error &&
    typeof (error as { errorCode?: unknown }).errorCode === "string" &&
    typeof (error as { errorMessage?: unknown }).errorMessage === "string"
  );
}
