import type { AppContext } from "../../context.ts";
import { applyDeliveryBatch, type PendingDelivery } from "./apply-delivery-batch.ts";
import { type DeliveryOutcome, insertDelivery } from "./receive-feed-delivery.ts";

/**
 * Group commit for webhook deliveries: whatever arrives while earlier batches are being written goes
 * into the next one. An idle feed's delivery is written at once (no waiting window); a burst shares
 * commits. Each caller still answers only after its own delivery is committed.
 */
export class DeliveryBatcher {
  private waiting: {
    item: PendingDelivery;
    resolve: (o: DeliveryOutcome) => void;
    reject: (e: unknown) => void;
  }[] = [];
  private running = 0;
  private scheduled = false;

  constructor(
    private readonly ctx: Pick<AppContext, "db" | "clock" | "logger">,
    private readonly options: { maxBatch: number; concurrency: number },
  ) {}

  submit(item: PendingDelivery): Promise<DeliveryOutcome> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Flush on the next turn of the event loop, so deliveries arriving together go together. */
  private schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump() {
    while (this.running < this.options.concurrency && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.options.maxBatch);
      this.running++;
      this.write(batch).finally(() => {
        this.running--;
        this.schedule();
      });
    }
  }

  private async write(batch: DeliveryBatcher["waiting"]): Promise<void> {
    try {
      const outcomes = await applyDeliveryBatch(
        this.ctx.db,
        batch.map((b) => b.item),
        this.ctx.clock(),
      );
      for (const [i, b] of batch.entries()) b.resolve(outcomes[i] as DeliveryOutcome);
      return;
    } catch (error) {
      if (batch.length === 1) {
        await this.keepFailed(batch[0]?.item as PendingDelivery, error);
        batch[0]?.reject(error);
        return;
      }
      // A deadlock or one delivery's unexpected error: write them one by one, so only the culprit fails.
      this.ctx.logger.warn({ err: error, size: batch.length }, "delivery batch failed; writing one by one");
    }
    for (const b of batch) await this.write([b]);
  }

  /** Keep the payload of a delivery that could not be written, for a replay (nothing is lost). */
  private async keepFailed(item: PendingDelivery, error: unknown) {
    await insertDelivery(this.ctx.db, {
      feedId: item.feedId,
      deliveryKey: null,
      body: item.body,
      headers: item.headers,
      verdict: "failed",
      error: `not applied: ${(error as Error).message}`,
      receivedAt: item.receivedAt,
    }).catch(() => undefined);
  }
}

const batchers = new WeakMap<object, DeliveryBatcher>();

/** The process's batcher for this context's database (PGlite has one connection: one batch at a time). */
export function deliveryBatcher(ctx: AppContext): DeliveryBatcher {
  let batcher = batchers.get(ctx.db);
  if (!batcher) {
    // Several batches in flight use several pooled connections; PGlite serialises them anyway.
    const embedded = ctx.db.constructor.name === "PgliteDatabase";
    batcher = new DeliveryBatcher(ctx, {
      maxBatch: 200,
      concurrency: embedded ? 1 : 2,
    });
    batchers.set(ctx.db, batcher);
  }
  return batcher;
}
