import { eq } from "drizzle-orm";
import type { Executor } from "../../../db/client.ts";
import { mailboxes } from "../../../db/schema/index.ts";
import {
  GmailCredentials,
  GmailMailbox,
  ProviderRateLimitError,
  ProviderUnavailableError,
} from "../../../integrations/mail/gmail/index.ts";
import { SandboxMailbox } from "../../../integrations/mail/sandbox/provider.ts";
import type { MailProvider } from "../../../integrations/mail/types.ts";
import type { AppContext } from "../../context.ts";
import { recordAudit } from "../audit.ts";
import { MailboxNeedsReconnectError, MailboxThrottledError, NotFoundError } from "../errors.ts";
import { outlookMailbox } from "./outlook-mailbox.ts";

export type Mailbox = typeof mailboxes.$inferSelect;

/**
 * Mailbox rows change rarely (connect, pause, reconnect) but every sync, triage and send reads one;
 * a short-lived cache per context saves those reads. A pause takes effect within `cacheMs`.
 */
const cacheMs = 2_000;
const caches = new WeakMap<object, Map<string, { mailbox: Mailbox; until: number }>>();

/**
 * The adapter for a mailbox, by its provider. A mailbox the provider asked us to leave alone
 * (Retry-After) throws `MailboxThrottledError` until then, and the adapter records any new such answer.
 */
export async function mailProviderFor(
  ctx: Pick<AppContext, "db" | "clock" | "secrets" | "config" | "logger" | "mailTransport">,
  mailboxId: string,
  db: Executor = ctx.db,
): Promise<{ mailbox: Mailbox; provider: MailProvider }> {
  const mailbox = await loadMailbox(ctx, mailboxId);
  // Wall-clock time: Retry-After is about the provider's clock, not the domain's (which tests may stop).
  if (mailbox.throttledUntil && mailbox.throttledUntil.getTime() > Date.now())
    throw new MailboxThrottledError(
      `mailbox ${mailbox.address} is rate limited by its provider until ${mailbox.throttledUntil.toISOString()}`,
      mailbox.throttledUntil,
    );
  switch (mailbox.provider) {
    case "sandbox":
      return { mailbox, provider: new SandboxMailbox(db, mailbox.id, ctx.clock) };
    case "gmail":
      return { mailbox, provider: heedRetryAfter(ctx, mailbox.id, gmailMailbox(ctx, mailbox)) };
    case "outlook":
      return {
        mailbox,
        provider: heedRetryAfter(
          ctx,
          mailbox.id,
          outlookMailbox(ctx, mailbox, (id) => forgetMailbox(ctx, id)),
        ),
      };
    default:
      throw new NotFoundError(`mailbox provider ${mailbox.provider} is not available yet`);
  }
}

/** How long a provider asked us to wait, when it did (429, or 503 with Retry-After). */
export function retryAfterOf(error: unknown): number | null {
  if (error instanceof ProviderRateLimitError || error instanceof ProviderUnavailableError)
    return error.retryAfterMs;
  if (error instanceof MailboxThrottledError) return Math.max(0, error.until.getTime() - Date.now());
  return null;
}

/**
 * Record a provider's "wait" on the mailbox, so every job for it — on any worker — waits too, rather
 * than each spending its attempts on the same 429.
 */
function heedRetryAfter(ctx: Pick<AppContext, "db" | "logger">, mailboxId: string, provider: MailProvider) {
  return new Proxy(provider, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      return async (...args: unknown[]) => {
        try {
          return await value.apply(target, args);
        } catch (error) {
          const waitMs = retryAfterOf(error);
          if (waitMs !== null && waitMs > 0) await throttleMailbox(ctx, mailboxId, waitMs, error);
          throw error;
        }
      };
    },
  });
}

async function throttleMailbox(
  ctx: Pick<AppContext, "db" | "logger">,
  mailboxId: string,
  waitMs: number,
  error: unknown,
): Promise<void> {
  const until = new Date(Date.now() + Math.min(waitMs, maxThrottleMs));
  await ctx.db
    .update(mailboxes)
    .set({ throttledUntil: until, lastError: error instanceof Error ? error.message.slice(0, 500) : null })
    .where(eq(mailboxes.id, mailboxId));
  forgetMailbox(ctx, mailboxId);
  ctx.logger.warn({ mailboxId, until: until.toISOString() }, "mailbox rate limited by its provider");
}

/** A Retry-After longer than this is capped: the mailbox is tried again and may be told to wait again. */
export const maxThrottleMs = 15 * 60_000;

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
    quotaUnitsPerSecond: ctx.config.gmail.quotaUnitsPerSecond,
    clock: ctx.clock,
    onTokens: async (tokens) => {
      // A service account signs for a new token whenever it needs one: nothing to keep.
      if (credentials.kind !== "oauth") return;
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
