/**
 * `startGmailEmulator()`: the state (mailboxes, tokens, faults, signing key) and the test-facing API around
 * the HTTP server. Everything a test does here — deliver, modify, expire — goes through the same mailbox
 * code the API uses, so it writes history exactly like a change made in Gmail itself.
 */
import { FaultScript, type FaultTarget, type GmailFault, type ScheduledFault } from "./faults.ts";
import { type HistoryRecord, Mailbox, type StoredMessage, type WatchState } from "./mailbox.ts";
import { headerValue } from "./mime.ts";
import { type OAuthClientCredentials, type ServiceAccountKey, type TokenSet, TokenStore } from "./oauth.ts";
import {
  DEFAULT_SUBSCRIPTION,
  type Jwks,
  type OidcTokenOptions,
  type PushEnvelope,
  PushSigner,
} from "./push.ts";
import { labelResource } from "./resources.ts";
import { type RecordedRequest, startServer } from "./server.ts";
import type { GmailLabel } from "./wire.ts";

export interface GmailEmulatorOptions {
  /** The clock for internalDate, token expiry, history retention and watch expiry; inject one to test time. */
  now?: () => number;
  /** Lifetime of access tokens; default 3599 s, as Google issues them. */
  accessTokenTtlSeconds?: number;
  /** How long history records are kept; default 7 days (Google: "typically at least a week"). */
  historyRetentionMs?: number;
  /** OAuth clients `/token` accepts; when absent any client id and secret are accepted. */
  clients?: OAuthClientCredentials[];
}

/** A stored message as a test sees it. */
export interface MailboxMessage {
  id: string;
  threadId: string;
  labelIds: string[];
  /** The exact bytes stored (for a send: as received, plus a `Message-ID` if it had none). */
  raw: Buffer;
  internalDate: number;
  historyId: string;
  messageId: string | undefined;
  subject: string;
  snippet: string;
  /** First header of that name, unfolded and decoded. */
  header(name: string): string | undefined;
}

export interface DeliverOptions {
  /** Default `["INBOX", "UNREAD"]`. */
  labelIds?: string[];
  /** Forces the thread (no checks); by default Gmail's threading rules decide. */
  threadId?: string;
  /** Default: now on the emulator's clock. */
  internalDate?: number;
}

export interface LabelChangeOptions {
  add?: string[];
  remove?: string[];
}

export interface MailboxView {
  readonly address: string;
  /** The mailbox's current history id (a decimal string, as the API gives it). */
  readonly historyId: string;
  readonly watch: WatchState | undefined;
  /** Newest first. */
  messages(): MailboxMessage[];
  get(id: string): MailboxMessage | undefined;
  labels(): GmailLabel[];
  /** Creates a user label and returns its id (`Label_1`…). */
  createLabel(name: string): string;
  /** A label change as if made in the Gmail UI: writes history like `messages.modify`. */
  modify(messageId: string, change: LabelChangeOptions): void;
  history(): readonly HistoryRecord[];
}

export interface GmailEmulator {
  /** Pass `url + "/"` as the SDK's `rootUrl`. */
  readonly url: string;
  /** Ready-made `endpoints` for google-auth-library's `OAuth2Client`. */
  readonly oauthEndpoints: {
    oauth2TokenUrl: string;
    oauth2RevokeUrl: string;
    oauth2FederatedSignonPemCertsUrl: string;
    oauth2FederatedSignonJwkCertsUrl: string;
  };
  /** Every request, in arrival order. */
  readonly requests: readonly RecordedRequest[];
  /** The public keys `oidcToken` signs with (also served at `/oauth2/v3/certs`). */
  readonly jwks: Jwks;
  /** The mailbox of `address`, created empty on first use. */
  mailbox(address: string): MailboxView;
  /** Puts an RFC 822 message in the mailbox, as inbound mail arriving. */
  deliver(address: string, raw: string | Buffer, options?: DeliverOptions): MailboxMessage;
  /** Messages carrying the SENT label, oldest first. */
  sent(address: string): MailboxMessage[];
  /** Drops all history of a mailbox: older `startHistoryId`s now get 404. */
  expireHistory(address: string): void;
  /** Schedules a fault for matching requests (see faults.ts). */
  fault(target: FaultTarget, fault: GmailFault): ScheduledFault;
  clearFaults(): void;
  /** Mints access + refresh tokens for `address` without the consent dance. */
  issueTokens(address: string, scope?: string): Required<TokenSet>;
  /** A one-time code for `OAuth2Client.getToken(code)`. */
  authorizationCode(address: string, options?: { scope?: string; redirectUri?: string }): string;
  /** Revokes a refresh (or access) token's grant: refreshes then fail with `invalid_grant`. */
  revoke(token: string): boolean;
  /** A Workspace service account with domain-wide delegation over `domain`, and its JSON key. */
  registerServiceAccount(email: string, domain: string): ServiceAccountKey;
  /** Current access tokens (of one address, or all) expire now: the next API call gets 401. */
  expireAccessTokens(address?: string): void;
  /** The body a Pub/Sub push subscription would POST for this mailbox's current history id. */
  pushNotification(
    address: string,
    options?: { subscription?: string; historyIdAs?: "number" | "string" },
  ): PushEnvelope;
  /** An RS256 OIDC JWT like the one Pub/Sub puts in the push's `Authorization: Bearer`. */
  oidcToken(audience: string, options?: OidcTokenOptions): string;
  /**
   * Act as the Pub/Sub push subscription: after each delivery to a watched inbox, POST the notification
   * (with its OIDC token) to `url`. `null` stops pushing.
   */
  pushTo(endpoint: PushEndpoint | null): void;
  /** Push faults, used up one push at a time: dropped, sent twice, or held back and sent late. */
  pushFaults(faults: { drop?: number; duplicate?: number; delayMs?: number; delayed?: number }): void;
  /** Every push attempted, in order. */
  readonly pushes: readonly PushAttempt[];
  /** Resolves when no push is in flight. */
  pushesSettled(): Promise<void>;
  close(): Promise<void>;
}

