import { eq } from "drizzle-orm";
import { feeds } from "../../../db/schema/index.ts";
import { type AppContext, withTransaction } from "../../context.ts";
import { type Actor, recordAudit } from "../audit.ts";
import { NotFoundError } from "../errors.ts";
import { newFeedSecret, secretGraceMs } from "./feed-secrets.ts";
import { forgetFeed } from "./receive-feed-delivery.ts";

/**
 * A new secret for a feed. The old one keeps verifying for an hour so the sender can switch over
 * (a leaked secret is cut off at once with `immediately`).
 */
export async function rotateFeedSecret(
  { ctx, actor }: { ctx: AppContext; actor: Actor },
  input: { feedId: string; immediately?: boolean },
): Promise<{ secret: string; previousValidUntil: Date | null }> {
  const secret = newFeedSecret();
  const now = ctx.clock();
  const rotated = await withTransaction(ctx.db, async (tx) => {
    const [feed] = await tx.select().from(feeds).where(eq(feeds.id, input.feedId)).for("update");
    if (!feed) throw new NotFoundError(`feed ${input.feedId} not found`);
    const previousValidUntil = input.immediately ? null : new Date(now.getTime() + secretGraceMs);
    await tx
      .update(feeds)
      .set({
        secretSealed: ctx.secrets.seal(secret, feed.id),
        previousSecretSealed: previousValidUntil ? feed.secretSealed : null,
        previousSecretUntil: previousValidUntil,
      })
      .where(eq(feeds.id, feed.id));
    await recordAudit(tx, {
      actor,
      action: "feed.secret_rotated",
      subjectType: "feed",
      subjectId: feed.id,
      data: { graceUntil: previousValidUntil?.toISOString() ?? null },
    });
    return { secret, previousValidUntil };
  });
  // Once committed: a delivery arriving meanwhile must not cache the old secret again.
  forgetFeed(ctx, input.feedId);
  return rotated;
}
