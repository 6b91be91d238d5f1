import { z } from "zod";
import {
  exchangeGmailCode,
  type GmailCredentials,
  GmailMailbox,
  type GoogleOAuthClient,
  gmailConsentUrl,
  gmailGrantAddress,
  pkcePair,
} from "../../../integrations/mail/gmail/index.ts";
import type { AppContext } from "../../context.ts";
import type { Actor } from "../audit.ts";
import { InvalidInputError } from "../errors.ts";
import { connectGmailMailbox } from "./connect-gmail-mailbox.ts";
import { openOAuthState, sealOAuthState } from "./oauth-state.ts";

/** The redirect URI registered on the Google OAuth client (README: "Connect Gmail"). */
export function gmailRedirectUri(ctx: Pick<AppContext, "config">): string {
  return `${ctx.config.publicUrl}/api/mailboxes/gmail/callback`;
}

function googleClient(ctx: Pick<AppContext, "config">): GoogleOAuthClient {
  const { clientId, clientSecret, authUrl, tokenUrl } = ctx.config.google;
  if (!clientId || !clientSecret)
    throw new InvalidInputError(
      "Gmail is not set up on this server: set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET (README: Connect Gmail)",
    );
  return { clientId, clientSecret, authUrl, tokenUrl, redirectUri: gmailRedirectUri(ctx) };
}

/**
 * Step 1: the Google consent URL to send the admin to, and the nonce the caller sets as a cookie on the
 * admin's browser (oauth-state.ts).
 */
export function startGmailConnect(
  ctx: Pick<AppContext, "config" | "secrets" | "clock">,
  input: { actor: Actor; loginHint?: string },
): { url: string; nonce: string } {
  const client = googleClient(ctx);
  const pkce = pkcePair();
  const { state, nonce } = sealOAuthState(ctx.secrets, ctx.clock(), {
    provider: "gmail",
    verifier: pkce.verifier,
    actor: input.actor,
    // Gmail connects whichever account signs in (the hint only pre-fills Google's screen).
    address: null,
  });
  const url = gmailConsentUrl({
    ...client,
    state,
    codeChallenge: pkce.challenge,
    loginHint: input.loginHint,
  });
  return { url, nonce };
}

/**
 * Step 2, on Google's redirect back: check the state (ours, fresh, this browser's), exchange the code for an
 * offline grant, find whose mailbox it is, and connect it (sealed grant, watch, first sync).
 */
export async function finishGmailConnect(
  { ctx, actor }: { ctx: AppContext; actor: Actor },
  input: { code: string; state: string; browserNonce: string | undefined },
): Promise<{ mailboxId: string; address: string }> {
  const state = openOAuthState(ctx.secrets, ctx.clock(), {
    provider: "gmail",
    sealed: input.state,
    browserNonce: input.browserNonce,
  });
  const client = googleClient(ctx);
  const grant = await exchangeGmailCode({ ...client, code: input.code, codeVerifier: state.verifier });
  const address = await gmailGrantAddress({
    rootUrl: ctx.config.gmail.apiRoot,
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    tokenUrl: client.tokenUrl,
    refreshToken: grant.refreshToken,
    accessToken: grant.accessToken,
    expiresAt: grant.expiresAt,
  });
  const { mailboxId } = await connectGmailMailbox(
    { ctx, actor },
    {
      address,
      displayName: address,
      credentials: {
        kind: "oauth",
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        refreshToken: grant.refreshToken,
        tokenEndpoint: client.tokenUrl,
        ...(grant.expiresAt ? { accessToken: { token: grant.accessToken, expiresAt: grant.expiresAt } } : {}),
      },
    },
  );
  return { mailboxId, address };
}

/** A Workspace service account's JSON key, as downloaded from Google Cloud (the fields used). */
export const ServiceAccountKey = z.object({
  client_email: z.email(),
  private_key: z.string().includes("PRIVATE KEY", { message: "must be the key's PEM private_key" }),
});

/**
 * Connect a shared Workspace address through a service account with domain-wide delegation: the key is
 * checked against the mailbox with one call before it is stored (sealed), so a key without delegation for
 * that address is refused with the provider's reason rather than failing later in a sync.
 */
export async function connectGmailServiceAccount(
  { ctx, actor }: { ctx: AppContext; actor: Actor },
  input: { address: string; displayName?: string; key: z.infer<typeof ServiceAccountKey> },
): Promise<{ mailboxId: string }> {
  const address = input.address.toLowerCase();
  const credentials: GmailCredentials = {
    kind: "service_account",
    clientEmail: input.key.client_email,
    privateKey: input.key.private_key,
    tokenEndpoint: ctx.config.google.tokenUrl,
  };
  const probe = new GmailMailbox({
    address,
    rootUrl: ctx.config.gmail.apiRoot,
    credentials,
    backfill: { days: ctx.config.gmail.backfillDays },
    timeoutMs: 15_000,
  });
  try {
    await probe.verifyAccess();
  } catch (error) {
    throw new InvalidInputError(
      `the service account cannot open ${address}: ${(error as Error).message}. In the Workspace admin console, ` +
        "allow its client id the scope https://www.googleapis.com/auth/gmail.modify (domain-wide delegation).",
    );
  }
  return connectGmailMailbox(
    { ctx, actor },
    { address, displayName: input.displayName ?? address, credentials },
  );
}
