import type { Context, Hono } from "hono";
import { z } from "zod";
import { graphNotificationPath } from "../domain/mail/outlook-subscriptions.ts";
import {
  GraphNotificationBatch,
  receiveGraphNotifications,
} from "../domain/mail/receive-graph-notifications.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";
import { ApiError } from "../http/errors.ts";
import { readText } from "../http/raw-body.ts";

const Handshake = z.object({ validationToken: z.string().min(1).max(2_000) });

/**
 * Graph's subscription handshake: a POST with `?validationToken=…` must get the token back, decoded, as
 * `text/plain` with a 200 within 10 s. Null when the request is not a handshake.
 */
export function graphHandshake(c: Context<AppEnv>): Response | null {
  const token = c.req.query("validationToken");
  if (token === undefined) return null;
  const parsed = Handshake.safeParse({ validationToken: token });
  if (!parsed.success) throw new ApiError("BAD_REQUEST", "validationToken: 1 to 2000 characters");
  // text/plain, never HTML: the token is echoed as given.
  return c.text(parsed.data.validationToken, 200, { "content-type": "text/plain; charset=utf-8" });
}

/** 1,000 notifications of a few hundred bytes each, with room to spare. */
const maxBatchBytes = 4 * 1024 * 1024;

/** The notification batch, or a 400 naming what is wrong (Graph does not retry 4xx). */
export async function graphBatch(c: Context<AppEnv>): Promise<unknown[]> {
  const text = await readText(c, maxBatchBytes, "the notification batch");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError("BAD_REQUEST", "body must be a JSON notification batch");
  }
  const parsed = GraphNotificationBatch.safeParse(body);
  if (!parsed.success)
    throw new ApiError("BAD_REQUEST", "body must be {value: [...]} with at most 1000 items");
  return parsed.data.value;
}

/**
 * Graph change notifications for Outlook inboxes. Public (no login: Graph cannot sign in); each item is
 * trusted only when its `clientState` matches the subscription's sealed one. Answers 202 at once and only
 * queues syncs (PROVIDERS.md: a slow endpoint gets dropped). Roles: public.
 */
export function registerWebhooksGraphNotifications(app: Hono<AppEnv>) {
  app.post(graphNotificationPath, allow.public(), async (c) => {
    const handshake = graphHandshake(c);
    if (handshake) return handshake;
    const outcome = await receiveGraphNotifications(c.var.ctx, await graphBatch(c));
    return c.json(outcome, 202);
  });
}
