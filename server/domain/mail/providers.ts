import { eq } from "drizzle-orm";
import type { Executor } from "../../../db/client.ts";
import { mailboxes } from "../../../db/schema/index.ts";
import { GmailCredentials, GmailMailbox } from "../../../integrations/mail/gmail/index.ts";
import { SandboxMailbox } from "../../../integrations/mail/sandbox/provider.ts";
import type { MailProvider } from "../../../integrations/mail/types.ts";
import type { AppContext } from "../../context.ts";
import { recordAudit } from "../audit.ts";
import { MailboxNeedsReconnectError, NotFoundError } from "../errors.ts";
import { outlookMailbox } from "./outlook-mailbox.ts";

export type Mailbox = typeof mailboxes.$inferSelect;

/**
 * Mailbox rows change rarely (connect, pause, reconnect) but every sync, triage and send reads one;
 * a short-lived cache per context saves those reads. A pause takes effect within `cacheMs`.
 */
const cacheMs = 2_000;
const caches = new WeakMap<object, Map<string, { mailbox: Mailbox; until: number }>>();

/** The adapter for a mailbox, by its provider. */
export async function mailProviderFor(
  ctx: Pick<AppContext, "db" | "clock" | "secrets" | "config" | "logger" | "mailTransport">,
  mailboxId: string,
  db: Executor = ctx.db,
): Promise<{ mailbox: Mailbox; provider: MailProvider }> {
  const mailbox = await loadMailbox(ctx, mailboxId);
  switch (mailbox.provider) {
    case "sandbox":
      return { mailbox, provider: new SandboxMailbox(db, mailbox.id, ctx.clock) };
    case "gmail":
      return { mailbox, provider: gmailMailbox(ctx, mailbox) };
    case "outlook":
      return { mailbox, provider: outlookMailbox(ctx, mailbox, (id) => forgetMailbox(ctx, id)) };
    default:
      throw new NotFoundError(`mailbox provider ${mailbox.provider} is not available yet`);
  }
}

/**
 * A Gmail adapter with the mailbox's sealed grant opened (invariant 6: secrets leave the database only
 * here, never into logs). A refreshed access token is sealed back, so the next job need not refresh.
 */
function gmailMailbox(
  ctx: Pick<AppContext, "db" | "clock" | "secrets" | "config" | "logger">,
  mailbox: Mailbox,
) {
  if (!mailbox.credentials) throw new NotFoundError(`mailbox ${mailbox.address} has no credentials`);
  const credentials = GmailCredentials.parse(JSON.parse(ctx.secrets.open(mailbox.credentials, mailbox.id)));
  return new GmailMailbox({
    address: mailbox.address,
    rootUrl: ctx.config.gmail.apiRoot,
    credentials,
    backfill: { days: ctx.config.gmail.backfillDays },
    clock: ctx.clock,
    onTokens: async (tokens) => {
      const renewed: GmailCredentials = {
        ...credentials,
        refreshToken: tokens.refreshToken ?? credentials.refreshToken,
        accessToken: { token: tokens.accessToken, expiresAt: tokens.expiresAt ?? Date.now() + 3_000_000 },
      };
      await ctx.db
        .update(mailboxes)
        .set({ credentials: ctx.secrets.seal(JSON.stringify(renewed), mailbox.id) })
        .where(eq(mailboxes.id, mailbox.id));
      forgetMailbox(ctx, mailbox.id);
    },
  });
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

/**
 * A provider refused the mailbox's grant for good (revoked, or rejected after a refresh): mark the
 * mailbox "needs reconnect" so the UI asks an admin, stop its jobs, and say why.
 */
export async function markNeedsReconnect(
  ctx: Pick<AppContext, "db" | "logger">,
  mailboxId: string,
  error: Error,
): Promise<MailboxNeedsReconnectError> {
  await ctx.db
    .update(mailboxes)
    .set({ status: "needs_reconnect", lastError: error.message.slice(0, 500) })
    .where(eq(mailboxes.id, mailboxId));
  forgetMailbox(ctx, mailboxId);
  await recordAudit(ctx.db, {
    actor: { type: "system", name: "mail-provider" },
    action: "mailbox.needs_reconnect",
    subjectType: "mailbox",
    subjectId: mailboxId,
    reason: error.message.slice(0, 500),
  });
  ctx.logger.warn({ mailboxId, reason: error.message }, "mailbox needs to be reconnected");
  return new MailboxNeedsReconnectError(`mailbox ${mailboxId} needs to be reconnected: ${error.message}`);
}
