import { eq, isNotNull, or } from "drizzle-orm";
import { feeds, mailboxes, mailPushChannels } from "../../db/schema/index.ts";
import type { AppContext } from "../context.ts";

/**
 * Key rotation's second half: after `MAILROOM_SECRET_KEY` changes (the old key moved to
 * `MAILROOM_SECRET_KEY_PREVIOUS`), every secret sealed with an old key is opened and sealed again with the
 * current one, so the old key can be retired. Each value keeps its owner (the AAD it was sealed with).
 * Idempotent and cheap when there is nothing to do; the sweeper runs it.
 */
export async function resealSecrets(ctx: Pick<AppContext, "db" | "secrets" | "logger">): Promise<number> {
  const { secrets } = ctx;
  const again = (sealed: string | null, owner: string) =>
    sealed && secrets.needsRotation(sealed) ? secrets.seal(secrets.open(sealed, owner), owner) : null;
  let resealed = 0;

  for (const m of await ctx.db
    .select({ id: mailboxes.id, credentials: mailboxes.credentials })
    .from(mailboxes)
    .where(isNotNull(mailboxes.credentials))) {
    const credentials = again(m.credentials, m.id);
    if (!credentials) continue;
    await ctx.db.update(mailboxes).set({ credentials }).where(eq(mailboxes.id, m.id));
    resealed++;
  }

  for (const c of await ctx.db
    .select({
      id: mailPushChannels.id,
      mailboxId: mailPushChannels.mailboxId,
      clientState: mailPushChannels.clientState,
    })
    .from(mailPushChannels)
    .where(isNotNull(mailPushChannels.clientState))) {
    const clientState = again(c.clientState, c.mailboxId);
    if (!clientState) continue;
    await ctx.db.update(mailPushChannels).set({ clientState }).where(eq(mailPushChannels.id, c.id));
    resealed++;
  }

  for (const f of await ctx.db
    .select({
      id: feeds.id,
      secretSealed: feeds.secretSealed,
      previousSecretSealed: feeds.previousSecretSealed,
      pollAuthSealed: feeds.pollAuthSealed,
    })
    .from(feeds)
    .where(or(isNotNull(feeds.secretSealed), isNotNull(feeds.pollAuthSealed)))) {
    const secretSealed = again(f.secretSealed, f.id);
    const previousSecretSealed = again(f.previousSecretSealed, f.id);
    const pollAuthSealed = again(f.pollAuthSealed, `${f.id}:poll`);
    if (!secretSealed && !previousSecretSealed && !pollAuthSealed) continue;
    await ctx.db
      .update(feeds)
      .set({
        ...(secretSealed ? { secretSealed } : {}),
        ...(previousSecretSealed ? { previousSecretSealed } : {}),
        ...(pollAuthSealed ? { pollAuthSealed } : {}),
      })
      .where(eq(feeds.id, f.id));
    resealed++;
  }
  if (resealed > 0) ctx.logger.info({ resealed }, "secrets sealed again with the current key");
  return resealed;
}
