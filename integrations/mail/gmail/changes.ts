import type { ChangedMessage, ChangePage } from "../types.ts";
import type { CallGmail, GmailHistoryList, GmailMessageList } from "./client.ts";
import { decodeCursor, encodeCursor, type GmailCursor } from "./cursor.ts";
import { CursorExpiredError, ProviderRequestError, ProviderUnavailableError } from "./errors.ts";

const dayMs = 24 * 60 * 60 * 1000;

/** Gmail's largest page for `messages.list` and `history.list`. */
const maxPage = 500;

/** Our own replies arrive in the history like anyone's mail: they are outbound, whatever labels they carry. */
const outboundLabels = ["SENT", "DRAFT"];

export interface ChangeWindow {
  backfillDays: number;
  maxRecoveryDays: number;
}

/**
 * `listChanges` for Gmail (PROVIDERS.md, Gmail: incremental sync). The first call lists the inbox's last
 * `backfillDays` after noting the mailbox's history id, so whatever arrives while the listing is paged is
 * picked up from the history next — twice at worst, which storing once makes harmless. Later calls page
 * `history.list` from the stored id. When Gmail no longer has that history (404), the inbox is listed again
 * from the cursor's time, under a fresh history id.
 */
export class InboxChanges {
  constructor(
    private readonly call: CallGmail,
    private readonly window: ChangeWindow,
    private readonly clock: () => Date,
  ) {}

  async list(cursor: string | null, limit: number): Promise<ChangePage> {
    const position = cursor === null ? null : decodeCursor(cursor);
    // An unreadable cursor lists afresh: duplicates are harmless, a skipped message is not.
    if (!position) return this.startListing(`newer_than:${this.window.backfillDays}d`, limit);
    if (position.listing) return this.listingPage(position, position.listing, limit);
    try {
      return await this.historyPage(position, limit);
    } catch (error) {
      if (!(error instanceof CursorExpiredError)) throw error;
      return this.startListing(`after:${Math.floor(this.recoverFrom(position) / 1000)}`, limit);
    }
  }

  /** The cursor's time less a day (clock skew, late internalDate), but no further back than the cap. */
  private recoverFrom(position: GmailCursor): number {
    const now = this.clock().getTime();
    return Math.max(position.at - dayMs, now - this.window.maxRecoveryDays * dayMs);
  }

  private async startListing(window: string, limit: number): Promise<ChangePage> {
    const at = this.clock().getTime();
    const { data } = await this.call("getProfile", (api) => api.users.getProfile({ userId: "me" }));
    if (!data.historyId) throw new ProviderUnavailableError("gmail getProfile: answered without a historyId");
    const listing = { q: `in:inbox -in:sent ${window}`, pageToken: null };
    return this.listingPage({ v: 1, historyId: data.historyId, at }, listing, limit);
  }

  private async listingPage(
    position: GmailCursor,
    listing: { q: string; pageToken: string | null },
    limit: number,
  ): Promise<ChangePage> {
    let data: GmailMessageList;
    try {
      ({ data } = await this.call("messages.list", (api) =>
        api.users.messages.list({
          userId: "me",
          q: listing.q,
          maxResults: Math.min(limit, maxPage),
          pageToken: listing.pageToken ?? undefined,
        }),
      ));
    } catch (error) {
      // A page token Gmail no longer honours: page the same listing again from its start.
      if (listing.pageToken && isBadRequest(error))
        return this.listingPage(position, { ...listing, pageToken: null }, limit);
      throw error;
    }
    const messages = unique(data.messages ?? []);
    const resume = { v: 1 as const, historyId: position.historyId, at: position.at };
    if (data.nextPageToken) {
      const next = { ...resume, listing: { q: listing.q, pageToken: data.nextPageToken } };
      return { messages, nextCursor: encodeCursor(next), hasMore: true };
    }
    // Listed to the end: go on at once with what arrived since the listing began.
    return { messages, nextCursor: encodeCursor(resume), hasMore: true };
  }

  private async historyPage(position: GmailCursor, limit: number): Promise<ChangePage> {
    let data: GmailHistoryList;
    try {
      ({ data } = await this.historyList(position, limit));
    } catch (error) {
      if (error instanceof ProviderRequestError && error.status === 404)
        throw new CursorExpiredError(`gmail history ${position.historyId} is no longer kept`);
      if (position.pageToken && isBadRequest(error))
        return this.historyPage({ ...position, pageToken: undefined }, limit);
      throw error;
    }
    const added = (data.history ?? []).flatMap((record) => record.messagesAdded ?? []);
    const inbound = added
      .map((entry) => entry.message ?? {})
      .filter((message) => !outboundLabels.some((label) => message.labelIds?.includes(label)));
    const messages = unique(inbound);
    if (data.nextPageToken) {
      const next = { ...position, pageToken: data.nextPageToken };
      return { messages, nextCursor: encodeCursor(next), hasMore: true };
    }
    const caughtUp = {
      v: 1 as const,
      historyId: data.historyId ?? position.historyId,
      at: this.clock().getTime(),
    };
    return { messages, nextCursor: encodeCursor(caughtUp), hasMore: false };
  }

  private historyList(position: GmailCursor, limit: number) {
    return this.call("history.list", (api) =>
      api.users.history.list({
        userId: "me",
        startHistoryId: position.historyId,
        historyTypes: ["messageAdded"],
        labelId: "INBOX",
        maxResults: Math.min(limit, maxPage),
        pageToken: position.pageToken,
      }),
    );
  }
}

function unique(listed: { id?: string | null; threadId?: string | null }[]): ChangedMessage[] {
  const seen = new Set<string>();
  return listed.flatMap(({ id, threadId }) => {
    if (!id || !threadId || seen.has(id)) return [];
    seen.add(id);
    return [{ providerMessageId: id, threadId }];
  });
}

function isBadRequest(error: unknown): boolean {
  return error instanceof ProviderRequestError && error.status === 400;
}
