import { z } from "zod";
import type { ChangedMessage, ChangePage } from "../types.ts";
import type { CallGraph } from "./client.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { ProviderRequestError, ProviderUnavailableError } from "./errors.ts";

const dayMs = 24 * 60 * 60 * 1000;

/** Graph's largest `odata.maxpagesize` for message delta. */
const maxPage = 1000;

const deltaSelect = "id,conversationId,internetMessageId,receivedDateTime,from";

const DeltaPage = z.object({
  value: z.array(
    z.looseObject({
      id: z.string().min(1),
      conversationId: z.string().min(1).optional(),
      "@removed": z.unknown().optional(),
    }),
  ),
  "@odata.nextLink": z.url().optional(),
  "@odata.deltaLink": z.url().optional(),
});

export interface DeltaScope {
  /** `/users/{address}` */
  userPath: string;
  graphBaseUrl: string;
  backfillDays: number;
}

/**
 * `listChanges` for Outlook (PROVIDERS.md, Microsoft Graph: delta). A round starts with the inbox's last
 * `backfillDays` (`$filter` on `receivedDateTime`, the only filter delta takes) and pages `@odata.nextLink`
 * until an `@odata.deltaLink`, which the next call follows for what changed since. Changes include updates
 * (read state, our own categories), so a message may come back; storing by id makes that harmless. When
 * Graph dropped the sync state (410 `syncStateNotFound`), a new round starts from the backfill window.
 */
export class InboxDelta {
  constructor(
    private readonly call: CallGraph,
    private readonly scope: DeltaScope,
    private readonly clock: () => Date,
  ) {}

  async list(cursor: string | null, limit: number): Promise<ChangePage> {
    const pageSize = Math.max(1, Math.min(limit, maxPage));
    // An unreadable cursor starts afresh: duplicates are harmless, a skipped message is not.
    const link = cursor === null ? null : decodeCursor(cursor, this.scope.graphBaseUrl);
    if (link === null) return this.page(this.firstRound(), pageSize);
    try {
      return await this.page(link, pageSize);
    } catch (error) {
      if (!isGone(error)) throw error;
      return this.page(this.firstRound(), pageSize);
    }
  }

  private firstRound(): string {
    const since = new Date(this.clock().getTime() - this.scope.backfillDays * dayMs).toISOString();
    const query = `$select=${deltaSelect}&$filter=receivedDateTime ge ${since}`;
    return `${this.scope.userPath}/mailFolders/inbox/messages/delta?${query}`;
  }

  private async page(link: string, pageSize: number): Promise<ChangePage> {
    const answer = await this.call("delta", (api) =>
      api.request(link, [`odata.maxpagesize=${pageSize}`]).get(),
    );
    const parsed = DeltaPage.safeParse(answer);
    if (!parsed.success) throw new ProviderUnavailableError("outlook delta: answered an unreadable page");
    const page = parsed.data;
    const messages = unique(page.value);
    const nextLink = page["@odata.nextLink"];
    if (nextLink) return { messages, nextCursor: encodeCursor({ v: 1, nextLink }), hasMore: true };
    const deltaLink = page["@odata.deltaLink"];
    if (!deltaLink)
      throw new ProviderUnavailableError("outlook delta: answered neither a nextLink nor a deltaLink");
    return { messages, nextCursor: encodeCursor({ v: 1, deltaLink }), hasMore: false };
  }
}

/** Removed entries (deleted, or moved out of the inbox) have nothing left to store. */
function unique(entries: z.infer<typeof DeltaPage>["value"]): ChangedMessage[] {
  const seen = new Set<string>();
  return entries.flatMap((entry) => {
    if (entry["@removed"] !== undefined || !entry.conversationId || seen.has(entry.id)) return [];
    seen.add(entry.id);
    return [{ providerMessageId: entry.id, threadId: entry.conversationId }];
  });
}

function isGone(error: unknown): boolean {
  return error instanceof ProviderRequestError && error.status === 410;
}
