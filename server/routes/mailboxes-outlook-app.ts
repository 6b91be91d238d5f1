import type { Hono } from "hono";
import { MailProviderError } from "../../integrations/mail/outlook/index.ts";
import type { ConnectOutlookResponse } from "../api/types.ts";
import {
  appGrant,
  connectOutlookMailbox,
  OutlookAppConnectInput,
} from "../domain/mail/connect-outlook-mailbox.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";
import { ApiError } from "../http/errors.ts";
import { validate } from "../http/validate.ts";
import { requestActor } from "./actor.ts";

/**
 * Connect a shared mailbox with app-only access (client credentials): JSON `{address, displayName,
 * tenantId?, clientId?, clientSecret?}`; without an app of its own the configured Entra app is used. The
 * grant is tried on the mailbox before it is stored. Roles: admin.
 */
export function registerMailboxesOutlookApp(app: Hono<AppEnv>) {
  app.post(
    "/api/mailboxes/outlook/app",
    allow("admin"),
    validate("json", OutlookAppConnectInput),
    async (c) => {
      const { ctx } = c.var;
      const input = c.req.valid("json");
      try {
        const connected = await connectOutlookMailbox(
          { ctx, actor: requestActor(c) },
          { address: input.address, displayName: input.displayName, grant: appGrant(ctx, input) },
        );
        const response: ConnectOutlookResponse = {
          mailboxId: connected.mailboxId,
          push:
            connected.push.action === "failed" || connected.push.action === "skipped"
              ? { subscribed: false, expiresAt: null }
              : { subscribed: true, expiresAt: connected.push.expiresAt.toISOString() },
        };
        return c.json(response, 201);
      } catch (error) {
        if (error instanceof MailProviderError && error.retryable)
          throw new ApiError(
            "SERVICE_UNAVAILABLE",
            `Microsoft 365 is not answering; try again: ${error.message}`,
          );
        throw error;
      }
    },
  );
}
