import type { Hono } from "hono";
import { z } from "zod";
import { MailProviderError } from "../../integrations/mail/outlook/index.ts";
import { DomainError } from "../domain/errors.ts";
import { finishOutlookConsent } from "../domain/mail/outlook-consent.ts";
import { allow } from "../http/auth.ts";
import { takeConsentCookie } from "../http/consent-cookie.ts";
import type { AppEnv } from "../http/env.ts";
import { requestActor } from "./actor.ts";

/** What Microsoft's redirect carries: a code and our state, or an error (the admin declined, say). */
const CallbackQuery = z.object({
  code: z.string().min(1).max(4_000).optional(),
  state: z.string().min(1).max(4_000).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(2_000).optional(),
});

/**
 * Microsoft's consent redirect: redeem the code, connect the mailbox, and send the admin back to the
 * Mailboxes page — `?connected=<id>`, or `?error=<why>` for anything that went wrong (a browser lands
 * here, so errors are a page to read, not JSON). Roles: admin.
 */
export function registerMailboxesOutlookCallback(app: Hono<AppEnv>) {
  app.get("/api/mailboxes/outlook/callback", allow("admin"), async (c) => {
    const { ctx } = c.var;
    const back = (params: Record<string, string>) =>
      c.redirect(`/mailboxes?${new URLSearchParams(params).toString()}`, 302);
    const browserNonce = takeConsentCookie(c, "outlook");
    const query = CallbackQuery.safeParse(c.req.query());
    if (!query.success) return back({ error: "Microsoft's answer could not be read" });
    const { code, state, error, error_description: description } = query.data;
    if (error || !code || !state) {
      const why = description?.split("\n")[0] ?? error ?? "Microsoft sent no authorization code";
      ctx.logger.warn({ error, requestId: c.var.requestId }, "outlook consent declined or failed");
      return back({ error: `Microsoft 365 did not connect the mailbox: ${why}` });
    }
    try {
      const { mailboxId } = await finishOutlookConsent(
        { ctx, actor: requestActor(c) },
        { code, state, browserNonce },
      );
      return back({ connected: mailboxId });
    } catch (failure) {
      // Expected refusals say what to do; anything else is logged and named by the request id.
      const known = failure instanceof DomainError || failure instanceof MailProviderError;
      if (!known) ctx.logger.error({ err: failure, requestId: c.var.requestId }, "outlook connect failed");
      const message = known
        ? (failure as Error).message
        : `connecting the mailbox failed (request ${c.var.requestId})`;
      return back({ error: message.slice(0, 500) });
    }
  });
}
