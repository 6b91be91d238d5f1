/**
 * Gmail's per-user quota: 250 units per second, each method costing its documented units (Gmail API,
 * "Usage limits"). Calls for one mailbox wait their turn here instead of earning a 429, so a backfill runs
 * at the quota's pace — about 50 `messages.get` a second — and never over it. One pacer per address per
 * process: the sync lease keeps one sync per mailbox at a time, and a 429 that still happens (other
 * processes, other apps on the same account) is honoured through Retry-After.
 */
export const quotaUnits: Record<string, number> = {
  getProfile: 1,
  "labels.list": 1,
  "labels.create": 5,
  "history.list": 2,
  "messages.list": 5,
  "messages.get": 5,
  "messages.modify": 5,
  "messages.batchModify": 50,
  "messages.send": 100,
  "users.watch": 100,
  "users.stop": 1,
};

export class QuotaPacer {
  private available: number;
  private updatedAt: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly unitsPerSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    // Start with one second's worth: Gmail measures over a moving window, so a burst of that size is fine.
    this.available = unitsPerSecond;
    this.updatedAt = now();
  }

  /** Resolves when `units` may be spent; callers are served in order. */
  take(units: number): Promise<void> {
    const turn = this.queue.then(() => this.wait(Math.min(units, this.unitsPerSecond)));
    this.queue = turn;
    return turn;
  }

  private async wait(units: number): Promise<void> {
    for (;;) {
      const now = this.now();
      this.available = Math.min(
        this.unitsPerSecond,
        this.available + ((now - this.updatedAt) / 1000) * this.unitsPerSecond,
      );
      this.updatedAt = now;
      if (this.available >= units) {
        this.available -= units;
        return;
      }
      const missing = units - this.available;
      await new Promise((resolve) => setTimeout(resolve, Math.ceil((missing / this.unitsPerSecond) * 1000)));
    }
  }
}

const pacers = new Map<string, QuotaPacer>();

/** The process-wide pacer of one mailbox. */
export function pacerFor(address: string, unitsPerSecond: number): QuotaPacer {
  const key = `${address.toLowerCase()}@${unitsPerSecond}`;
  let pacer = pacers.get(key);
  if (!pacer) {
    pacer = new QuotaPacer(unitsPerSecond);
    pacers.set(key, pacer);
  }
  return pacer;
}
