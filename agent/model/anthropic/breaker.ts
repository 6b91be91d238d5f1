/**
 * A circuit breaker in front of the hosted model. While the API keeps failing (after the SDK's own
 * retries), calls fail at once instead of each waiting out its retries and timeout: the mail goes to
 * review promptly and the API is not hammered while it recovers. After a cool-down one probe call is
 * let through (half-open); its success closes the breaker, its failure opens it for another cool-down.
 */
export interface BreakerOptions {
  /** Opens after this many failures in a row. Default 5. */
  consecutiveFailures?: number;
  /** …or after this many failures within `windowMs`, successes between them notwithstanding. Default 10. */
  failuresInWindow?: number;
  /** Default 60 s. */
  windowMs?: number;
  /** How long it stays open before a probe. Default 30 s. */
  cooldownMs?: number;
}

export type BreakerState = "closed" | "open" | "half_open";

/** Leave to make one call; report how it went with `succeeded()` or `failed()`. */
export interface BreakerPermit {
  readonly probe: boolean;
}

export class CircuitBreaker {
  readonly #consecutiveLimit: number;
  readonly #windowLimit: number;
  readonly #windowMs: number;
  readonly #cooldownMs: number;
  readonly #now: () => number;
  #state: BreakerState = "closed";
  #consecutive = 0;
  #recentFailures: number[] = [];
  #openedAt = 0;
  #probeInFlight = false;

  constructor(options: BreakerOptions, now: () => number) {
    this.#consecutiveLimit = options.consecutiveFailures ?? 5;
    this.#windowLimit = options.failuresInWindow ?? 10;
    this.#windowMs = options.windowMs ?? 60_000;
    this.#cooldownMs = options.cooldownMs ?? 30_000;
    this.#now = now;
  }

  get state(): BreakerState {
    if (this.#state === "open" && this.#now() - this.#openedAt >= this.#cooldownMs) return "half_open";
    return this.#state;
  }

  /** A permit to call, or null when the breaker is open (or half-open with its probe still out). */
  admit(): BreakerPermit | null {
    if (this.#state === "closed") return { probe: false };
    if (this.state !== "half_open" || this.#probeInFlight) return null;
    this.#state = "half_open";
    this.#probeInFlight = true;
    return { probe: true };
  }

  succeeded(permit: BreakerPermit): void {
    if (permit.probe) {
      this.#state = "closed";
      this.#probeInFlight = false;
      this.#recentFailures = [];
    }
    // A call admitted before the breaker opened proves little; only the probe closes it. A success
    // breaks a run of failures, but the window still counts them: an API failing every other call is ill.
    if (this.#state === "closed") this.#consecutive = 0;
  }

  failed(permit: BreakerPermit): void {
    const now = this.#now();
    if (permit.probe) {
      this.#open(now);
      return;
    }
    if (this.#state !== "closed") return;
    this.#consecutive += 1;
    this.#recentFailures = this.#recentFailures.filter((at) => now - at < this.#windowMs);
    this.#recentFailures.push(now);
    if (this.#consecutive >= this.#consecutiveLimit || this.#recentFailures.length >= this.#windowLimit) {
      this.#open(now);
    }
  }

  #open(now: number): void {
    this.#state = "open";
    this.#openedAt = now;
    this.#probeInFlight = false;
    this.#consecutive = 0;
    this.#recentFailures = [];
  }
}
