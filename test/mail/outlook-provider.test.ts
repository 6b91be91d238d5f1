import { afterEach, describe, expect, it } from "vitest";
import {
  OutlookMailbox,
  type OutlookMailboxOptions,
  type OutlookTokens,
  ProviderAuthError,
  ProviderRateLimitError,
  ProviderUnavailableError,
} from "../../integrations/mail/outlook/index.ts";
import type { ChangedMessage, OutgoingReply } from "../../integrations/mail/types.ts";
import { type GraphEmulator, startGraphEmulator } from "../emulators/graph/index.ts";

const SHOP = "support@shop.example";
const CUSTOMER = "dana@customer.example";
const DAY = 24 * 60 * 60 * 1000;
const app = { clientId: "11111111-2222-3333-4444-555555555555", clientSecret: "mailroom-secret" };

let emulator: GraphEmulator | undefined;

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function start(): Promise<GraphEmulator> {
  emulator = await startGraphEmulator({ apps: [app] });
  return emulator;
}

/** The adapter with the real Graph SDK and MSAL; only their last network hop goes to the emulator. */
function outlook(
  em: GraphEmulator,
  options: Partial<OutlookMailboxOptions> = {},
): { mailbox: OutlookMailbox; tokens: OutlookTokens[] } {
  const tokens: OutlookTokens[] = [];
  const mailbox = new OutlookMailbox({
    address: SHOP,
    credentials: { kind: "app", tenantId: em.tenantId, ...app },
    backfill: { days: 30 },
    middleware: [em.transport()],
    msalNetwork: em.msalNetwork(),
    onTokens: (issued) => tokens.push(issued),
    ...options,
  });
  return { mailbox, tokens };
}

let sequence = 0;

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

function replyTo(
  original: { internetMessageId: string },
  fields: Partial<OutgoingReply> = {},
): OutgoingReply {
  sequence += 1;
  return {
    threadId: null,
    from: { address: SHOP, name: "Shop Support" },
    to: [`Dana <${CUSTOMER}>`],
    cc: [],
    bcc: [],
    subject: "Re: Late parcel",
    text: "Your parcel ships today.",
    html: null,
    rfcMessageId: `<reply-${sequence}@mailroom.example>`,
    inReplyTo: original.internetMessageId,
    references: [original.internetMessageId],
    headers: { "Auto-Submitted": "auto-replied" },
    ...fields,
  };
}

/** Pages `listChanges` until caught up. */
async function drain(mailbox: OutlookMailbox, cursor: string | null, limit: number) {
  const messages: ChangedMessage[] = [];
  let pages = 0;
  for (;;) {
    const page = await mailbox.listChanges(cursor, limit);
    messages.push(...page.messages);
    cursor = page.nextCursor;
    pages += 1;
    if (!page.hasMore) return { messages, cursor, pages };
  }
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (error: unknown) => error,
  );
}

