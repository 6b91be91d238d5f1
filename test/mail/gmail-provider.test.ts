import { afterEach, describe, expect, it } from "vitest";
import { retryAfterMs } from "../../integrations/mail/gmail/errors.ts";
import {
  GmailMailbox,
  type GmailMailboxOptions,
  type GmailTokens,
  ProviderAuthError,
  ProviderRateLimitError,
  ProviderUnavailableError,
} from "../../integrations/mail/gmail/index.ts";
import type { MailProvider, OutgoingReply } from "../../integrations/mail/types.ts";
import {
  type GmailEmulator,
  type GmailEmulatorOptions,
  startGmailEmulator,
} from "../emulators/gmail/index.ts";

const SHOP = "support@shop.example";
const CUSTOMER = "dana@customer.example";
const DAY = 24 * 60 * 60 * 1000;
const client = { clientId: "mailroom-client", clientSecret: "mailroom-secret" };

let emulator: GmailEmulator | undefined;

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

interface Connected {
  em: GmailEmulator;
  gmail: GmailMailbox;
  refreshToken: string;
  refreshed: GmailTokens[];
  /** Moves the clock the emulator and the adapter share. */
  advance(ms: number): void;
}

/** A Gmail mailbox connected with a fresh grant; the emulator and the adapter share one clock. */
async function connect(
  options: { emulator?: GmailEmulatorOptions; adapter?: Partial<GmailMailboxOptions> } = {},
): Promise<Connected> {
  let clock = Date.UTC(2026, 2, 3, 10);
  emulator = await startGmailEmulator({ clients: [client], now: () => clock, ...options.emulator });
  const em = emulator;
  const { refresh_token: refreshToken } = em.issueTokens(SHOP);
  const refreshed: GmailTokens[] = [];
  const gmail = new GmailMailbox({
    address: SHOP,
    rootUrl: `${em.url}/`,
    credentials: { kind: "oauth", ...client, refreshToken, tokenEndpoint: em.oauthEndpoints.oauth2TokenUrl },
    backfill: { days: 30 },
    onTokens: (tokens) => refreshed.push(tokens),
    clock: () => new Date(clock),
    ...options.adapter,
  });
  const advance = (ms: number) => {
    clock += ms;
  };
  return { em, gmail, refreshToken, refreshed, advance };
}

let sequence = 0;

/** A customer's email; a fresh Message-ID unless given. */
function customerEmail(fields: { subject?: string; messageId?: string; body?: string } = {}): string {
  sequence += 1;
  return [
    `From: Dana <${CUSTOMER}>`,
    `To: ${SHOP}`,
    `Subject: ${fields.subject ?? `Order question ${sequence}`}`,
    "Date: Tue, 03 Mar 2026 10:00:00 +0000",
    `Message-ID: ${fields.messageId ?? `<q${sequence}@customer.example>`}`,
    "MIME-Version: 1.0",
    'Content-Type: text/plain; charset="utf-8"',
    "Content-Transfer-Encoding: 8bit",
    "",
    fields.body ?? "Where is my order?",
    "",
  ].join("\r\n");
}

function replyTo(inbound: { threadId: string }, fields: Partial<OutgoingReply> = {}): OutgoingReply {
  return {
    threadId: inbound.threadId,
    from: { address: SHOP, name: "Shop support" },
    to: [CUSTOMER],
    cc: [],
    bcc: [],
    subject: "Re: Where is order LL-1?",
    text: "It ships today.",
    html: null,
    rfcMessageId: "<send-1@shop.example>",
    inReplyTo: "<q-ll1@customer.example>",
    references: ["<q-ll1@customer.example>"],
    headers: {},
    ...fields,
  };
}

/** Pages `listChanges` as the sync job does, until the provider says it is caught up. */
async function drain(provider: MailProvider, cursor: string | null, limit = 100) {
  const ids: string[] = [];
  const pages: number[] = [];
  let position = cursor;
  for (let page = 0; page < 50; page += 1) {
    const changes = await provider.listChanges(position, limit);
    ids.push(...changes.messages.map((message) => message.providerMessageId));
    pages.push(changes.messages.length);
    position = changes.nextCursor;
    if (!changes.hasMore) return { ids, pages, cursor: position };
  }
  throw new Error("listChanges never caught up");
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (error: unknown) => error,
  );
}

const gmailCalls = (em: GmailEmulator, suffix: string) =>
  em.requests.filter((request) => request.path === `/gmail/v1/users/me/${suffix}`);

