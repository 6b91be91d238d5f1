import type { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { z } from "zod";
import type { ReviewEvent } from "../api/types.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";
import { validate } from "../http/validate.ts";
import { reviewEvents } from "../live/review-events.ts";

/** Proxies close idle streams; a comment line every so often keeps the connection open. */
const keepAliveMs = 20_000;

/**
 * Live review queue: `item.created` / `item.changed` for every item, and `presence` (who is viewing an
 * item). A page viewing an item passes `?viewing=<id>` and counts as a viewer while connected.
 */
export function registerReviewEvents(app: Hono<AppEnv>) {
  app.get(
    "/api/review/events",
    allow("agent", "manager", "admin"),
    validate("query", z.object({ viewing: z.uuid().optional() })),
    (c) => {
      const hub = reviewEvents(c.var.ctx);
      const user = c.var.user;
      const { viewing } = c.req.valid("query");
      return streamSSE(c, async (stream) => {
        const queued: ReviewEvent[] = [];
        let wake: (() => void) | null = null;
        const unsubscribe = hub.subscribe((event) => {
          queued.push(event);
          wake?.();
        });
        const leave = viewing && user ? hub.view(viewing, { userId: user.id, name: user.name }) : null;
        stream.onAbort(() => {
          unsubscribe();
          leave?.();
          wake?.();
        });
        await stream.writeSSE({
          event: "ready",
          data: JSON.stringify({ viewers: viewing ? hub.viewersOf(viewing) : [] }),
        });
        while (!stream.aborted) {
          const event = queued.shift();
          if (event) {
            await stream.writeSSE({ event: event.type, data: JSON.stringify(event) });
            continue;
          }
          let timer: NodeJS.Timeout | undefined;
          await new Promise<void>((resolve) => {
            wake = resolve;
            timer = setTimeout(resolve, keepAliveMs);
            timer.unref();
          });
          clearTimeout(timer);
          wake = null;
          if (queued.length === 0 && !stream.aborted) await stream.write(": keep-alive\n\n");
        }
        unsubscribe();
        leave?.();
      });
    },
  );
}
