/** Domain errors, mapped to HTTP in one place (server/http/errors.ts). */
export class DomainError extends Error {}

export class NotFoundError extends DomainError {
  override name = "NotFoundError";
}

/** The action cannot happen in the subject's current state (e.g. approving an item already approved). */
export class ConflictError extends DomainError {
  override name = "ConflictError";
}

export class InvalidInputError extends DomainError {
  override name = "InvalidInputError";
}

/** Something outside we depend on (the model engine) cannot answer now; trying again later may work. */
export class UnavailableError extends DomainError {
  override name = "UnavailableError";
}

/** The mailbox's grant was revoked or expired for good: a person must reconnect it; retrying is useless. */
export class MailboxNeedsReconnectError extends DomainError {
  override name = "MailboxNeedsReconnectError";
}

/** Wrong email or password, or an account that cannot sign in; says no more than that. */
export class AuthenticationError extends DomainError {
  override name = "AuthenticationError";
}

/** Too many attempts; the caller may try again after `retryAfterSeconds`. */
export class RateLimitedError extends DomainError {
  override name = "RateLimitedError";
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/**
 * The provider asked us to wait (429 or 503 with Retry-After) and the mailbox is held until `until`: its
 * jobs wait that long instead of spending attempts, and other mailboxes are not held up.
 */
export class MailboxThrottledError extends DomainError {
  override name = "MailboxThrottledError";
  constructor(
    message: string,
    readonly until: Date,
  ) {
    super(message);
  }
}
