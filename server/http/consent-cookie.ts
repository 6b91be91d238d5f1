import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { type OAuthProvider, oauthStateTtlMs } from "../domain/mail/oauth-state.ts";
import type { AppEnv } from "./env.ts";

/**
 * The cookie that binds a mailbox consent round trip to the admin's browser: it holds the nonce sealed in
 * the OAuth state (server/domain/mail/oauth-state.ts), scoped to that provider's routes.
 */
const cookieName = (provider: OAuthProvider) => `mailroom_${provider}_consent`;
const cookiePath = (provider: OAuthProvider) => `/api/mailboxes/${provider}`;

export function setConsentCookie(c: Context<AppEnv>, provider: OAuthProvider, nonce: string): void {
  setCookie(c, cookieName(provider), nonce, {
    path: cookiePath(provider),
    httpOnly: true,
    // Lax: the cookie comes back on the provider's top-level redirect to the callback.
    sameSite: "Lax",
    secure: c.var.ctx.config.publicUrl.startsWith("https:"),
    maxAge: oauthStateTtlMs / 1000,
  });
}

/** The nonce the browser brought back, if any; the cookie is cleared either way (one use). */
export function takeConsentCookie(c: Context<AppEnv>, provider: OAuthProvider): string | undefined {
  const nonce = getCookie(c, cookieName(provider));
  deleteCookie(c, cookieName(provider), { path: cookiePath(provider) });
  return nonce;
}
