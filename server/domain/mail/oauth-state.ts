import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { SecretBox } from "../../secrets.ts";
import type { Actor } from "../audit.ts";
import { sameToken } from "../auth/secrets.ts";
import { InvalidInputError } from "../errors.ts";

/**
 * The OAuth `state` of every mailbox consent round trip (Gmail and Outlook): sealed (AES-GCM, so it can be
 * neither read nor forged) and short-lived, it carries what the callback needs — the provider, the PKCE
 * verifier, who started it, the mailbox named — so no table holds half-finished connections. Its nonce is
 * also set as a cookie on the admin's browser and must come back with the callback, so a state cannot be
 * replayed from another browser (login CSRF). RFC 6749 §10.12, RFC 7636 (PKCE).
 */
const OAuthState = z.object({
  v: z.literal(1),
  provider: z.enum(["gmail", "outlook"]),
  verifier: z.string().min(43).max(128),
  nonce: z.string().min(16),
  expiresAt: z.number().int(),
  /** Who started it (a user id or a system name), for the log. */
  actor: z.string(),
  /** The mailbox the admin named; null: the account that signs in. */
  address: z.email().nullable(),
});
export type OAuthState = z.infer<typeof OAuthState>;
export type OAuthProvider = OAuthState["provider"];

const owner = "oauth-state";

/** Long enough to read a consent screen, short enough that a leaked link is soon useless. */
export const oauthStateTtlMs = 10 * 60_000;

/** A new round trip: the sealed `state` for the provider's consent URL, and the nonce for the browser's cookie. */
export function sealOAuthState(
  secrets: SecretBox,
  now: Date,
  input: { provider: OAuthProvider; verifier: string; actor: Actor; address: string | null },
): { state: string; nonce: string } {
  const nonce = randomBytes(24).toString("base64url");
  const state: OAuthState = {
    v: 1,
    provider: input.provider,
    verifier: input.verifier,
    nonce,
    expiresAt: now.getTime() + oauthStateTtlMs,
    actor: input.actor.type === "user" ? input.actor.id : input.actor.name,
    address: input.address?.toLowerCase() ?? null,
  };
  return { state: secrets.seal(JSON.stringify(state), owner), nonce };
}

/** The callback's state, once it is ours, for this provider, fresh, and came back to the browser that started it. */
export function openOAuthState(
  secrets: SecretBox,
  now: Date,
  input: { provider: OAuthProvider; sealed: string; browserNonce: string | undefined },
): OAuthState {
  let state: OAuthState;
  try {
    state = OAuthState.parse(JSON.parse(secrets.open(input.sealed, owner)));
  } catch {
    throw new InvalidInputError(
      "the sign-in state is not ours or was altered; start connecting the mailbox again",
    );
  }
  if (state.provider !== input.provider)
    throw new InvalidInputError("the sign-in answer is for another provider");
  if (state.expiresAt < now.getTime())
    throw new InvalidInputError("the sign-in took too long; start connecting the mailbox again");
  if (!input.browserNonce || !sameToken(input.browserNonce, state.nonce))
    throw new InvalidInputError("the sign-in was started in another browser; start again from this one");
  return state;
}
