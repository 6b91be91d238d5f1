import type { Hono } from "hono";
import { z } from "zod";
import { startOutlookConsent } from "../domain/mail/outlook-consent.ts";
import { allow } from "../http/auth.ts";
import { setConsentCookie } from "../http/consent-cookie.ts";
import type { AppEnv } from "../http/env.ts";
import { validate } from "../http/validate.ts";
import { requestActor } from "./actor.ts";

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
        actor: requestActor(c),
        address: c.req.valid("query").address ?? null,
      });
      setConsentCookie(c, "outlook", nonce);
      return c.redirect(url, 302);
    },
  );
}
