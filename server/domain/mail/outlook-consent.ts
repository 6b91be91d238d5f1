import type { AppContext } from "../../context.ts";
import type { Actor } from "../audit.ts";
import { InvalidInputError } from "../errors.ts";
import { type ConnectedOutlookMailbox, connectOutlookMailbox } from "./connect-outlook-mailbox.ts";
import { openOAuthState, sealOAuthState } from "./oauth-state.ts";
import { outlookConsent } from "./outlook-mailbox.ts";

export const consentRedirectPath = "/api/mailboxes/outlook/callback";

const redirectUri = (ctx: Pick<AppContext, "config">) => `${ctx.config.publicUrl}${consentRedirectPath}`;

/**
 * Where to send an admin to grant Mailroom delegated access to a mailbox (authorization code + PKCE), and
 * the nonce the caller sets as a cookie on the admin's browser (oauth-state.ts).
 */
export async function startOutlookConsent(
  ctx: AppContext,
  input: { actor: Actor; address: string | null },
): Promise<{ url: string; nonce: string }> {
  const consent = outlookConsent(ctx);
  const { verifier, challenge } = await consent.pkce();
  const { state, nonce } = sealOAuthState(ctx.secrets, ctx.clock(), {
    provider: "outlook",
    verifier,
    actor: input.actor,
    address: input.address,
  });
  const url = await consent.authorizationUrl({
    redirectUri: redirectUri(ctx),
    state,
    codeChallenge: challenge,
    ...(input.address ? { loginHint: input.address } : {}),
  });
  return { url, nonce };
}

/**
 * The consent redirect came back with a code: check the state (ours, fresh, this browser's), redeem the
 * code and connect the mailbox — the signed-in account's own unless the admin named one.
 */
export async function finishOutlookConsent(
  { ctx, actor }: { ctx: AppContext; actor: Actor },
  input: { code: string; state: string; browserNonce: string | undefined },
): Promise<ConnectedOutlookMailbox> {
  const state = openOAuthState(ctx.secrets, ctx.clock(), {
    provider: "outlook",
    sealed: input.state,
    browserNonce: input.browserNonce,
  });
  const grant = await outlookConsent(ctx).redeem({
    code: input.code,
    redirectUri: redirectUri(ctx),
    codeVerifier: state.verifier,
  });
  const address = state.address ?? grant.username;
  if (!address) throw new InvalidInputError("Microsoft did not say which account signed in");
  return connectOutlookMailbox(
    { ctx, actor },
    {
      address,
      displayName: address,
      grant: {
        kind: "delegated",
        tenantId: grant.tenantId ?? ctx.config.microsoft.tenantId,
        refreshToken: grant.refreshToken,
        accessToken: grant.accessToken,
      },
    },
  );
}
