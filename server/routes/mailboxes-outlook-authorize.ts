import type { Hono } from "hono";
import { setCookie } from "hono/cookie";
import { z } from "zod";
import { startOutlookConsent } from "../domain/mail/outlook-consent.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";
import { validate } from "../http/validate.ts";

/** Binds the consent round trip to the admin's browser (see outlook-consent.ts). */
export const outlookConsentCookie = "mailroom_outlook_consent";

/**
 * Start connecting an Outlook / Microsoft 365 mailbox with delegated access: 302 to Microsoft's consent
 * page (authorization code + PKCE). `address` names the mailbox; absent, the account that signs in.
 * Roles: admin.
 */
export function registerMailboxesOutlookAuthorize(app: Hono<AppEnv>) {
  app.get(
    "/api/mailboxes/outlook/authorize",
    allow("admin"),
    validate("query", z.object({ address: z.email().optional() })),
    async (c) => {
      const { ctx } = c.var;
      const { url, nonce } = await startOutlookConsent(ctx, {
        address: c.req.valid("query").address ?? null,
      });
      setCookie(c, outlookConsentCookie, nonce, {
        path: "/api/mailboxes/outlook",
        httpOnly: true,
        // Lax: the cookie comes back on Microsoft's top-level redirect to the callback.
        sameSite: "Lax",
        secure: ctx.config.publicUrl.startsWith("https:"),
        maxAge: 10 * 60,
      });
      return c.redirect(url, 302);
    },
  );
}
