import { gt } from "drizzle-orm";
import { reviewItems } from "../../db/schema/index.ts";
import type { ReviewEvent, ReviewViewer } from "../api/types.ts";
import type { AppContext } from "../context.ts";

type Listener = (event: ReviewEvent) => void;

/** How often the hub looks for created and changed items; any process (server or worker) may write them. */
const pollMs = 1_000;
/** A transaction's `now()` is its start, so a row may commit with an `updated_at` this far behind. */
const commitLagMs = 10_000;

/**
 * Live review events for one server process. Item changes come from the database (so items the worker
 * creates show up too); presence — who is viewing which item — is kept in this process's memory only,
 * so with several server processes each sees the viewers connected to it.
 */
export class ReviewEventHub {
  private readonly listeners = new Set<Listener>();
  private readonly viewers = new Map<string, Map<string, { viewer: ReviewViewer; connections: number }>>();
  private timer: NodeJS.Timeout | null = null;
  private watermark: Date;
  /** id → updated_at already announced, to skip repeats inside the commit-lag window. */
  private readonly seen = new Map<string, number>();

  constructor(private readonly ctx: AppContext) {
    this.watermark = ctx.clock();
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    if (!this.timer) {
      this.watermark = new Date(Date.now() - 1_000);
      this.timer = setInterval(() => void this.poll(), pollMs);
      this.timer.unref();
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
      }
    };
  }

  publish(event: ReviewEvent) {
    for (const listener of this.listeners) listener(event);
  }

  /** A person opened an item; returns what to call when they leave. */
  view(itemId: string, viewer: ReviewViewer): () => void {
    const onItem = this.viewers.get(itemId) ?? new Map();
    this.viewers.set(itemId, onItem);
    const entry = onItem.get(viewer.userId) ?? { viewer, connections: 0 };
    entry.connections += 1;
    onItem.set(viewer.userId, entry);
    this.publishPresence(itemId);
    let left = false;
    return () => {
      if (left) return;
      left = true;
      entry.connections -= 1;
      if (entry.connections <= 0) onItem.delete(viewer.userId);
      if (onItem.size === 0) this.viewers.delete(itemId);
      this.publishPresence(itemId);
    };
  }

  viewersOf(itemId: string): ReviewViewer[] {
    return [...(this.viewers.get(itemId)?.values() ?? [])].map((e) => e.viewer);
  }

  private publishPresence(itemId: string) {
    this.publish({ type: "presence", itemId, viewers: this.viewersOf(itemId) });
  }

  /** Announce rows changed since the last look (public so tests need not wait for the timer). */
  async poll(): Promise<void> {
    const since = new Date(this.watermark.getTime() - commitLagMs);
    try {
      const rows = await this.ctx.db
        .select({
          id: reviewItems.id,
          status: reviewItems.status,
          createdAt: reviewItems.createdAt,
          updatedAt: reviewItems.updatedAt,
        })
        .from(reviewItems)
        .where(gt(reviewItems.updatedAt, since))
        .orderBy(reviewItems.updatedAt)
        .limit(1_000);
      for (const row of rows) {
        const at = row.updatedAt.getTime();
        if (this.seen.get(row.id) === at) continue;
        this.seen.set(row.id, at);
        if (at > this.watermark.getTime()) this.watermark = row.updatedAt;
        const created = row.createdAt.getTime() === at;
        this.publish({
          type: created ? "item.created" : "item.changed",
          itemId: row.id,
          status: row.status,
          at: row.updatedAt.toISOString(),
        });
      }
      for (const [id, at] of this.seen) if (at < since.getTime()) this.seen.delete(id);
    } catch (error) {
      this.ctx.logger.warn({ err: error }, "review events: could not look for changed items");
    }
  }
}

const hubs = new WeakMap<AppContext, ReviewEventHub>();

/** The hub of this process's app context (one per context, created on first use). */
export function reviewEvents(ctx: AppContext): ReviewEventHub {
  let hub = hubs.get(ctx);
  if (!hub) {
    hub = new ReviewEventHub(ctx);
    hubs.set(ctx, hub);
  }
  return hub;
}