export interface PushEndpoint {
  url: string;
  /** The `aud` of the OIDC token; default `url`. */
  audience?: string;
  subscription?: string;
  /** Signs as this service account (default the emulator's push account). */
  serviceAccount?: string;
}

export interface PushAttempt {
  address: string;
  historyId: number;
  outcome: "delivered" | "dropped" | "failed";
  status: number | undefined;
}

const DEFAULT_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

export async function startGmailEmulator(options: GmailEmulatorOptions = {}): Promise<GmailEmulator> {
  const now = options.now ?? Date.now;
  const mailboxes = new Map<string, Mailbox>();
  const tokens = new TokenStore({
    now,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3599,
    clients: options.clients,
  });
  const signer = new PushSigner(now);
  const faults = new FaultScript();
  const requests: RecordedRequest[] = [];

  function mailboxOf(address: string): Mailbox {
    const key = address.toLowerCase();
    let mailbox = mailboxes.get(key);
    if (!mailbox) {
      mailbox = new Mailbox(key, now, options.historyRetentionMs ?? DEFAULT_RETENTION_MS);
      mailboxes.set(key, mailbox);
    }
    return mailbox;
  }

  const server = await startServer({ tokens, signer, faults, mailbox: mailboxOf, now, requests });

  let pushEndpoint: PushEndpoint | null = null;
  const pushFaults = { drop: 0, duplicate: 0, delayed: 0, delayMs: 0 };
  const pushes: PushAttempt[] = [];
  const inFlight = new Set<Promise<void>>();

  function postPush(address: string, historyId: number, endpoint: PushEndpoint): Promise<void> {
    const envelope = signer.envelope(
      { emailAddress: address, historyId },
      endpoint.subscription ?? DEFAULT_SUBSCRIPTION,
    );
    const token = signer.oidcToken(endpoint.audience ?? endpoint.url, { email: endpoint.serviceAccount });
    return fetch(endpoint.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify(envelope),
    }).then(
      (response) => {
        pushes.push({
          address,
          historyId,
          outcome: response.ok ? "delivered" : "failed",
          status: response.status,
        });
      },
      () => {
        pushes.push({ address, historyId, outcome: "failed", status: undefined });
      },
    );
  }

  /** What Pub/Sub does after Gmail publishes a change of a watched inbox. */
  function publish(mailbox: Mailbox): void {
    const endpoint = pushEndpoint;
    if (!endpoint || !mailbox.watch || mailbox.watch.expiration <= now()) return;
    const historyId = mailbox.historyId;
    if (pushFaults.drop > 0) {
      pushFaults.drop -= 1;
      pushes.push({ address: mailbox.address, historyId, outcome: "dropped", status: undefined });
      return;
    }
    let times = 1;
    if (pushFaults.duplicate > 0) {
      pushFaults.duplicate -= 1;
      times = 2;
    }
    let delayMs = 0;
    if (pushFaults.delayed > 0) {
      pushFaults.delayed -= 1;
      delayMs = pushFaults.delayMs;
    }
    for (let i = 0; i < times; i++) {
      const sending = new Promise<void>((resolve) => setTimeout(resolve, delayMs)).then(() =>
        postPush(mailbox.address, historyId, endpoint),
      );
      inFlight.add(sending);
      void sending.finally(() => inFlight.delete(sending));
    }
  }

  function view(mailbox: Mailbox): MailboxView {
    return {
      address: mailbox.address,
      get historyId() {
        return String(mailbox.historyId);
      },
      get watch() {
        return mailbox.watch;
      },
      messages: () => mailbox.all().map(snapshot),
      get: (id) => {
        const message = mailbox.get(id);
        return message && snapshot(message);
      },
      labels: () => [...mailbox.labels.values()].map(labelResource),
      createLabel: (name) => {
        const label = mailbox.createLabel({ name });
        if (!label) throw new Error(`emulator: label "${name}" already exists in ${mailbox.address}`);
        return label.id;
      },
      modify: (messageId, change) => {
        const message = mailbox.get(messageId);
        if (!message) throw new Error(`emulator: no message ${messageId} in ${mailbox.address}`);
        const unknown = mailbox.unknownLabel([...(change.add ?? []), ...(change.remove ?? [])]);
        if (unknown) throw new Error(`emulator: no label ${unknown} in ${mailbox.address}`);
        mailbox.modify(message, change.add ?? [], change.remove ?? []);
      },
      history: () => mailbox.records(),
    };
  }

  return {
    url: server.url,
    oauthEndpoints: {
      oauth2TokenUrl: `${server.url}/token`,
      oauth2RevokeUrl: `${server.url}/revoke`,
      oauth2FederatedSignonPemCertsUrl: `${server.url}/oauth2/v1/certs`,
      oauth2FederatedSignonJwkCertsUrl: `${server.url}/oauth2/v3/certs`,
    },
    requests,
    get jwks() {
      return signer.jwks;
    },
    mailbox: (address) => view(mailboxOf(address)),
    deliver: (address, raw, deliverOptions = {}) => {
      const mailbox = mailboxOf(address);
      const labelIds = deliverOptions.labelIds ?? ["INBOX", "UNREAD"];
      const unknown = mailbox.unknownLabel(labelIds);
      if (unknown) throw new Error(`emulator: no label ${unknown} in ${mailbox.address}`);
      const message = mailbox.add(typeof raw === "string" ? Buffer.from(raw, "utf8") : raw, {
        labelIds,
        internalDate: deliverOptions.internalDate ?? now(),
        forcedThreadId: deliverOptions.threadId,
      });
      if (labelIds.includes("INBOX")) publish(mailbox);
      return snapshot(message);
    },
    sent: (address) =>
      mailboxOf(address)
        .all()
        .filter((message) => message.labelIds.has("SENT"))
        .reverse()
        .map(snapshot),
    expireHistory: (address) => mailboxOf(address).expireHistory(),
    fault: (target, fault) => faults.add(target, fault),
    clearFaults: () => faults.clear(),
    issueTokens: (address, scope) => tokens.issue(address.toLowerCase(), scope),
    authorizationCode: (address, codeOptions) => tokens.authorizationCode(address.toLowerCase(), codeOptions),
    revoke: (token) => tokens.revoke(token),
    registerServiceAccount: (email, domain) => tokens.registerServiceAccount(email, domain),
    expireAccessTokens: (address) => tokens.expireAccessTokens(address?.toLowerCase()),
    pushNotification: (address, pushOptions = {}) => {
      const mailbox = mailboxOf(address);
      const historyId = pushOptions.historyIdAs === "string" ? String(mailbox.historyId) : mailbox.historyId;
      return signer.envelope(
        { emailAddress: mailbox.address, historyId },
        pushOptions.subscription ?? DEFAULT_SUBSCRIPTION,
      );
    },
    oidcToken: (audience, tokenOptions) => signer.oidcToken(audience, tokenOptions),
    pushTo: (endpoint) => {
      pushEndpoint = endpoint;
    },
    pushFaults: (faults) => {
      pushFaults.drop = faults.drop ?? pushFaults.drop;
      pushFaults.duplicate = faults.duplicate ?? pushFaults.duplicate;
      pushFaults.delayed = faults.delayed ?? pushFaults.delayed;
      pushFaults.delayMs = faults.delayMs ?? pushFaults.delayMs;
    },
    pushes,
    pushesSettled: async () => {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
    close: async () => {
      pushEndpoint = null;
      await Promise.all([...inFlight]);
      await server.close();
    },
  };
}

function snapshot(message: StoredMessage): MailboxMessage {
  return {
    id: message.id,
    threadId: message.threadId,
    labelIds: [...message.labelIds],
    raw: message.raw,
    internalDate: message.internalDate,
    historyId: String(message.historyId),
    messageId: message.messageId,
    subject: message.parsed.subject,
    snippet: message.parsed.snippet,
    header: (name) => headerValue(message.headers, name),
  };
}
