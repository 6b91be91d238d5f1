import { eq } from "drizzle-orm";
import { JSONPath } from "jsonpath-plus";
import { feeds } from "../../../db/schema/index.ts";
import type { AppContext } from "../../context.ts";
import { InvalidInputError, NotFoundError } from "../errors.ts";
import { pollSettingsSchema } from "./poll-settings.ts";
import { type DeliveryOutcome, processDelivery } from "./receive-feed-delivery.ts";

/** A poll that failed in a way a later try may fix (timeout, 5xx, 429): the job retries it. */
export class PollUnavailableError extends Error {
  override name = "PollUnavailableError";
}

/** Pages one poll may follow before leaving the rest for the next run. */
const maxPages = 10;

/**
 * Read a REST endpoint for a feed without webhooks: GET url?<cursorParam>=<cursor> with the sealed
 * auth header, keep each response page as a delivery (via "poll"), apply its items through the feed's
 * mapping (`records` points at the items), and store the next cursor only once the page is applied.
 */
export async function pollFeed(
  ctx: AppContext,
  feedId: string,
  fetchImpl: typeof fetch = fetch,
): Promise<{ pages: number; outcomes: DeliveryOutcome[] }> {
  const [feed] = await ctx.db.select().from(feeds).where(eq(feeds.id, feedId));
  if (!feed?.enabled) throw new NotFoundError(`feed ${feedId} not found`);
  if (feed.kind !== "rest_poll") throw new InvalidInputError(`feed ${feedId} is not a polled feed`);
  const settings = pollSettingsSchema.parse(feed.poll);
  const auth = feed.pollAuthSealed ? ctx.secrets.open(feed.pollAuthSealed, `${feed.id}:poll`) : null;
  const mapping = { ...((feed.mapping as object | null) ?? {}), records: settings.itemsPath };
  let cursor = feed.pollCursor;
  const outcomes: DeliveryOutcome[] = [];
  let pages = 0;
  while (pages < maxPages) {
    const url = new URL(settings.url);
    if (cursor) url.searchParams.set(settings.cursorParam, cursor);
    let response: Response;
    try {
      response = await fetchImpl(url, {
        headers: { accept: "application/json", ...(auth ? { [settings.authHeader]: auth } : {}) },
        signal: AbortSignal.timeout(15_000),
      });
    } catch (error) {
      throw new PollUnavailableError(`GET ${url.origin}${url.pathname} failed: ${(error as Error).message}`);
    }
    const body = await response.text();
    if (response.status === 429 || response.status >= 500)
      throw new PollUnavailableError(`GET ${url.origin}${url.pathname} answered ${response.status}`);
    if (!response.ok)
      throw new InvalidInputError(
        `GET ${url.origin}${url.pathname} answered ${response.status}: check the URL and credentials`,
      );
    pages++;
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new InvalidInputError(`GET ${url.origin}${url.pathname} did not answer JSON`);
    }
    const items = JSONPath({
      path: settings.itemsPath,
      json: parsed as object,
      eval: false,
      wrap: true,
    }) as unknown[];
    if (items.length > 0) {
      const outcome = await processDelivery(
        ctx,
        { ...feed, mapping },
        parsed,
        { body, headers: { "content-type": response.headers.get("content-type") ?? "" } },
        { deliveryKey: null, kept: { url: url.toString() }, via: "poll" },
      );
      outcomes.push(outcome);
    }
    const [next] = JSONPath({
      path: settings.nextCursorPath,
      json: parsed as object,
      eval: false,
      wrap: true,
    }) as unknown[];
    const nextCursor = typeof next === "string" || typeof next === "number" ? String(next) : null;
    // The cursor moves on even past a page that could not be applied: that page is kept for replay.
    if (nextCursor && nextCursor !== cursor)
      await ctx.db.update(feeds).set({ pollCursor: nextCursor }).where(eq(feeds.id, feed.id));
    if (!nextCursor || nextCursor === cursor || items.length === 0) break;
    cursor = nextCursor;
  }
  await ctx.db.update(feeds).set({ lastPolledAt: ctx.clock() }).where(eq(feeds.id, feed.id));
  return { pages, outcomes };
}
