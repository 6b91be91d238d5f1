import { eq } from "drizzle-orm";
import type { Executor } from "../../../db/client.ts";
import { reviewItems } from "../../../db/schema/index.ts";
import { ConflictError, NotFoundError } from "../errors.ts";

/** The item, locked for this transaction, when it is still open; otherwise the error a person should see. */
export async function lockOpenReviewItem(tx: Executor, itemId: string) {
  const [item] = await tx.select().from(reviewItems).where(eq(reviewItems.id, itemId)).for("update");
  if (!item) throw new NotFoundError(`review item ${itemId} not found`);
  if (item.status !== "open") throw new ConflictError(`review item is already ${item.status}`);
  return item;
}