describe("listChanges", () => {
  it("backfills the inbox window, then lists what arrived during and after it", async () => {
    const { em, gmail, advance } = await connect();
    em.deliver(SHOP, customerEmail(), { internalDate: Date.UTC(2026, 0, 1) }); // before the 30-day window
    em.deliver(SHOP, customerEmail(), { labelIds: ["SPAM"] });
    const recent = [1, 2, 3].map(() => {
      advance(60_000);
      return em.deliver(SHOP, customerEmail()).id;
    });

    const first = await gmail.listChanges(null, 2);
    expect(first.messages.map((m) => m.providerMessageId)).toEqual([recent[2], recent[1]]);
    expect(first.hasMore).toBe(true);
    const during = em.deliver(SHOP, customerEmail()).id; // arrives while the backfill is paged
    const rest = await drain(gmail, first.nextCursor, 2);
    expect(new Set([...first.messages.map((m) => m.providerMessageId), ...rest.ids])).toEqual(
      new Set([...recent, during]),
    );
    const [listed] = gmailCalls(em, "messages");
    expect(listed?.query).toMatchObject({ q: "in:inbox -in:sent newer_than:30d", maxResults: "2" });

    const after = em.deliver(SHOP, customerEmail());
    const incremental = await gmail.listChanges(rest.cursor, 100);
    expect(incremental.messages).toEqual([{ providerMessageId: after.id, threadId: after.threadId }]);
    expect(incremental.hasMore).toBe(false);
    expect((await gmail.listChanges(incremental.nextCursor, 100)).messages).toEqual([]);
    expect(gmailCalls(em, "history").at(-1)?.query).toMatchObject({
      historyTypes: "messageAdded",
      labelId: "INBOX",
    });
  });

  it("pages the history by the caller's limit", async () => {
    const { em, gmail } = await connect();
    const { cursor } = await drain(gmail, null);
    const arrived = [1, 2, 3, 4, 5].map(() => em.deliver(SHOP, customerEmail()).id);
    const { ids, pages } = await drain(gmail, cursor, 2);
    expect(ids).toEqual(arrived);
    expect(pages).toEqual([2, 2, 1]);
  });

  it("leaves out our own sends: replies through the adapter and mail sent to ourselves", async () => {
    const { em, gmail } = await connect();
    const { cursor } = await drain(gmail, null);
    const inbound = em.deliver(SHOP, customerEmail({ messageId: "<q-ll1@customer.example>" }));
    await gmail.sendReply(replyTo(inbound));
    em.deliver(SHOP, customerEmail({ subject: "Note to self" }), { labelIds: ["INBOX", "SENT"] });

    expect((await drain(gmail, cursor)).ids).toEqual([inbound.id]);
    expect((await drain(gmail, null)).ids).toEqual([inbound.id]);
  });

  it("re-lists from the cursor's time once Gmail dropped the history, each message once", async () => {
    const { em, gmail, advance } = await connect();
    const old = em.deliver(SHOP, customerEmail(), { internalDate: Date.UTC(2026, 2, 1) }).id;
    const { cursor, ids: backfilled } = await drain(gmail, null);
    expect(backfilled).toEqual([old]);
    advance(3 * DAY); // also outlives the access token on Gmail's clock: the adapter refreshes on the 401
    const missed = [1, 2, 3, 4, 5].map(() => em.deliver(SHOP, customerEmail()).id);
    em.expireHistory(SHOP);

    const relisted = await drain(gmail, cursor, 2);
    expect(relisted.ids.toSorted()).toEqual(missed.toSorted());
    expect(relisted.ids).not.toContain(old);
    const [, relisting] = gmailCalls(em, "messages");
    const from = Math.floor((Date.UTC(2026, 2, 3, 10) - DAY) / 1000);
    expect(relisting?.query).toMatchObject({ q: `in:inbox -in:sent after:${from}` });

    const next = em.deliver(SHOP, customerEmail()).id;
    expect((await drain(gmail, relisted.cursor)).ids).toEqual([next]);
  });

  it("bounds the re-list of a long-stale cursor by maxRecoveryDays", async () => {
    const { em, gmail, advance } = await connect({ adapter: { backfill: { days: 30, maxRecoveryDays: 7 } } });
    const { cursor } = await drain(gmail, null);
    advance(20 * DAY);
    em.deliver(SHOP, customerEmail()); // 10 days before the re-list: beyond its 7-day cap
    advance(10 * DAY);
    const recent = em.deliver(SHOP, customerEmail()).id;
    em.expireHistory(SHOP);
    expect((await drain(gmail, cursor)).ids).toEqual([recent]);
  });

  it("lists afresh from a cursor it did not write", async () => {
    const { em, gmail } = await connect();
    const inbound = em.deliver(SHOP, customerEmail()).id;
    expect((await drain(gmail, "42")).ids).toEqual([inbound]);
  });
});

