import {
  exchangeGmailCode,
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

/** Step 1: the Google consent URL to send the admin to. */
export function startGmailConnect(
  ctx: Pick<AppContext, "config" | "secrets" | "clock">,
  input: { actor: Actor; loginHint?: string },
): string {
  const client = googleClient(ctx);
  const pkce = pkcePair();
  const state = sealOAuthState(ctx.secrets, ctx.clock(), {
    provider: "gmail",
    verifier: pkce.verifier,
    actor: input.actor.type === "user" ? input.actor.id : input.actor.name,
  });
  return gmailConsentUrl({ ...client, state, codeChallenge: pkce.challenge, loginHint: input.loginHint });
}

/**
 * Step 2, on Google's redirect back: check the state, exchange the code for an offline grant, find whose
 * mailbox it is, and connect it (sealed grant, watch, first sync).
 */
export async function finishGmailConnect(
  { ctx, actor }: { ctx: AppContext; actor: Actor },
  input: { code: string; state: string },
): Promise<{ mailboxId: string; address: string }> {
  const state = openOAuthState(ctx.secrets, ctx.clock(), input.state, "gmail");
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
