import { z } from "zod";
import { mapBounded } from "../concurrency.ts";
import type { ChangePage, HandledState, MailProvider, OutgoingReply, ProviderMessage } from "../types.ts";
import { InboxDelta } from "./changes.ts";
import { type GraphApi, type GraphSession, openGraphSession } from "./client.ts";
import { failureStatus, ProviderUnavailableError, toProviderError } from "./errors.ts";
import { nationalClouds, type OutlookMailboxOptions, OutlookMailboxSettings } from "./options.ts";
import { isNotFound, Replies } from "./replies.ts";
import { InboxSubscriptions } from "./subscriptions.ts";

export const handledStates = ["auto_replied", "needs_review", "ignored"] as const satisfies HandledState[];

/** The Outlook category that shows a verdict; the same names as the Gmail labels. */
export const handledCategoryName = (state: HandledState) => `Mailroom/${state}`;

const Conversation = z.looseObject({ conversationId: z.string().min(1) });
const Categorized = z.looseObject({ categories: z.array(z.string()).default([]) });

/**
 * A Microsoft 365 mailbox behind the `MailProvider` port (DESIGN.md), over Microsoft Graph with app-only
 * (shared mailboxes) or delegated credentials. Every failure leaves as one of errors.ts's kinds; the SDK
 * never retries on its own.
 */
export class OutlookMailbox implements MailProvider {
  readonly kind = "outlook" as const;
  readonly address: string;
  private readonly settings: z.output<typeof OutlookMailboxSettings>;
  private readonly session: GraphSession;
  private readonly userPath: string;
  private readonly delta: InboxDelta;
  private readonly replies: Replies;
  /** The inbox's change-notification subscriptions (the server keeps one per mailbox). */
  readonly subscriptions: InboxSubscriptions;

  constructor(options: OutlookMailboxOptions) {
    const settings = OutlookMailboxSettings.parse(options);
    this.settings = settings;
    this.address = settings.address;
    const clock = options.clock ?? (() => new Date());
    const cloud = nationalClouds[settings.cloud];
    const graphBaseUrl = (settings.graphBaseUrl ?? cloud.graph).replace(/\/+$/, "");
    this.session = openGraphSession({
      graphBaseUrl,
      authority: (settings.authority ?? cloud.login).replace(/\/+$/, ""),
      credentials: settings.credentials,
      timeoutMs: settings.timeoutMs,
      onTokens: options.onTokens,
      middleware: options.middleware,
      msalNetwork: options.msalNetwork,
    });
    this.userPath = `/users/${settings.address}`;
    const call = this.call.bind(this);
    this.delta = new InboxDelta(
      call,
      { userPath: this.userPath, graphBaseUrl, backfillDays: settings.backfill.days },
      clock,
    );
    this.replies = new Replies(call, this.userPath, settings.sentLookbackDays, clock);
    this.subscriptions = new InboxSubscriptions(call, this.userPath);
  }

  /** One cheap call that proves the credentials reach this mailbox's inbox (connect checks before storing). */
  async verifyAccess(): Promise<void> {
    await this.call("inbox.get", (api) =>
      api.request(`${this.userPath}/mailFolders/inbox`).select("id").get(),
    );
  }

  /**
   * Conversation ids the last delta page named, so fetching that page's MIME costs one request per message
   * rather than two (Graph's quota is per mailbox: 10,000 requests / 10 min).
   */
  private listedThreads = new Map<string, string>();

  async listChanges(cursor: string | null, limit: number): Promise<ChangePage> {
    const page = await this.delta.list(cursor, limit);
    this.listedThreads = new Map(page.messages.map((m) => [m.providerMessageId, m.threadId]));
    return page;
  }

  async getMessages(providerMessageIds: string[]): Promise<ProviderMessage[]> {
    const fetched = await mapBounded(providerMessageIds, this.settings.fetchConcurrency, async (id) => {
      const path = `${this.userPath}/messages/${encodeURIComponent(id)}`;
      try {
        const threadId = this.listedThreads.get(id) ?? (await this.conversationOf(id, path));
        const raw = await this.call("messages.$value", (api) => api.bytes(`${path}/$value`));
        return { providerMessageId: id, threadId, raw };
      } catch (error) {
        // Deleted since it was listed: nothing left to store.
        if (isNotFound(error)) return null;
        throw error;
      }
    });
    return fetched.filter((message) => message !== null);
  }

  private async conversationOf(id: string, path: string): Promise<string> {
    const meta = Conversation.safeParse(
      await this.call("messages.get", (api) => api.request(path).select("conversationId").get()),
    );
    if (!meta.success)
      throw new ProviderUnavailableError(`outlook messages.get ${id}: answered without a conversationId`);
    return meta.data.conversationId;
  }

  sendReply(reply: OutgoingReply): Promise<{ providerMessageId: string }> {
    return this.replies.send(reply);
  }

  findSent(rfcMessageId: string): Promise<{ providerMessageId: string } | null> {
    return this.replies.findSent(rfcMessageId);
  }

  /** Categories are per message and hold people's own too: read them, then write ours in. */
  async markHandled(providerMessageIds: string[], state: HandledState): Promise<void> {
    const ours = new Set(handledStates.map(handledCategoryName));
    await mapBounded([...new Set(providerMessageIds)], this.settings.fetchConcurrency, async (id) => {
      const path = `${this.userPath}/messages/${encodeURIComponent(id)}`;
      try {
        const current = Categorized.safeParse(
          await this.call("messages.get", (api) => api.request(path).select("categories").get()),
        );
        const kept = (current.success ? current.data.categories : []).filter((name) => !ours.has(name));
        const categories = [...kept, handledCategoryName(state)];
        await this.call("messages.update", (api) => api.request(path).patch({ categories }));
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    });
  }

  /**
   * One Graph call. A 401 gets one new token and one replay: a token can end before its expiry (revocation,
   * password reset) and a 401 means nothing was done. A second 401 is a grant that no longer works.
   */
  private async call<T>(what: string, request: (api: GraphApi) => Promise<T>): Promise<T> {
    const token = await this.token(what);
    try {
      return await request(this.session.api);
    } catch (error) {
      if (failureStatus(error) !== 401) throw toProviderError(error, what);
    }
    // Requests that failed together acquire once: only the first to get here drops the token.
    if (this.session.accessToken() === token) this.session.forgetAccessToken();
    await this.token(what);
    try {
      return await request(this.session.api);
    } catch (error) {
      throw toProviderError(error, what);
    }
  }

  /** Acquired outside the SDK, so MSAL's errors (invalid_grant) reach the mapping whole. */
  private async token(what: string): Promise<string> {
    try {
      return await this.session.ensureAccessToken();
    } catch (error) {
      throw toProviderError(error, what);
    }
  }
}
