import { z } from "zod";
import { MailProviderError } from "../../../integrations/mail/outlook/index.ts";
import type { AppContext } from "../../context.ts";
import { enqueueSync } from "../../jobs/enqueue.ts";
import type { Actor } from "../audit.ts";
import { InvalidInputError } from "../errors.ts";
import { OutlookGrant, openOutlookMailbox, outlookCredentials } from "./outlook-mailbox.ts";
import { type EnsureResult, ensureOutlookSubscription } from "./outlook-subscriptions.ts";
import { storeMailboxGrant } from "./store-mailbox-grant.ts";

/** App-only access to a shared mailbox: the tenant, and optionally an app registration of its own. */
export const OutlookAppConnectInput = z
  .object({
    address: z.email(),
    displayName: z.string().trim().min(1).max(200),
    tenantId: z.string().trim().min(1).max(100).optional(),
    clientId: z.string().trim().min(1).max(100).optional(),
    clientSecret: z.string().min(1).max(500).optional(),
  })
  .strict()
  .refine((input) => (input.clientId === undefined) === (input.clientSecret === undefined), {
    message: "clientId and clientSecret come together",
    path: ["clientSecret"],
  });
export type OutlookAppConnectInput = z.infer<typeof OutlookAppConnectInput>;

/** Tenants that name a kind of account rather than one directory: client credentials need the directory. */
const multiTenant = new Set(["organizations", "common", "consumers"]);

/** The stored grant for app-only access, from the admin's input and the configured app. */
export function appGrant(ctx: Pick<AppContext, "config">, input: OutlookAppConnectInput): OutlookGrant {
  const tenantId = input.tenantId ?? ctx.config.microsoft.tenantId;
  if (multiTenant.has(tenantId.toLowerCase()))
    throw new InvalidInputError(
      "tenantId: app-only access needs the mailbox's tenant id (MICROSOFT_TENANT_ID is not one tenant)",
    );
  const app =
    input.clientId && input.clientSecret
      ? { clientId: input.clientId, clientSecret: input.clientSecret }
      : undefined;
  return { kind: "app", tenantId, ...(app ? { app } : {}) };
}

export interface ConnectedOutlookMailbox {
  mailboxId: string;
  /** The change-notification subscription; a failure leaves the mailbox on polling until the sweeper retries. */
  push: EnsureResult | { action: "failed"; reason: string };
}

/**
 * Connect (or reconnect) an Outlook / Microsoft 365 mailbox: the grant is tried with one Graph call on the
 * mailbox's inbox before anything is stored, then sealed under the mailbox's id (invariant 6); the mailbox
 * becomes active, its inbox subscription is made and a first sync is queued.
 */
export async function connectOutlookMailbox(
  { ctx, actor }: { ctx: AppContext; actor: Actor },
  input: { address: string; displayName: string; grant: OutlookGrant },
): Promise<ConnectedOutlookMailbox> {
  const grant = OutlookGrant.parse(input.grant);
  const address = z.email().parse(input.address).toLowerCase();
  try {
    await openOutlookMailbox(ctx, address, outlookCredentials(ctx, grant)).verifyAccess();
  } catch (error) {
    // An outage may pass (the caller answers 503); a refusal will not.
    if (error instanceof MailProviderError && !error.retryable)
      throw new InvalidInputError(`Microsoft 365 refused access to ${address}: ${error.message}`);
    throw error;
  }
  const { mailboxId } = await storeMailboxGrant(
    { ctx, actor },
    {
      provider: "outlook",
      address,
      displayName: input.displayName,
      grant,
      audit: { access: grant.kind, ownApp: grant.app !== undefined },
    },
  );
  let push: ConnectedOutlookMailbox["push"];
  try {
    push = await ensureOutlookSubscription(ctx, mailboxId);
  } catch (error) {
    const reason = (error as Error).message;
    ctx.logger.warn({ mailboxId, reason }, "outlook subscription failed; the mailbox is polled");
    push = { action: "failed", reason };
  }
  await enqueueSync(ctx, mailboxId, "connected");
  return { mailboxId, push };
}
