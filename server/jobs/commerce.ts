import { and, eq, isNotNull } from "drizzle-orm";
import { z } from "zod";
import { feeds } from "../../db/schema/index.ts";
import type { AppContext } from "../context.ts";
import { detectLateShipments } from "../domain/commerce/detect-late-shipments.ts";
import { pollFeed } from "../domain/commerce/poll-feed.ts";
import { pollSettingsSchema } from "../domain/commerce/poll-settings.ts";
import { DomainError } from "../domain/errors.ts";
import { PermanentJobError } from "./queue.ts";

export const commerceQueue = "commerce";
export const commerceJobs = { pollFeed: "poll-feed" } as const;

/**
 * The commerce queue: polls of REST feeds. A poll is cheap to redo and the endpoint may be down for a
 * while, so it retries with backoff; a wrong URL or credentials (4xx) fail at once with the reason.
 */
export function startCommerceWorkers(ctx: AppContext): void {
  ctx.queue.work(
    commerceQueue,
    {
      [commerceJobs.pollFeed]: async (payload, job) => {
        const parsed = z.object({ feedId: z.uuid() }).safeParse(payload);
        if (!parsed.success)
          throw new PermanentJobError(`invalid ${job.name} payload: ${parsed.error.message}`);
        try {
          await pollFeed(ctx, parsed.data.feedId);
        } catch (error) {
          if (error instanceof DomainError) throw new PermanentJobError(error.message);
          throw error;
        }
      },
    },
    { attempts: 5, backoffMs: 10_000, concurrency: 2 },
  );
}

/**
 * Polls that are due: one job per feed per interval slot (the slot in the id dedupes across processes).
 * A feed is polled once its fields are mapped: before that its pages could only be kept as unreadable.
 */
export async function enqueueDuePolls(ctx: AppContext): Promise<number> {
  const polled = await ctx.db
    .select({ id: feeds.id, poll: feeds.poll, lastPolledAt: feeds.lastPolledAt })
    .from(feeds)
    .where(and(eq(feeds.kind, "rest_poll"), eq(feeds.enabled, true), isNotNull(feeds.mapping)));
  const now = Date.now();
  let due = 0;
  for (const feed of polled) {
    const settings = pollSettingsSchema.safeParse(feed.poll);
    if (!settings.success) continue;
    const everyMs = settings.data.everySeconds * 1000;
    if (feed.lastPolledAt && now - feed.lastPolledAt.getTime() < everyMs) continue;
    const slot = Math.floor(now / everyMs);
    await ctx.queue.add(
      commerceQueue,
      commerceJobs.pollFeed,
      { feedId: feed.id },
      { jobId: `poll-${feed.id}-${slot}` },
    );
    due++;
  }
  return due;
}

/** Every 30 s: due polls, and parcels that went late since (shipment.late). Returns a stop function. */
export function startCommerceSweeper(ctx: AppContext, everyMs = 30_000): () => void {
  const tick = async () => {
    try {
      await enqueueDuePolls(ctx);
      await detectLateShipments(ctx);
    } catch (error) {
      ctx.logger.warn({ err: error }, "commerce sweeper tick failed");
    }
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