describe("getMessages", () => {
  it("returns the exact bytes and thread, in the order asked, leaving out what is gone", async () => {
    const { em, gmail } = await connect({ adapter: { fetchConcurrency: 2 } });
    const latin1 = Buffer.from(customerEmail({ body: "Grüße, où est ma commande ?" }), "latin1");
    const delivered = [
      em.deliver(SHOP, latin1),
      em.deliver(SHOP, customerEmail()),
      em.deliver(SHOP, customerEmail({ body: "🙂 ".repeat(5000) })),
    ];
    const [a, b, c] = delivered;
    const fetched = await gmail.getMessages([c?.id ?? "", "1000000000000000", a?.id ?? "", b?.id ?? ""]);
    expect(fetched.map((message) => message.providerMessageId)).toEqual([c?.id, a?.id, b?.id]);
    for (const message of fetched) {
      const original = delivered.find((d) => d.id === message.providerMessageId);
      expect(message.threadId).toBe(original?.threadId);
      expect(message.raw.equals(original?.raw ?? Buffer.alloc(0))).toBe(true);
    }
    expect(gmailCalls(em, "messages/1000000000000000")[0]?.status).toBe(404);
    expect(await gmail.getMessages([])).toEqual([]);
  });
});

describe("sendReply and findSent", () => {
  it("answers in the thread, with the threading headers and our Message-ID", async () => {
    const { em, gmail } = await connect();
    const inbound = em.deliver(
      SHOP,
      customerEmail({ subject: "Where is order LL-1?", messageId: "<q-ll1@customer.example>" }),
    );
    const { providerMessageId } = await gmail.sendReply(
      replyTo(inbound, { headers: { "Auto-Submitted": "auto-replied" } }),
    );

    const [sent] = em.sent(SHOP);
    expect(sent?.id).toBe(providerMessageId);
    expect(sent?.threadId).toBe(inbound.threadId);
    expect(sent?.messageId).toBe("<send-1@shop.example>");
    expect(sent?.header("In-Reply-To")).toBe("<q-ll1@customer.example>");
    expect(sent?.header("References")).toBe("<q-ll1@customer.example>");
    expect(sent?.header("Auto-Submitted")).toBe("auto-replied");
    expect(sent?.raw.toString("latin1")).toContain("\r\n\r\n");
    expect(gmailCalls(em, "messages/send")[0]?.body).toMatchObject({ threadId: inbound.threadId });
  });

  it("carries Cc, Bcc and the HTML alternative in the MIME it sends", async () => {
    const { em, gmail } = await connect();
    const inbound = em.deliver(SHOP, customerEmail({ subject: "Where is order LL-1?" }));
    await gmail.sendReply(
      replyTo(inbound, {
        cc: ["ops@shop.example"],
        bcc: ["audit@shop.example"],
        html: "<p>It ships today.</p>",
      }),
    );

    const [sent] = em.sent(SHOP);
    expect(sent?.header("Cc")).toBe("ops@shop.example");
    // Gmail delivers to the Bcc header's addresses and removes it from what recipients get.
    expect(sent?.header("Bcc")).toBe("audit@shop.example");
    const raw = sent?.raw.toString("utf8") ?? "";
    expect(raw).toMatch(/Content-Type: multipart\/alternative/);
    expect(raw).toContain("<p>It ships today.</p>");
  });

  it("finds a send whose answer was lost, and nothing before any send", async () => {
    const { em, gmail } = await connect();
    const inbound = em.deliver(
      SHOP,
      customerEmail({ subject: "Where is order LL-1?", messageId: "<q-ll1@customer.example>" }),
    );
    expect(await gmail.findSent("<send-1@shop.example>")).toBeNull();

    em.fault({ method: "POST", path: "/gmail/v1/users/*/messages/send" }, { kind: "dropAfterApply" });
    const lost = await failureOf(gmail.sendReply(replyTo(inbound)));
    expect(lost).toBeInstanceOf(ProviderUnavailableError);
    const [sent] = em.sent(SHOP);
    expect(await gmail.findSent("<send-1@shop.example>")).toEqual({ providerMessageId: sent?.id });
    expect(await gmail.findSent("<send-2@shop.example>")).toBeNull();
    expect(em.sent(SHOP)).toHaveLength(1);
  });
});

