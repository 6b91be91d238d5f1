/**
 * `startGraphEmulator()`: the state (tenant, mailboxes, tokens, subscriptions, faults) and the test-facing API
 * around the HTTP server. What a test does here — deliver, update, move — goes through the same mailbox code
 * the API uses, so it shows up in delta queries exactly like a change made in Outlook.
 */

import type { INetworkModule } from "@azure/msal-node";
import type { Middleware } from "@microsoft/microsoft-graph-client";
import type * as Graph from "@microsoft/microsoft-graph-types";
import { PUBLIC_LOGIN_HOST } from "./entra.ts";
import { FaultScript, type FaultTarget, type GraphFault, type ScheduledFault } from "./faults.ts";
import { type AppRegistration, DELEGATED_SCOPE, Identity, type TokenResponse } from "./identity.ts";
import { Mailbox, type StoredMessage, type WellKnownFolder } from "./mailbox.ts";
import { headerOf, newInternetMessageId, parseInbound } from "./mime.ts";
import type { GraphState } from "./routes/index.ts";
import { type RecordedRequest, startServer } from "./server.ts";
import {
  changeNotification,
  type LifecycleEvent,
  lifecycleNotification,
  type NotificationChangeType,
  type NotificationDelivery,
  type SubscriptionRecord,
  SubscriptionStore,
} from "./subscriptions.ts";
import { graphTransport, msalNetwork } from "./transport.ts";
import { randomUUID } from "./wire.ts";

export interface GraphEmulatorOptions {
  /** The clock for dates, token and subscription expiry; inject one to test time. */
  now?: () => number;
  /** Default: a random GUID. */
  tenantId?: string;
  /** Lifetime of access tokens; default 3599 s, as Entra issues them. */
  accessTokenTtlSeconds?: number;
  /** Apps the token endpoint knows; when absent any client id and secret are accepted. */
  apps?: AppRegistration[];
  /** How long the subscription validation handshake may take; default 10 s, as Graph allows. */
  validationTimeoutMs?: number;
  /** How long a notification POST may take before it counts as failed; default 10 s. */
  notificationTimeoutMs?: number;
  /** Furthest subscription expiry for messages; default 10,070 minutes. */
  maxSubscriptionMinutes?: number;
}

/** A stored message as a test sees it. */
export interface MailboxMessage {
  /** The regular id (changes on move). */
  id: string;
  immutableId: string;
  /** Well-known name of its folder (`inbox`, `sentitems`, `drafts`…). */
  folder: WellKnownFolder;
  conversationId: string;
  internetMessageId: string;
  subject: string;
  categories: string[];
  isRead: boolean;
  isDraft: boolean;
  /** The MIME `$value` serves: for a delivery, exactly the bytes delivered. */
  raw: Buffer;
  receivedAt: number;
  /** First header of that name in `raw`, unfolded. */
  header(name: string): string | undefined;
}

export interface DeliverOptions {
  /** Default: now on the emulator's clock. */
  receivedAt?: number;
  /** Default `inbox`. */
  folder?: WellKnownFolder;
  isRead?: boolean;
}

export interface MailboxView {
  readonly address: string;
  /** The user's object id (a GUID), accepted in `/users/{id}` like the address. */
  readonly userId: string;
  folderId(name: WellKnownFolder): string;
  /** Newest first; one folder or all. */
  messages(folder?: WellKnownFolder): MailboxMessage[];
  /** By regular or immutable id. */
  get(id: string): MailboxMessage | undefined;
  /** A change made in Outlook itself: written to the change log like a PATCH. */
  update(id: string, change: { categories?: string[]; isRead?: boolean }): void;
  /** A move made in Outlook (rules, the user): the regular id changes. */
  move(id: string, folder: WellKnownFolder): MailboxMessage;
  remove(id: string): void;
}

export interface NotifyChange {
  /** Regular or immutable id; the notification carries the form the subscription asked for. */
  messageId: string;
  /** Default `created`. */
  changeType?: NotificationChangeType;
}

