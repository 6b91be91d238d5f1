import { randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { AppContext } from "../../context.ts";
import type { Actor } from "../audit.ts";
import { InvalidInputError } from "../errors.ts";
import { type ConnectedOutlookMailbox, connectOutlookMailbox } from "./connect-outlook-mailbox.ts";
import { outlookConsent } from "./outlook-mailbox.ts";

/** How long an admin has between leaving for Microsoft's consent page and coming back. */
const consentWindowMs = 10 * 60_000;

/** The `state` parameter's content, sealed (`oauth-state` as the owner): nothing to store server-side. */
const ConsentState = z.object({
  v: z.literal(1),
  /** PKCE verifier (RFC 7636): only the holder of the sealed state can redeem the code. */
  verifier: z.string().min(43).max(128),
  /** Also set as a cookie on the admin's browser, so a state cannot be replayed from another browser. */
  nonce: z.string().min(16),
  expiresAt: z.number().int(),
  address: z.email().nullable(),
});

const stateOwner = "oauth-state";

export const consentRedirectPath = "/api/mailboxes/outlook/callback";

const redirectUri = (ctx: Pick<AppContext, "config">) => `${ctx.config.publicUrl}${consentRedirectPath}`;

/**
 * Where to send an admin to grant Mailroom delegated access to a mailbox (authorization code + PKCE), and
 * the nonce the caller sets as a cookie on the admin's browser.
 */
export async function startOutlookConsent(
  ctx: AppContext,
  input: { address: string | null },
): Promise<{ url: string; nonce: string }> {
  const consent = outlookConsent(ctx);
  const { verifier, challenge } = await consent.pkce();
  const nonce = randomBytes(24).toString("base64url");
  const state: z.infer<typeof ConsentState> = {
    v: 1,
    verifier,
    nonce,
    expiresAt: ctx.clock().getTime() + consentWindowMs,
    address: input.address?.toLowerCase() ?? null,
  };
  const url = await consent.authorizationUrl({
    redirectUri: redirectUri(ctx),
    state: ctx.secrets.seal(JSON.stringify(state), stateOwner),
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
  const state = openState(ctx, input.state);
  if (state.expiresAt < ctx.clock().getTime())
    throw new InvalidInputError("the sign-in took too long; start connecting the mailbox again");
  if (!input.browserNonce || !sameText(input.browserNonce, state.nonce))
    throw new InvalidInputError("the sign-in was started in another browser; start again from this one");
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

function openState(ctx: Pick<AppContext, "secrets">, sealed: string): z.infer<typeof ConsentState> {
  try {
    return ConsentState.parse(JSON.parse(ctx.secrets.open(sealed, stateOwner)));
  } catch {
    throw new InvalidInputError("the sign-in state is not ours or was altered; start again");
  }
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
