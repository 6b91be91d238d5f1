import { eq } from "drizzle-orm";
import { z } from "zod";
import { feeds } from "../../../db/schema/index.ts";
import { fieldMappingSchema } from "../../../integrations/commerce/mapping.ts";
import { type AppContext, withTransaction } from "../../context.ts";
import { type Actor, recordAudit } from "../audit.ts";
import { InvalidInputError, NotFoundError } from "../errors.ts";
import { forgetFeed } from "./receive-feed-delivery.ts";

export const updateFeedMappingInput = z.object({ feedId: z.uuid(), mapping: fieldMappingSchema });
export type UpdateFeedMappingInput = z.input<typeof updateFeedMappingInput>;

/** Save a feed's field mapping; payloads that failed under the old one can then be replayed. */
export async function updateFeedMapping(
  { ctx, actor }: { ctx: AppContext; actor: Actor },
  input: UpdateFeedMappingInput,
): Promise<void> {
  const { feedId, mapping } = updateFeedMappingInput.parse(input);
  await withTransaction(ctx.db, async (tx) => {
    const [feed] = await tx
      .select({ kind: feeds.kind })
      .from(feeds)
      .where(eq(feeds.id, feedId))
      .for("update");
    if (!feed) throw new NotFoundError(`feed ${feedId} not found`);
    if (feed.kind !== "generic_json" && feed.kind !== "rest_poll")
      throw new InvalidInputError(`a ${feed.kind} feed reads its own format; it takes no field mapping`);
    await tx.update(feeds).set({ mapping }).where(eq(feeds.id, feedId));
    await recordAudit(tx, {
      actor,
      action: "feed.mapping_updated",
      subjectType: "feed",
      subjectId: feedId,
      data: { mapping },
    });
  });
  // Once committed: a delivery arriving meanwhile must not cache the old mapping again.
  forgetFeed(ctx, feedId);
}