describe("listChanges", () => {
  it("backfills the inbox's window in pages, then returns only what arrived since", async () => {
    const em = await start();
    const { mailbox } = outlook(em);
    await em.deliver(SHOP, customerEmail(), { receivedAt: Date.now() - 40 * DAY });
    const recent = [];
    for (const n of [3, 2, 1])
      recent.push(await em.deliver(SHOP, customerEmail(), { receivedAt: Date.now() - n * DAY }));

    const first = await mailbox.listChanges(null, 2);
    expect(first.hasMore).toBe(true);
    expect(first.messages).toHaveLength(2);
    const second = await mailbox.listChanges(first.nextCursor, 2);
    expect(second.hasMore).toBe(false);
    expect(JSON.parse(second.nextCursor)).toEqual({
      v: 1,
      deltaLink: expect.stringContaining("$deltatoken="),
    });
    const listed = [...first.messages, ...second.messages];
    expect(listed.sort(byId)).toEqual(
      recent.map((m) => ({ providerMessageId: m.immutableId, threadId: m.conversationId })).sort(byId),
    );

    const idle = await mailbox.listChanges(second.nextCursor, 2);
    expect(idle).toMatchObject({ messages: [], hasMore: false });
    const fresh = await em.deliver(SHOP, customerEmail());
    const later = await drain(mailbox, idle.nextCursor, 2);
    expect(later.messages).toEqual([
      { providerMessageId: fresh.immutableId, threadId: fresh.conversationId },
    ]);

    const deltaCalls = em.requests.filter((request) => request.path.endsWith("/messages/delta"));
    expect(deltaCalls[0]?.query).toMatchObject({
      $select: "id,conversationId,internetMessageId,receivedDateTime,from",
      $filter: expect.stringMatching(/^receivedDateTime ge \d{4}-/),
    });
    for (const call of deltaCalls) {
      expect(call.headers.prefer).toContain('IdType="ImmutableId"');
      expect(call.headers.prefer).toContain("odata.maxpagesize=2");
    }
  });

  it("starts a new round from the backfill window after a 410, without duplicate ids", async () => {
    const em = await start();
    const { mailbox } = outlook(em);
    for (let n = 0; n < 3; n++) await em.deliver(SHOP, customerEmail());
    const caughtUp = await drain(mailbox, null, 10);
    em.expireDeltaTokens(SHOP);
    const fresh = await em.deliver(SHOP, customerEmail());

    const resync = await drain(mailbox, caughtUp.cursor, 2);
    const ids = resync.messages.map((message) => message.providerMessageId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(4);
    expect(ids).toContain(fresh.immutableId);
    expect(em.requests.some((request) => request.status === 410)).toBe(true);
  });

  it("skips removed entries and starts afresh from an unreadable cursor", async () => {
    const em = await start();
    const { mailbox } = outlook(em);
    const kept = await em.deliver(SHOP, customerEmail());
    const moved = await em.deliver(SHOP, customerEmail());
    const round = await drain(mailbox, null, 10);
    em.mailbox(SHOP).move(moved.id, "archive");
    const changes = await drain(mailbox, round.cursor, 10);
    expect(changes.messages).toEqual([]);

    const again = await drain(mailbox, JSON.stringify({ v: 1, deltaLink: "https://evil.example/delta" }), 10);
    expect(again.messages.map((message) => message.providerMessageId)).toEqual([kept.immutableId]);
  });
});

describe("getMessages", () => {
  it("returns the delivered MIME byte for byte, threaded by conversationId, and leaves out deleted ones", async () => {
    const em = await start();
    const { mailbox } = outlook(em);
    const first = await em.deliver(SHOP, customerEmail({ body: "Ça va? 🚚 Grüße" }));
    const gone = await em.deliver(SHOP, customerEmail());
    const second = await em.deliver(SHOP, customerEmail());
    em.mailbox(SHOP).remove(gone.id);

    const fetched = await mailbox.getMessages([second.immutableId, gone.immutableId, first.immutableId]);
    expect(fetched.map((message) => message.providerMessageId)).toEqual([
      second.immutableId,
      first.immutableId,
    ]);
    expect(fetched[1]?.threadId).toBe(first.conversationId);
    expect(fetched[1]?.raw.equals(first.raw)).toBe(true);
    expect(Buffer.isBuffer(fetched[0]?.raw)).toBe(true);
  });
});

describe("sendReply and findSent", () => {
  it("replies in the customer's conversation with In-Reply-To, and it shows in Sent Items", async () => {
    const em = await start();
    const { mailbox } = outlook(em);
    const original = await em.deliver(SHOP, customerEmail({ subject: "Late parcel" }));
    const reply = replyTo(original, { cc: ["ops@shop.example"] });

    const { providerMessageId } = await mailbox.sendReply(reply);
    const [sent] = em.sent(SHOP);
    expect(sent?.immutableId).toBe(providerMessageId);
    expect(sent?.folder).toBe("sentitems");
    expect(sent?.conversationId).toBe(original.conversationId);
    expect(sent?.header("in-reply-to")).toBe(original.internetMessageId);
    expect(sent?.subject).toBe("Re: Late parcel");
    expect(sent?.raw.toString("utf8")).toContain("Your parcel ships today.");
    expect(sent?.header("x-mailroom-send")).toBe(reply.rfcMessageId);
    expect(sent?.header("x-auto-response-suppress")).toBe("All");
    expect(sent?.header("auto-submitted")).toBeUndefined();
    expect(sent?.header("cc")).toContain("ops@shop.example");
    expect(em.mailbox(SHOP).messages("drafts")).toEqual([]);
  });

  it("sends the HTML body and puts Cc and Bcc in the Graph recipients", async () => {
    const em = await start();
    const { mailbox } = outlook(em);
    const original = await em.deliver(SHOP, customerEmail({ subject: "Late parcel" }));
    const html = "<p>Your parcel ships today.</p><blockquote>Where is it?</blockquote>";
    await mailbox.sendReply(
      replyTo(original, { cc: ["Ops <ops@shop.example>"], bcc: ["audit@shop.example"], html }),
    );

    const patch = em.requests.find((request) => request.method === "PATCH");
    expect(patch?.body).toMatchObject({
      body: { contentType: "html", content: html },
      ccRecipients: [{ emailAddress: { address: "ops@shop.example", name: "Ops" } }],
      bccRecipients: [{ emailAddress: { address: "audit@shop.example" } }],
    });
    const [sent] = em.sent(SHOP);
    expect(sent?.header("cc")).toContain("ops@shop.example");
    // A sent copy never shows its blind copies.
    expect(sent?.header("bcc")).toBeUndefined();
  });

  it("finds a send whose answer was lost, and nothing before it", async () => {
    const em = await start();
    const { mailbox } = outlook(em);
    const original = await em.deliver(SHOP, customerEmail({ subject: "Late parcel" }));
    const reply = replyTo(original);
    expect(await mailbox.findSent(reply.rfcMessageId)).toBeNull();

    em.fault({ method: "POST", path: "/v1.0/users/*/messages/*/send" }, { kind: "dropAfterApply" });
    expect(await rejection(mailbox.sendReply(reply))).toBeInstanceOf(ProviderUnavailableError);
    const [sent] = em.sent(SHOP);
    expect(await mailbox.findSent(reply.rfcMessageId)).toEqual({ providerMessageId: sent?.immutableId });
    expect(await mailbox.findSent("<never-sent@mailroom.example>")).toBeNull();
  });

  it("sends a new message when the message answered is gone", async () => {
    const em = await start();
    const { mailbox } = outlook(em);
    await mailbox.sendReply(replyTo({ internetMessageId: "<deleted@customer.example>" }));
    const [sent] = em.sent(SHOP);
    expect(sent?.header("to")).toContain(CUSTOMER);
    expect(sent?.header("in-reply-to")).toBeUndefined();
  });
});

describe("markHandled", () => {
  it("sets one Mailroom category and keeps people's own", async () => {
    const em = await start();
    const { mailbox } = outlook(em);
    const message = await em.deliver(SHOP, customerEmail());
    const gone = await em.deliver(SHOP, customerEmail());
    em.mailbox(SHOP).update(message.id, { categories: ["Blue category"] });
    em.mailbox(SHOP).remove(gone.id);

    await mailbox.markHandled([message.immutableId, gone.immutableId], "needs_review");
    expect(em.mailbox(SHOP).get(message.id)?.categories).toEqual(["Blue category", "Mailroom/needs_review"]);
    await mailbox.markHandled([message.immutableId], "auto_replied");
    expect(em.mailbox(SHOP).get(message.id)?.categories).toEqual(["Blue category", "Mailroom/auto_replied"]);
  });
});

describe("failures and tokens", () => {
  it("maps a 429 to ProviderRateLimitError with Retry-After, without retrying", async () => {
    const em = await start();
    const { mailbox } = outlook(em);
    em.fault({ path: /\/messages\/delta$/ }, { kind: "rateLimited", retryAfterSeconds: 7 });
    const error = await rejection(mailbox.listChanges(null, 10));
    expect(error).toBeInstanceOf(ProviderRateLimitError);
    expect((error as ProviderRateLimitError).retryAfterMs).toBe(7000);
    expect(em.requests.filter((request) => request.path.endsWith("/delta"))).toHaveLength(1);
  });

  it("maps 503 and a timeout to ProviderUnavailableError", async () => {
    const em = await start();
    const { mailbox } = outlook(em, { timeoutMs: 200 });
    em.fault({ path: /\/messages\/delta$/ }, { kind: "serverError", status: 503, retryAfterSeconds: 2 });
    expect(await rejection(mailbox.listChanges(null, 10))).toBeInstanceOf(ProviderUnavailableError);
    em.fault({ path: /\/messages\/delta$/ }, { kind: "hang" });
    expect(await rejection(mailbox.listChanges(null, 10))).toBeInstanceOf(ProviderUnavailableError);
  });

  it("gets an app token by client credentials through MSAL once, and a new one after a 401", async () => {
    const em = await start();
    const { mailbox, tokens } = outlook(em);
    await drain(mailbox, null, 10);
    await mailbox.getMessages([]);
    await mailbox.findSent("<x@mailroom.example>");
    const tokenRequests = () => em.requests.filter((request) => request.path.endsWith("/oauth2/v2.0/token"));
    expect(tokenRequests()).toHaveLength(1);
    expect(tokenRequests()[0]?.body).toMatchObject({ grant_type: "client_credentials" });
    expect(tokens).toHaveLength(1);

    em.expireAccessTokens();
    await drain(mailbox, null, 10);
    expect(tokenRequests()).toHaveLength(2);
  });

  it("works on a delegated grant, and a revoked refresh token is ProviderAuthError revoked", async () => {
    const em = await start();
    const grant = em.userTokens(SHOP, { clientId: app.clientId });
    const delegated = {
      kind: "delegated" as const,
      tenantId: em.tenantId,
      ...app,
      refreshToken: grant.refresh_token,
    };
    const { mailbox, tokens } = outlook(em, { credentials: delegated });
    const message = await em.deliver(SHOP, customerEmail());
    const round = await drain(mailbox, null, 10);
    expect(round.messages.map((m) => m.providerMessageId)).toEqual([message.immutableId]);
    expect(tokens[0]?.accessToken).toBeTruthy();

    em.revoke(grant.refresh_token);
    const revoked = outlook(em, { credentials: delegated }).mailbox;
    const error = await rejection(revoked.listChanges(null, 10));
    expect(error).toBeInstanceOf(ProviderAuthError);
    expect((error as ProviderAuthError).revoked).toBe(true);
    expect((error as Error).message).not.toContain(grant.refresh_token);
  });
});

function byId(a: ChangedMessage, b: ChangedMessage): number {
  return a.providerMessageId.localeCompare(b.providerMessageId);
}