export interface GraphEmulator {
  /** The emulator's own base URL (plain HTTP on 127.0.0.1). */
  readonly url: string;
  readonly tenantId: string;
  /** `{url}/{tenantId}/oauth2/v2.0/token`, for plain `fetch`. */
  readonly tokenUrl: string;
  /** The production authority of this tenant, for MSAL together with `msalNetwork()`. */
  readonly authority: string;
  /** Every request, in arrival order. */
  readonly requests: readonly RecordedRequest[];
  /** Every notification POSTed to a receiver (validation handshakes excluded), in order. */
  readonly deliveries: readonly NotificationDelivery[];
  /** The last hop of a Graph SDK middleware chain, sending its requests here (see transport.ts). */
  transport(): Middleware;
  /** MSAL's `system.networkClient`, sending its requests here (see transport.ts). */
  msalNetwork(): INetworkModule;
  /** A mailbox by address (created empty on first use) or by user id. */
  mailbox(idOrAddress: string): MailboxView;
  /** Puts an RFC 822 message in a folder (the inbox by default), as inbound mail arriving. */
  deliver(address: string, raw: string | Buffer, options?: DeliverOptions): Promise<MailboxMessage>;
  /** Messages that left the mailbox (send, reply, sendMail — saved to Sent Items or not), oldest first. */
  sent(address: string): MailboxMessage[];
  /** Drops the mailbox's delta and skip tokens: old links answer 410 `syncStateNotFound`. */
  expireDeltaTokens(address: string): void;
  /** Schedules a fault for matching requests (see faults.ts). */
  fault(target: FaultTarget, fault: GraphFault): ScheduledFault;
  clearFaults(): void;
  /** An app-only access token, as client_credentials gives. */
  appToken(clientId?: string): TokenResponse;
  /** Delegated access + refresh tokens for a user, without the consent dance. */
  userTokens(
    address: string,
    options?: { clientId?: string; scope?: string },
  ): TokenResponse & { refresh_token: string };
  /** A one-time code for the authorization_code grant. */
  authorizationCode(
    address: string,
    options: { clientId: string; scope?: string; redirectUri?: string },
  ): string;
  /** Revokes the grant behind a refresh (or access) token: refreshes then fail with `invalid_grant`. */
  revoke(token: string): boolean;
  /** Revokes every grant of a user (password reset, `revokeSignInSessions`). */
  revokeUser(address: string): void;
  /** Access tokens (of one user, or all) expire now: the next Graph call gets 401. */
  expireAccessTokens(address?: string): void;
  /** Live subscriptions, of one mailbox or all. */
  subscriptions(address?: string): SubscriptionRecord[];
  /** POSTs one change notification (or a batch) for these messages to the subscription's notificationUrl. */
  notify(subscriptionId: string, changes: NotifyChange | NotifyChange[]): Promise<NotificationDelivery>;
  /** What Graph does on a change: notifies every live subscription covering the message's folder and change. */
  notifyChange(
    address: string,
    messageId: string,
    changeType?: NotificationChangeType,
  ): Promise<NotificationDelivery[]>;
  /** POSTs a lifecycle notification to the lifecycleNotificationUrl, and applies it (removal, reauthorization). */
  notifyLifecycle(subscriptionId: string, event: LifecycleEvent): Promise<NotificationDelivery>;
  close(): Promise<void>;
}

const DEFAULT_CLIENT_ID = "00000000-0000-0000-0000-0000000e0001";

