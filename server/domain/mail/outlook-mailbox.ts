import { eq } from "drizzle-orm";
import { z } from "zod";
import { mailboxes } from "../../../db/schema/index.ts";
import {
  OutlookConsent,
  type OutlookCredentials,
  OutlookMailbox,
} from "../../../integrations/mail/outlook/index.ts";
import type { AppContext } from "../../context.ts";
import { InvalidInputError, NotFoundError } from "../errors.ts";
import type { Mailbox } from "./providers.ts";

export type OutlookContext = Pick<
  AppContext,
  "db" | "clock" | "secrets" | "config" | "logger" | "mailTransport"
>;

/** An app registration given for one mailbox (another tenant's app, say); absent: the configured one. */
const OwnApp = z.object({ clientId: z.string().min(1), clientSecret: z.string().min(1) });

/**
 * An Outlook mailbox's grant as stored (sealed under the mailbox id, invariant 6). Without `app` the
 * deployment's `MICROSOFT_CLIENT_ID`/`_SECRET` are used at each call, so rotating that secret needs no
 * reconnect. `tenantId` is the mailbox's own tenant (a delegated sign-in tells it).
 */
export const OutlookGrant = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("app"), tenantId: z.string().min(1), app: OwnApp.optional() }),
  z.object({
    kind: z.literal("delegated"),
    tenantId: z.string().min(1),
    app: OwnApp.optional(),
    refreshToken: z.string().min(1),
    accessToken: z.object({ token: z.string().min(1), expiresAt: z.number().int() }).optional(),
  }),
]);
export type OutlookGrant = z.infer<typeof OutlookGrant>;

/** The adapter's credentials for a grant: its own app, or the configured one. */
export function outlookCredentials(ctx: Pick<AppContext, "config">, grant: OutlookGrant): OutlookCredentials {
  const app = grant.app ?? configuredApp(ctx);
  if (grant.kind === "app") return { kind: "app", tenantId: grant.tenantId, ...app };
  return {
    kind: "delegated",
    tenantId: grant.tenantId,
    ...app,
    refreshToken: grant.refreshToken,
    ...(grant.accessToken ? { accessToken: grant.accessToken } : {}),
  };
}

function configuredApp(ctx: Pick<AppContext, "config">) {
  const { clientId, clientSecret } = ctx.config.microsoft;
  if (!clientId || !clientSecret)
    throw new InvalidInputError(
      "no Entra app is configured: set MICROSOFT_CLIENT_ID and MICROSOFT_CLIENT_SECRET, or give the mailbox its own",
    );
  return { clientId, clientSecret };
}

/** An adapter for `address` with these credentials, on the configured cloud (and the test seam's transport). */
export function openOutlookMailbox(
  ctx: OutlookContext,
  address: string,
  credentials: OutlookCredentials,
  onTokens?: ConstructorParameters<typeof OutlookMailbox>[0]["onTokens"],
): OutlookMailbox {
  const { microsoft } = ctx.config;
  return new OutlookMailbox({
    address,
    cloud: microsoft.cloud,
    graphBaseUrl: microsoft.graphBaseUrl,
    authority: microsoft.authority,
    credentials,
    backfill: { days: microsoft.backfillDays },
    clock: ctx.clock,
    onTokens,
    middleware: ctx.mailTransport?.graphMiddleware,
    msalNetwork: ctx.mailTransport?.msalNetwork,
  });
}

/** The delegated consent flow on the configured app and cloud. */
export function outlookConsent(ctx: OutlookContext): OutlookConsent {
  const { microsoft } = ctx.config;
  return new OutlookConsent({
    ...configuredApp(ctx),
    tenantId: microsoft.tenantId,
    cloud: microsoft.cloud,
    graphBaseUrl: microsoft.graphBaseUrl,
    authority: microsoft.authority,
    msalNetwork: ctx.mailTransport?.msalNetwork,
  });
}

/**
 * Adapters kept per context while the mailbox's sealed grant is unchanged: an adapter holds its access
 * token (and MSAL's cache), so jobs in a row do not each fetch a new one. A re-sealed grant (a refreshed
 * token, a reconnect) has new ciphertext and gets a new adapter.
 */
const adapters = new WeakMap<object, Map<string, { sealed: string; adapter: OutlookMailbox }>>();

/**
 * The Outlook adapter for a stored mailbox, its sealed grant opened (invariant 6: secrets leave the
 * database only here, never into logs). A refreshed delegated token is sealed back.
 */
export function outlookMailbox(
  ctx: OutlookContext,
  mailbox: Mailbox,
  forget: (mailboxId: string) => void,
): OutlookMailbox {
  const sealed = mailbox.credentials;
  if (!sealed) throw new NotFoundError(`mailbox ${mailbox.address} has no credentials`);
  let cache = adapters.get(ctx);
  if (!cache) {
    cache = new Map();
    adapters.set(ctx, cache);
  }
  const hit = cache.get(mailbox.id);
  if (hit && hit.sealed === sealed) return hit.adapter;
  const grant = OutlookGrant.parse(JSON.parse(ctx.secrets.open(sealed, mailbox.id)));
  const adapter = openOutlookMailbox(ctx, mailbox.address, outlookCredentials(ctx, grant), async (tokens) => {
    // App-only tokens come again from the client secret; only a user's grant is worth keeping.
    if (grant.kind !== "delegated") return;
    const renewed: OutlookGrant = {
      ...grant,
      refreshToken: tokens.refreshToken ?? grant.refreshToken,
      accessToken: { token: tokens.accessToken, expiresAt: tokens.expiresAt ?? Date.now() + 3_000_000 },
    };
    const resealed = ctx.secrets.seal(JSON.stringify(renewed), mailbox.id);
    await ctx.db.update(mailboxes).set({ credentials: resealed }).where(eq(mailboxes.id, mailbox.id));
    // This adapter already holds the new token: keep it for the re-sealed grant.
    cache.set(mailbox.id, { sealed: resealed, adapter });
    forget(mailbox.id);
  });
  cache.set(mailbox.id, { sealed, adapter });
  return adapter;
}
