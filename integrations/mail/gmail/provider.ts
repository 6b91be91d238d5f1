import type { z } from "zod";
import { composeReply } from "../compose.ts";
import { mapBounded } from "../concurrency.ts";
import type { ChangePage, HandledState, MailProvider, OutgoingReply, ProviderMessage } from "../types.ts";
import { InboxChanges } from "./changes.ts";
import { type GmailApi, type GmailSession, openGmailSession } from "./client.ts";
import { failureStatus, ProviderRequestError, ProviderUnavailableError, toProviderError } from "./errors.ts";
import { HandledLabels, handledStates } from "./labels.ts";
import { type GmailMailboxOptions, GmailMailboxSettings } from "./options.ts";
import { pacerFor, type QuotaPacer, quotaUnits } from "./quota.ts";

/** `messages.batchModify` takes at most this many ids. */
const batchModifyMax = 1000;

/**
 * A Gmail mailbox behind the `MailProvider` port (DESIGN.md), over the Gmail API with the mailbox's own
 * OAuth grant. Every failure leaves as one of errors.ts's kinds; the SDK never retries on its own.
 */
export class GmailMailbox implements MailProvider {
  readonly kind = "gmail" as const;
  readonly address: string;
  private readonly settings: z.output<typeof GmailMailboxSettings>;
  private readonly session: GmailSession;
  private readonly clock: () => Date;
  private readonly changes: InboxChanges;
  private readonly labels: HandledLabels;
  private readonly pacer: QuotaPacer;

  constructor(options: GmailMailboxOptions) {
    const settings = GmailMailboxSettings.parse(options);
    this.settings = settings;
    this.address = settings.address;
    this.clock = options.clock ?? (() => new Date());
    this.session = openGmailSession({
      rootUrl: settings.rootUrl.endsWith("/") ? settings.rootUrl : `${settings.rootUrl}/`,
      address: settings.address,
      credentials: settings.credentials,
      timeoutMs: settings.timeoutMs,
      onTokens: options.onTokens,
    });
    this.pacer = pacerFor(settings.address, settings.quotaUnitsPerSecond);
    const call = this.call.bind(this);
    this.changes = new InboxChanges(
      call,
      { backfillDays: settings.backfill.days, maxRecoveryDays: settings.backfill.maxRecoveryDays },
      this.clock,
    );
    this.labels = new HandledLabels(call);
  }

  listChanges(cursor: string | null, limit: number): Promise<ChangePage> {
    return this.changes.list(cursor, limit);
  }

  async getMessages(providerMessageIds: string[]): Promise<ProviderMessage[]> {
    const fetched = await mapBounded(providerMessageIds, this.settings.fetchConcurrency, async (id) => {
      try {
        const { data } = await this.call("messages.get", (api) =>
          api.users.messages.get({ userId: "me", id, format: "raw" }),
        );
        if (!data.raw || !data.threadId)
          throw new ProviderUnavailableError(`gmail messages.get ${id}: answered without raw or threadId`);
        return { providerMessageId: id, threadId: data.threadId, raw: Buffer.from(data.raw, "base64url") };
      } catch (error) {
        // Deleted since it was listed: nothing left to store.
        if (isNotFound(error)) return null;
        throw error;
      }
    });
    return fetched.filter((message) => message !== null);
  }

  async sendReply(reply: OutgoingReply): Promise<{ providerMessageId: string }> {
    const raw = await composeReply(reply, this.clock());
    // `threadId` threads it in Gmail; In-Reply-To/References (in `raw`) thread it for the customer.
    const { data } = await this.call("messages.send", (api) =>
      api.users.messages.send({
        userId: "me",
        requestBody: {
          raw: raw.toString("base64url"),
          ...(reply.threadId ? { threadId: reply.threadId } : {}),
        },
      }),
    );
    if (!data.id) throw new ProviderUnavailableError("gmail messages.send: answered without a message id");
    return { providerMessageId: data.id };
  }

