import type { Hono } from "hono";
import { graphLifecyclePath } from "../domain/mail/outlook-subscriptions.ts";
import { receiveGraphLifecycle } from "../domain/mail/receive-graph-notifications.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";
import { graphBatch, graphHandshake } from "./webhooks-graph-notifications.ts";

/**
 * Graph lifecycle notifications (`reauthorizationRequired`, `subscriptionRemoved`, `missed`) for Outlook
 * subscriptions, with the same handshake and `clientState` check as change notifications. Answers 202 at
 * once; the work is queued. Roles: public.
 */
export function registerWebhooksGraphLifecycle(app: Hono<AppEnv>) {
  app.post(graphLifecyclePath, allow.public(), async (c) => {
    const handshake = graphHandshake(c);
    if (handshake) return handshake;
    const outcome = await receiveGraphLifecycle(c.var.ctx, await graphBatch(c));
    return c.json(outcome, 202);
  });
}
