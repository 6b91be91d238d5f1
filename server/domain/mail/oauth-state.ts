import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { SecretBox } from "../../secrets.ts";
import { InvalidInputError } from "../errors.ts";

/**
 * The OAuth `state` parameter: sealed (AES-GCM, so it can be neither read nor forged) and short-lived, it
 * carries what the callback needs — the provider, the PKCE verifier, who started the flow — so no table
 * holds half-finished connections. RFC 6749 §10.12 (CSRF) and RFC 7636 (PKCE).
 */
const OAuthState = z.object({
  provider: z.enum(["gmail", "outlook"]),
  verifier: z.string().min(43),
  nonce: z.string(),
  expiresAt: z.number().int(),
  /** Who started it, for the audit log. */
  actor: z.string(),
  /** For Outlook: the tenant chosen, when not the configured one. */
  tenant: z.string().optional(),
});
export type OAuthState = z.infer<typeof OAuthState>;

const owner = "oauth-state";
/** Long enough to read a consent screen, short enough that a leaked link is soon useless. */
export const oauthStateTtlMs = 15 * 60_000;

export function sealOAuthState(
  secrets: SecretBox,
  now: Date,
  state: Omit<OAuthState, "nonce" | "expiresAt">,
): string {
  const full: OAuthState = {
    ...state,
    nonce: randomBytes(12).toString("base64url"),
    expiresAt: now.getTime() + oauthStateTtlMs,
  };
  return secrets.seal(JSON.stringify(full), owner);
}

export function openOAuthState(
  secrets: SecretBox,
  now: Date,
  sealed: string,
  provider: OAuthState["provider"],
) {
  let state: OAuthState;
  try {
    state = OAuthState.parse(JSON.parse(secrets.open(sealed, owner)));
  } catch {
    throw new InvalidInputError("the sign-in link is not valid: start connecting the mailbox again");
  }
  if (state.provider !== provider) throw new InvalidInputError("the sign-in answer is for another provider");
  if (state.expiresAt < now.getTime())
    throw new InvalidInputError("the sign-in took too long: start connecting the mailbox again");
  return state;
}
