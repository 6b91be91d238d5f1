import { eq } from "drizzle-orm";
import type { Executor } from "../../../db/client.ts";
import { mailboxes } from "../../../db/schema/index.ts";
import { SandboxMailbox } from "../../../integrations/mail/sandbox/provider.ts";
import type { MailProvider } from "../../../integrations/mail/types.ts";
import type { AppContext } from "../../context.ts";
import { NotFoundError } from "../errors.ts";

export type Mailbox = typeof mailboxes.$inferSelect;

/**
 * Mailbox rows change rarely (connect, pause, reconnect) but every sync, triage and send reads one;
 * a short-lived cache per context saves those reads. A pause takes effect within `cacheMs`.
 */
const cacheMs = 2_000;
const caches = new WeakMap<object, Map<string, { mailbox: Mailbox; until: number }>>();

/** The adapter for a mailbox, by its provider. Gmail and Outlook join here. */
export async function mailProviderFor(
  ctx: Pick<AppContext, "db" | "clock">,
  mailboxId: string,
  db: Executor = ctx.db,
): Promise<{ mailbox: Mailbox; provider: MailProvider }> {
  const mailbox = await loadMailbox(ctx, mailboxId);
  switch (mailbox.provider) {
    case "sandbox":
      return { mailbox, provider: new SandboxMailbox(db, mailbox.id, ctx.clock) };
    default:
      throw new NotFoundError(`mailbox provider ${mailbox.provider} is not available yet`);
  }
}

async function loadMailbox(ctx: Pick<AppContext, "db">, mailboxId: string): Promise<Mailbox> {
  let cache = caches.get(ctx);
  if (!cache) {
    cache = new Map();
    caches.set(ctx, cache);
  }
  const hit = cache.get(mailboxId);
  if (hit && hit.until > Date.now()) return hit.mailbox;
  const [mailbox] = await ctx.db.select().from(mailboxes).where(eq(mailboxes.id, mailboxId));
  if (!mailbox) throw new NotFoundError(`mailbox ${mailboxId} not found`);
  cache.set(mailboxId, { mailbox, until: Date.now() + cacheMs });
  return mailbox;
}

/** Forget a cached mailbox after changing its row (status, credentials). */
export function forgetMailbox(ctx: Pick<AppContext, "db">, mailboxId: string): void {
  caches.get(ctx)?.delete(mailboxId);
}