export async function startGraphEmulator(options: GraphEmulatorOptions = {}): Promise<GraphEmulator> {
  const now = options.now ?? Date.now;
  const tenantId = options.tenantId ?? randomUUID();
  const mailboxes = new Map<string, Mailbox>();
  const sentLog = new Map<string, MailboxMessage[]>();
  const faults = new FaultScript();
  const requests: RecordedRequest[] = [];
  const subscriptions = new SubscriptionStore(now);
  const notificationTimeoutMs = options.notificationTimeoutMs ?? 10_000;

  function findMailbox(idOrAddress: string): Mailbox | undefined {
    const key = idOrAddress.toLowerCase();
    if (key.includes("@")) {
      let mailbox = mailboxes.get(key);
      if (!mailbox) {
        mailbox = new Mailbox(key, randomUUID(), now);
        mailboxes.set(key, mailbox);
      }
      return mailbox;
    }
    return [...mailboxes.values()].find((mailbox) => mailbox.userId === key);
  }

  function mailboxOf(idOrAddress: string): Mailbox {
    const mailbox = findMailbox(idOrAddress);
    if (!mailbox) throw new Error(`emulator: no mailbox ${idOrAddress}`);
    return mailbox;
  }

  const identity = new Identity({
    now,
    tenantId,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3599,
    apps: options.apps,
    userIdOf: (address) => mailboxOf(address).userId,
  });

  const graph: GraphState = {
    mailbox: findMailbox,
    subscriptions,
    recordSent: (mailbox, message) => {
      const log = sentLog.get(mailbox.address) ?? [];
      log.push(snapshot(mailbox, message));
      sentLog.set(mailbox.address, log);
    },
    now,
    tenantId,
    validationTimeoutMs: options.validationTimeoutMs ?? 10_000,
    maxSubscriptionMinutes: options.maxSubscriptionMinutes ?? 10_070,
  };

  const server = await startServer({ identity, faults, graph, requests, now });
  const defaultClientId = options.apps?.[0]?.clientId ?? DEFAULT_CLIENT_ID;

  function subscription(id: string): SubscriptionRecord {
    const record = subscriptions.get(id);
    if (!record) throw new Error(`emulator: no live subscription ${id}`);
    return record;
  }

  async function notify(
    subscriptionId: string,
    changes: NotifyChange | NotifyChange[],
  ): Promise<NotificationDelivery> {
    const record = subscription(subscriptionId);
    const mailbox = mailboxOf(record.address);
    const value = (Array.isArray(changes) ? changes : [changes]).map((change) => {
      const changeType = change.changeType ?? "created";
      if (!record.changeType.includes(changeType)) {
        throw new Error(`emulator: subscription ${record.id} is not for '${changeType}' changes`);
      }
      const message = mailbox.find(change.messageId);
      if (!message && changeType !== "deleted") throw new Error(`emulator: no message ${change.messageId}`);
      if (message && record.folderId && message.folderId !== record.folderId) {
        throw new Error(`emulator: message ${change.messageId} is not in the subscribed folder`);
      }
      const id = message ? (record.immutableIds ? message.immutableId : message.restId) : change.messageId;
      return changeNotification(
        record,
        mailbox,
        { changeType, messageId: id, changeKey: message?.changeKey },
        tenantId,
      );
    });
    const payload: Graph.ChangeNotificationCollection = { value };
    return subscriptions.post(record.notificationUrl, payload, notificationTimeoutMs);
  }

  function view(mailbox: Mailbox): MailboxView {
    const message = (id: string): StoredMessage => {
      const found = mailbox.find(id);
      if (!found) throw new Error(`emulator: no message ${id} in ${mailbox.address}`);
      return found;
    };
    return {
      address: mailbox.address,
      userId: mailbox.userId,
      folderId: (name) => mailbox.wellKnown(name).id,
      messages: (folder) =>
        mailbox.all(folder && mailbox.wellKnown(folder).id).map((stored) => snapshot(mailbox, stored)),
      get: (id) => {
        const found = mailbox.find(id);
        return found && snapshot(mailbox, found);
      },
      update: (id, change) => {
        const found = message(id);
        if (change.categories) found.categories = [...change.categories];
        if (change.isRead !== undefined) found.isRead = change.isRead;
        mailbox.touch(found);
      },
      move: (id, folder) => {
        const found = message(id);
        mailbox.move(found, mailbox.wellKnown(folder).id);
        return snapshot(mailbox, found);
      },
      remove: (id) => mailbox.remove(message(id)),
    };
  }

  return {
    url: server.url,
    tenantId,
    tokenUrl: `${server.url}/${tenantId}/oauth2/v2.0/token`,
    authority: `${PUBLIC_LOGIN_HOST}/${tenantId}`,
    requests,
    deliveries: subscriptions.deliveries,
    transport: () => graphTransport(server.url),
    msalNetwork: () => msalNetwork(server.url),
    mailbox: (idOrAddress) => view(mailboxOf(idOrAddress)),
    deliver: async (address, raw, deliverOptions = {}) => {
      const mailbox = mailboxOf(address);
      const bytes = typeof raw === "string" ? Buffer.from(raw, "utf8") : raw;
      const parsed = await parseInbound(bytes);
      const receivedAt = deliverOptions.receivedAt ?? now();
      const message = mailbox.add({
        folder: deliverOptions.folder ?? "inbox",
        raw: bytes,
        content: parsed.content,
        // Exchange assigns an id to mail that arrives without one (the bytes stay as delivered).
        internetMessageId: parsed.internetMessageId ?? newInternetMessageId(),
        inReplyTo: parsed.inReplyTo,
        references: parsed.references,
        isRead: deliverOptions.isRead ?? false,
        isDraft: false,
        receivedAt,
        sentAt: parsed.sentAt ?? receivedAt,
      });
      return snapshot(mailbox, message);
    },
    sent: (address) => [...(sentLog.get(mailboxOf(address).address) ?? [])],
    expireDeltaTokens: (address) => mailboxOf(address).expireSyncStates(),
    fault: (target, fault) => faults.add(target, fault),
    clearFaults: () => faults.clear(),
    appToken: (clientId = defaultClientId) => identity.appToken(clientId),
    userTokens: (address, tokenOptions = {}) =>
      identity.userTokens(
        mailboxOf(address).address,
        tokenOptions.clientId ?? defaultClientId,
        tokenOptions.scope,
      ),
    authorizationCode: (address, codeOptions) =>
      identity.authorizationCode(
        mailboxOf(address).address,
        codeOptions.clientId,
        codeOptions.scope ?? `${DELEGATED_SCOPE} offline_access`,
        codeOptions.redirectUri,
      ),
    revoke: (token) => identity.revoke(token),
    revokeUser: (address) => identity.revokeUser(mailboxOf(address).address),
    expireAccessTokens: (address) => identity.expireAccessTokens(address && mailboxOf(address).address),
    subscriptions: (address) =>
      subscriptions.all().filter((record) => !address || record.address === mailboxOf(address).address),
    notify,
    notifyChange: async (address, messageId, changeType = "created") => {
      const mailbox = mailboxOf(address);
      const message = mailbox.find(messageId);
      const matching = subscriptions
        .all()
        .filter(
          (record) =>
            record.address === mailbox.address &&
            record.changeType.includes(changeType) &&
            (!record.folderId || !message || record.folderId === message.folderId),
        );
      return Promise.all(matching.map((record) => notify(record.id, { messageId, changeType })));
    },
    notifyLifecycle: async (subscriptionId, event) => {
      const record = subscription(subscriptionId);
      if (!record.lifecycleNotificationUrl) {
        throw new Error(`emulator: subscription ${record.id} has no lifecycleNotificationUrl`);
      }
      const payload: Graph.ChangeNotificationCollection = {
        value: [lifecycleNotification(record, event, tenantId)],
      };
      if (event === "subscriptionRemoved") subscriptions.delete(record.id);
      if (event === "reauthorizationRequired") record.reauthorizationRequired = true;
      return subscriptions.post(record.lifecycleNotificationUrl, payload, notificationTimeoutMs);
    },
    close: () => server.close(),
  };
}

function snapshot(mailbox: Mailbox, message: StoredMessage): MailboxMessage {
  const folder = mailbox.folders.get(message.folderId);
  const raw = message.raw;
  return {
    id: message.restId,
    immutableId: message.immutableId,
    folder: folder?.wellKnownName ?? "inbox",
    conversationId: message.conversationId,
    internetMessageId: message.internetMessageId,
    subject: message.content.subject,
    categories: [...message.categories],
    isRead: message.isRead,
    isDraft: message.isDraft,
    raw,
    receivedAt: message.receivedAt,
    header: (name) => headerOf(raw, name),
  };
}
