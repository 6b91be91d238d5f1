import { eq } from "drizzle-orm";
import { z } from "zod";
import { feedKinds, feeds } from "../../../db/schema/index.ts";
import { fieldMappingSchema } from "../../../integrations/commerce/mapping.ts";
import type { AppContext } from "../../context.ts";
import { withTransaction } from "../../context.ts";
import { type Actor, recordAudit } from "../audit.ts";
import { newFeedSecret } from "./feed-secrets.ts";
import { pollSettingsSchema } from "./poll-settings.ts";

export const createFeedInput = z
  .object({
    name: z.string().trim().min(1).max(120),
    kind: z.enum(feedKinds),
    mapping: fieldMappingSchema.optional(),
    poll: pollSettingsSchema.optional(),
    /** The value of the poll's auth header (e.g. "Bearer …"); sealed at rest. */
    pollAuth: z.string().min(1).max(4000).optional(),
  })
  .refine((feed) => feed.kind !== "rest_poll" || feed.poll, {
    path: ["poll"],
    message: "a polled feed needs its URL and schedule",
  });
export type CreateFeedInput = z.input<typeof createFeedInput>;

/** A new feed with a fresh secret; the secret is returned once here (and on demand to logistics). */
export async function createFeed(
  { ctx, actor }: { ctx: AppContext; actor: Actor },
  input: CreateFeedInput,
): Promise<{ id: string; secret: string }> {
  const parsed = createFeedInput.parse(input);
  const secret = newFeedSecret();
  return withTransaction(ctx.db, async (tx) => {
    const [row] = await tx
      .insert(feeds)
      .values({
        name: parsed.name,
        kind: parsed.kind,
        secretSealed: "pending",
        mapping: parsed.mapping ?? null,
        poll: parsed.poll ?? null,
      })
      .returning({ id: feeds.id });
    const id = (row as { id: string }).id;
    // The feed's id is the secret's owner (authenticated data), so it is sealed once the id exists.
    await tx
      .update(feeds)
      .set({
        secretSealed: ctx.secrets.seal(secret, id),
        pollAuthSealed: parsed.pollAuth ? ctx.secrets.seal(parsed.pollAuth, `${id}:poll`) : null,
      })
      .where(eq(feeds.id, id));
    await recordAudit(tx, {
      actor,
      action: "feed.created",
      subjectType: "feed",
      subjectId: id,
      data: { kind: parsed.kind },
    });
    return { id, secret };
  });
}
