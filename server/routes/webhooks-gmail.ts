import type { Hono } from "hono";
import { ProviderAuthError } from "../../integrations/mail/gmail/index.ts";
import { InvalidInputError } from "../domain/errors.ts";
import { PushRefusedError, receiveGmailPush } from "../domain/mail/gmail-push.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";
import { ApiError } from "../http/errors.ts";

/**
 * Cloud Pub/Sub push for Gmail (`users.watch`). No login: the OIDC token Pub/Sub signs is the
 * authentication. 204 acknowledges (Pub/Sub stops redelivering); a refused push is logged and answered 401.
 */
export function registerWebhooksGmail(app: Hono<AppEnv>) {
  app.post("/webhooks/gmail/push", allow.public(), async (c) => {
    const { ctx } = c.var;
    const bearer = /^Bearer\s+(.+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
    const body = await c.req.json().catch(() => null);
    try {
      const result = await receiveGmailPush(ctx, { bearer, body });
      if (result.outcome === "ignored") ctx.logger.info({ reason: result.reason }, "gmail push ignored");
      return c.body(null, 204);
    } catch (error) {
      if (error instanceof ProviderAuthError || error instanceof PushRefusedError) {
        ctx.logger.warn({ err: error.message, requestId: c.var.requestId }, "gmail push refused");
        throw new ApiError("UNAUTHENTICATED", error.message);
      }
      if (error instanceof InvalidInputError) {
        ctx.logger.warn({ err: error.message, requestId: c.var.requestId }, "gmail push rejected");
        throw new ApiError("BAD_REQUEST", error.message);
      }
      throw error;
    }
  });
}
