import type { Hono } from "hono";
import { z } from "zod";
import { finishGmailConnect, startGmailConnect } from "../domain/mail/connect-gmail-oauth.ts";
import { allow } from "../http/auth.ts";
import { setConsentCookie, takeConsentCookie } from "../http/consent-cookie.ts";
import type { AppEnv } from "../http/env.ts";
import { validate } from "../http/validate.ts";
import { requestActor } from "./actor.ts";

/**
 * Connecting a Gmail mailbox with Google's consent screen: `authorize` sends the admin to Google, Google
 * sends them back to `callback`, which lands on the Mailboxes page with the outcome in the query.
 */
export function registerMailboxesGmail(app: Hono<AppEnv>) {
  app.get(
    "/api/mailboxes/gmail/authorize",
    allow("admin"),
    validate("query", z.object({ address: z.email().optional() })),
    (c) => {
      const { url, nonce } = startGmailConnect(c.var.ctx, {
        actor: requestActor(c),
        loginHint: c.req.valid("query").address,
      });
      setConsentCookie(c, "gmail", nonce);
      return c.redirect(url, 302);
    },
  );

  app.get(
    "/api/mailboxes/gmail/callback",
    allow("admin"),
    validate(
      "query",
      z.object({
        code: z.string().optional(),
        state: z.string().optional(),
        error: z.string().optional(),
        error_description: z.string().optional(),
      }),
    ),
    async (c) => {
      const { ctx } = c.var;
      const query = c.req.valid("query");
      const browserNonce = takeConsentCookie(c, "gmail");
      const back = (params: Record<string, string>) =>
        c.redirect(`/mailboxes?${new URLSearchParams(params).toString()}`, 302);
      // The admin said no on Google's screen, or Google refused: say so on the Mailboxes page.
      if (query.error || !query.code || !query.state)
        return back({ error: query.error_description ?? query.error ?? "Google sent no authorization code" });
      try {
        const { mailboxId } = await finishGmailConnect(
          { ctx, actor: requestActor(c) },
          { code: query.code, state: query.state, browserNonce },
        );
        return back({ connected: mailboxId });
      } catch (error) {
        ctx.logger.warn({ err: (error as Error).message }, "connecting a Gmail mailbox failed");
        return back({ error: (error as Error).message });
      }
    },
  );
}