describe("markHandled", () => {
  it("creates the missing labels once, then moves each message to its verdict's label", async () => {
    const { em, gmail } = await connect();
    const existing = em.mailbox(SHOP).createLabel("mailroom/IGNORED"); // Gmail names are case-insensitive
    const [a, b, c] = [1, 2, 3].map(() => em.deliver(SHOP, customerEmail()).id);

    await gmail.markHandled([a ?? "", b ?? ""], "needs_review");
    await gmail.markHandled([b ?? ""], "auto_replied");
    await gmail.markHandled([c ?? ""], "ignored");
    await gmail.markHandled([], "ignored");

    const labelOf = new Map(
      em
        .mailbox(SHOP)
        .labels()
        .map((label) => [label.name, label.id]),
    );
    const labelsOn = (id: string | undefined) => em.mailbox(SHOP).get(id ?? "")?.labelIds;
    expect(labelsOn(a)).toEqual(["INBOX", "UNREAD", labelOf.get("Mailroom/needs_review")]);
    expect(labelsOn(b)).toEqual(["INBOX", "UNREAD", labelOf.get("Mailroom/auto_replied")]);
    expect(labelsOn(c)).toEqual(["INBOX", "UNREAD", existing]);
    expect(gmailCalls(em, "labels").map((request) => request.method)).toEqual(["GET", "POST", "POST"]);
    expect(gmailCalls(em, "messages/batchModify")).toHaveLength(3);
  });

  it("labels the rest when one message is gone, and batches by Gmail's 1,000 ids", async () => {
    const { em, gmail } = await connect();
    const ids = Array.from({ length: 1001 }, () => em.deliver(SHOP, customerEmail()).id);
    await gmail.markHandled([...ids.slice(0, 2), "1000000000000000"], "ignored");
    await gmail.markHandled(ids, "auto_replied");

    const replied = em
      .mailbox(SHOP)
      .labels()
      .find((label) => label.name === "Mailroom/auto_replied")?.id;
    expect(
      ids.every((id) =>
        em
          .mailbox(SHOP)
          .get(id)
          ?.labelIds.includes(replied ?? ""),
      ),
    ).toBe(true);
    expect(gmailCalls(em, "messages/batchModify").map((request) => request.status)).toEqual([404, 204, 204]);
    expect(em.requests.filter((request) => request.path.endsWith("/modify"))).toHaveLength(3);
  });
});