  async findSent(rfcMessageId: string): Promise<{ providerMessageId: string } | null> {
    const bare = rfcMessageId.trim().replace(/^<|>$/g, "");
    // Trash too: a person may have binned the sent copy, and a second send is what this guards against.
    const { data } = await this.call("messages.list", (api) =>
      api.users.messages.list({
        userId: "me",
        q: `in:sent rfc822msgid:${bare}`,
        includeSpamTrash: true,
        maxResults: 1,
      }),
    );
    const id = data.messages?.[0]?.id;
    return id ? { providerMessageId: id } : null;
  }

  async markHandled(providerMessageIds: string[], state: HandledState): Promise<void> {
    const ids = [...new Set(providerMessageIds)];
    if (ids.length === 0) return;
    const labels = await this.labels.get();
    // One verdict at a time: a reviewed message that is later answered moves from one label to the other.
    const change = {
      addLabelIds: [labels[state]],
      removeLabelIds: handledStates.filter((other) => other !== state).map((other) => labels[other]),
    };
    for (let start = 0; start < ids.length; start += batchModifyMax) {
      const batch = ids.slice(start, start + batchModifyMax);
      try {
        await this.call("messages.batchModify", (api) =>
          api.users.messages.batchModify({ userId: "me", requestBody: { ids: batch, ...change } }),
        );
      } catch (error) {
        if (!isNotFound(error)) throw error;
        // One of them was deleted meanwhile, which fails the whole batch: label the rest one by one.
        await mapBounded(batch, this.settings.fetchConcurrency, async (id) => {
          try {
            await this.call("messages.modify", (api) =>
              api.users.messages.modify({ userId: "me", id, requestBody: change }),
            );
          } catch (error) {
            if (!isNotFound(error)) throw error;
          }
        });
      }
    }
  }

  /** One cheap call (`users.getProfile`) that proves the credentials reach this mailbox. */
  async verifyAccess(): Promise<void> {
    const { data } = await this.call("getProfile", (api) => api.users.getProfile({ userId: "me" }));
    if (data.emailAddress?.toLowerCase() !== this.address.toLowerCase())
      throw new ProviderRequestError(
        `gmail users.getProfile: the credentials reach ${data.emailAddress}, not ${this.address}`,
        403,
        "wrongMailbox",
      );
  }

  /**
   * Ask Gmail to publish this inbox's changes to a Pub/Sub topic (`users.watch`). A watch lasts 7 days and
   * must be renewed before then; calling again renews it. Gmail must be allowed to publish to the topic
   * (`gmail-api-push@system.gserviceaccount.com` as Publisher).
   */
  async watch(topicName: string): Promise<{ historyId: string; expiresAt: Date }> {
    const { data } = await this.call("users.watch", (api) =>
      api.users.watch({
        userId: "me",
        requestBody: { topicName, labelIds: ["INBOX"], labelFilterBehavior: "include" },
      }),
    );
    if (!data.historyId || !data.expiration)
      throw new ProviderUnavailableError("gmail users.watch: answered without historyId or expiration");
    return { historyId: String(data.historyId), expiresAt: new Date(Number(data.expiration)) };
  }

  /** Stop publishing this inbox's changes (`users.stop`), for pause and disconnect. */
  async stopWatch(): Promise<void> {
    await this.call("users.stop", (api) => api.users.stop({ userId: "me" }));
  }

  /**
   * One API call. A 401 gets one refresh and one replay: Google can end an access token before its expiry
   * (revocation, password change) and the SDK refreshes on its own clock only; a 401 means nothing was done.
   */
  private async call<T>(what: string, request: (api: GmailApi) => Promise<T>): Promise<T> {
    await this.pacer.take(quotaUnits[what] ?? 5);
    const token = this.session.accessToken();
    try {
      return await request(this.session.api);
    } catch (error) {
      if (failureStatus(error) !== 401) throw toProviderError(error, what);
    }
    // Requests that failed together refresh once: only the first to get here drops the token.
    if (this.session.accessToken() === token) this.session.forgetAccessToken();
    try {
      return await request(this.session.api);
    } catch (error) {
      throw toProviderError(error, what);
    }
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof ProviderRequestError && error.status === 404;
}