describe("failures", () => {
  it("turns a 429 or a 403 quota error into ProviderRateLimitError, without retrying", async () => {
    const { em, gmail } = await connect();
    await gmail.findSent("<warm-up@shop.example>"); // the first call refreshes the token
    em.fault(
      { method: "GET", path: "/gmail/v1/users/me/messages" },
      { kind: "rateLimited", reason: "userRateLimitExceeded", retryAfterSeconds: 7 },
    );
    const limited = await failureOf(gmail.findSent("<send-1@shop.example>"));
    expect(limited).toBeInstanceOf(ProviderRateLimitError);
    expect(limited).toMatchObject({ retryAfterMs: 7000, retryable: true });

    em.fault(
      { method: "GET", path: /\/history$/ },
      { kind: "rateLimited", status: 403, reason: "rateLimitExceeded", retryAfterSeconds: 2 },
    );
    const cursor = (await gmail.listChanges(null, 10)).nextCursor;
    expect(await failureOf(gmail.listChanges(cursor, 10))).toMatchObject({
      name: "ProviderRateLimitError",
      retryAfterMs: 2000,
    });
    expect(gmailCalls(em, "messages").filter((request) => request.fault)).toHaveLength(1);
    expect(gmailCalls(em, "history")).toHaveLength(1);
    expect(em.requests.filter((request) => request.path === "/token")).toHaveLength(1);
  });

  it("reads Retry-After as seconds or a date, else the time Gmail writes in the message", () => {
    const now = Date.UTC(2026, 2, 3, 10);
    expect(retryAfterMs("30", "", now)).toBe(30_000);
    expect(retryAfterMs("Tue, 03 Mar 2026 10:01:00 GMT", "", now)).toBe(60_000);
    expect(retryAfterMs(null, "User-rate limit exceeded.  Retry after 2026-03-03T10:00:05.000Z", now)).toBe(
      5_000,
    );
    expect(retryAfterMs(null, "Rate Limit Exceeded", now)).toBeNull();
  });

  it("turns a 503 and a timeout into ProviderUnavailableError", async () => {
    const { em, gmail } = await connect({ adapter: { timeoutMs: 300 } });
    const inbound = em.deliver(SHOP, customerEmail());
    em.fault({ method: "GET", path: /\/messages\/[0-9a-f]+$/ }, { kind: "serverError", status: 503 });
    const unavailable = await failureOf(gmail.getMessages([inbound.id]));
    expect(unavailable).toBeInstanceOf(ProviderUnavailableError);
    expect(unavailable).toMatchObject({ retryable: true });
    expect(gmailCalls(em, `messages/${inbound.id}`)).toHaveLength(1);

    em.fault({ method: "GET", path: /\/messages$/ }, { kind: "hang" });
    expect(await failureOf(gmail.findSent("<send-1@shop.example>"))).toBeInstanceOf(ProviderUnavailableError);
  });

  it("reports a revoked grant as ProviderAuthError { revoked: true }", async () => {
    const { em, gmail, refreshToken } = await connect();
    em.revoke(refreshToken);
    const refused = await failureOf(gmail.listChanges(null, 10));
    expect(refused).toBeInstanceOf(ProviderAuthError);
    expect(refused).toMatchObject({ revoked: true, retryable: false });
    expect(String((refused as Error).message)).not.toContain(refreshToken);
  });

  it("revokes mid-session: the 401 refreshes once and the refresh's invalid_grant is reported", async () => {
    const { em, gmail, refreshToken } = await connect();
    await gmail.findSent("<send-1@shop.example>");
    em.revoke(refreshToken);
    expect(await failureOf(gmail.findSent("<send-1@shop.example>"))).toMatchObject({
      name: "ProviderAuthError",
      revoked: true,
    });
  });

  it("reports access refused with a grant that refreshes as ProviderAuthError { revoked: false }", async () => {
    // Each access token lives 1 s, and every request moves the emulator's clock 2 s: refreshing never helps.
    let clock = Date.UTC(2026, 2, 3, 10);
    const { em, gmail } = await connect({
      emulator: { accessTokenTtlSeconds: 1, now: () => (clock += 2000) },
    });
    const refused = await failureOf(gmail.findSent("<send-1@shop.example>"));
    expect(refused).toBeInstanceOf(ProviderAuthError);
    expect(refused).toMatchObject({ revoked: false });
    expect(gmailCalls(em, "messages").map((request) => request.status)).toEqual([401, 401]);
  });
});

describe("tokens", () => {
  it("hands every refreshed access token to onTokens and refreshes after a 401", async () => {
    const { em, gmail, refreshed } = await connect();
    await gmail.findSent("<send-1@shop.example>");
    expect(refreshed).toEqual([
      { accessToken: expect.stringMatching(/^ya29\./), expiresAt: expect.any(Number), refreshToken: null },
    ]);

    em.expireAccessTokens(SHOP); // ended early on Google's side; the SDK still thinks it valid
    await gmail.findSent("<send-1@shop.example>");
    expect(refreshed).toHaveLength(2);
    expect(refreshed[1]?.accessToken).not.toBe(refreshed[0]?.accessToken);
    expect(em.requests.map((request) => `${request.path} ${request.status}`)).toEqual([
      "/token 200",
      "/gmail/v1/users/me/messages 200",
      "/gmail/v1/users/me/messages 401",
      "/token 200",
      "/gmail/v1/users/me/messages 200",
    ]);
  });

  it("uses a stored access token without refreshing, and survives a throwing onTokens", async () => {
    let clock = Date.UTC(2026, 2, 3, 10);
    emulator = await startGmailEmulator({ now: () => clock });
    const em = emulator;
    const tokens = em.issueTokens(SHOP);
    const gmail = new GmailMailbox({
      address: SHOP,
      rootUrl: em.url,
      credentials: {
        kind: "oauth",
        ...client,
        refreshToken: tokens.refresh_token,
        tokenEndpoint: em.oauthEndpoints.oauth2TokenUrl,
        accessToken: { token: tokens.access_token, expiresAt: Date.now() + 3_000_000 },
      },
      backfill: { days: 7 },
      onTokens: () => {
        throw new Error("the database is down");
      },
    });
    expect(await gmail.findSent("<send-1@shop.example>")).toBeNull();
    expect(em.requests.filter((request) => request.path === "/token")).toHaveLength(0);
    clock += 2 * 60 * 60 * 1000;
    expect(await gmail.findSent("<send-1@shop.example>")).toBeNull();
    expect(em.requests.filter((request) => request.path === "/token")).toHaveLength(1);
  });
});
