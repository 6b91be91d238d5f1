import { createPublicKey, type JsonWebKey, verify } from "node:crypto";
// The per-API entry point: the `googleapis` root costs `tsc` ~20 s and 1.5 GB.
import { auth, gmail, type gmail_v1 } from "googleapis/build/src/apis/gmail/index.js";
import type { GaxiosError } from "googleapis-common";
import { afterEach, describe, expect, it } from "vitest";
import { waitFor } from "../helpers/wait.ts";
import {
  type GmailEmulator,
  type GmailEmulatorOptions,
  type GmailNotification,
  GOOGLE_ISSUER,
  startGmailEmulator,
} from "./gmail/index.ts";

const SHOP = "support@shop.example";
const CUSTOMER = "dana@customer.example";

let emulator: GmailEmulator | undefined;

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function start(
  options: GmailEmulatorOptions = {},
): Promise<{ em: GmailEmulator; client: gmail_v1.Gmail; rootUrl: string }> {
  emulator = await startGmailEmulator(options);
  return { em: emulator, client: clientFor(emulator), rootUrl: `${emulator.url}/` };
}

/** A Gmail client on fresh tokens for `address`; `retry: false` so tests count requests exactly. */
function clientFor(em: GmailEmulator, address = SHOP, extra: { retry?: boolean; timeout?: number } = {}) {
  const oauth = new auth.OAuth2({ clientId: "client", clientSecret: "secret", endpoints: em.oauthEndpoints });
  const tokens = em.issueTokens(address);
  oauth.setCredentials({ access_token: tokens.access_token, refresh_token: tokens.refresh_token });
  return gmail({ version: "v1", auth: oauth, rootUrl: `${em.url}/`, retry: false, ...extra });
}

function email(fields: {
  subject: string;
  messageId?: string;
  inReplyTo?: string;
  from?: string;
  to?: string;
  body?: string;
}): string {
  const lines = [
    `From: ${fields.from ?? `Dana <${CUSTOMER}>`}`,
    `To: ${fields.to ?? SHOP}`,
    `Subject: ${fields.subject}`,
    "Date: Tue, 03 Mar 2026 10:00:00 +0000",
    ...(fields.messageId ? [`Message-ID: ${fields.messageId}`] : []),
    ...(fields.inReplyTo ? [`In-Reply-To: ${fields.inReplyTo}`, `References: ${fields.inReplyTo}`] : []),
    "MIME-Version: 1.0",
    'Content-Type: text/plain; charset="utf-8"',
    "Content-Transfer-Encoding: 8bit",
  ];
  return `${lines.join("\r\n")}\r\n\r\n${fields.body ?? "Where is my order?"}\r\n`;
}

async function failureOf(promise: Promise<unknown>): Promise<GaxiosError> {
  const error = await promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (caught: unknown) => caught,
  );
  expect((error as object).constructor.name).toBe("GaxiosError");
  return error as GaxiosError;
}

describe("messages: deliver, list, get", () => {
  it("round-trips the raw bytes exactly and renders full, metadata and minimal formats", async () => {
    const { em, client } = await start();
    const raw = Buffer.from(
      email({
        subject: "=?UTF-8?Q?Gr=C3=BC=C3=9Fe?=",
        messageId: "<a1@customer.example>",
        body: "Héllo, it's late",
      }),
    );
    const delivered = em.deliver(SHOP, raw);

    const listed = await client.users.messages.list({ userId: "me", q: "in:inbox" });
    expect(listed.data.messages).toEqual([{ id: delivered.id, threadId: delivered.threadId }]);

    const got = await client.users.messages.get({ userId: "me", id: delivered.id, format: "raw" });
    expect(Buffer.from(got.data.raw ?? "", "base64url").equals(raw)).toBe(true);
    expect(got.data).toMatchObject({
      labelIds: ["INBOX", "UNREAD"],
      sizeEstimate: raw.length,
      snippet: "Héllo, it&#39;s late",
      internalDate: String(delivered.internalDate),
    });

    const full = await client.users.messages.get({ userId: "me", id: delivered.id });
    expect(full.data.payload?.headers).toContainEqual({ name: "Subject", value: "Grüße" });
    expect(Buffer.from(full.data.payload?.body?.data ?? "", "base64url").toString()).toContain("Héllo");

    const metadata = await client.users.messages.get({
      userId: "me",
      id: delivered.id,
      format: "metadata",
      metadataHeaders: ["Message-ID"],
    });
    expect(metadata.data.payload?.headers).toEqual([{ name: "Message-ID", value: "<a1@customer.example>" }]);
    const minimal = await client.users.messages.get({ userId: "me", id: delivered.id, format: "minimal" });
    expect(minimal.data.payload).toBeUndefined();
    expect(minimal.data.raw).toBeUndefined();
  });

  it("pages messages.list newest first, and filters with the q subset", async () => {
    let clock = Date.UTC(2026, 2, 1);
    const { em, client } = await start({ now: () => clock });
    const ids: string[] = [];
    for (let n = 0; n < 5; n += 1) {
      clock += 60 * 60 * 1000;
      ids.push(em.deliver(SHOP, email({ subject: `Order ${n}`, messageId: `<m${n}@customer.example>` })).id);
    }
    const seen: string[] = [];
    let pageToken: string | undefined;
    do {
      const page = await client.users.messages.list({ userId: "me", maxResults: 2, pageToken });
      seen.push(...(page.data.messages ?? []).map((message) => message.id ?? ""));
      expect(page.data.resultSizeEstimate).toBe(5);
      pageToken = page.data.nextPageToken ?? undefined;
    } while (pageToken);
    expect(seen).toEqual([...ids].reverse());

    const after = Math.floor((Date.UTC(2026, 2, 1) + 3 * 60 * 60 * 1000) / 1000);
    const recent = await client.users.messages.list({ userId: "me", q: `in:inbox after:${after}` });
    expect(recent.data.messages?.map((message) => message.id)).toEqual([ids[4], ids[3], ids[2]]);
    const byId = await client.users.messages.list({ userId: "me", q: "rfc822msgid:<m1@customer.example>" });
    expect(byId.data.messages?.map((message) => message.id)).toEqual([ids[1]]);
    const none = await client.users.messages.list({ userId: "me", q: "newer_than:1d is:read" });
    expect(none.data).toEqual({ resultSizeEstimate: 0 });
    const unsupported = await failureOf(client.users.messages.list({ userId: "me", q: "has:attachment" }));
    expect(unsupported.status).toBe(400);
  });
});

describe("history", () => {
  it("records a delivery and label changes, filtered by type and paged", async () => {
    const { em, client } = await start();
    const start0 = (await client.users.getProfile({ userId: "me" })).data.historyId ?? "";
    const message = em.deliver(SHOP, email({ subject: "Refund", messageId: "<r@customer.example>" }));

    const added = await client.users.history.list({ userId: "me", startHistoryId: start0 });
    expect(added.data.history).toEqual([
      {
        id: message.historyId,
        messages: [{ id: message.id, threadId: message.threadId }],
        messagesAdded: [
          { message: { id: message.id, threadId: message.threadId, labelIds: ["INBOX", "UNREAD"] } },
        ],
      },
    ]);
    expect(added.data.historyId).toBe(message.historyId);

    const label = await client.users.labels.create({
      userId: "me",
      requestBody: { name: "Mailroom/Triaged" },
    });
    await client.users.messages.modify({
      userId: "me",
      id: message.id,
      requestBody: { addLabelIds: [label.data.id ?? ""], removeLabelIds: ["UNREAD"] },
    });
    em.mailbox(SHOP).modify(message.id, { add: ["STARRED"] }); // as if starred in the Gmail UI

    const changes = await client.users.history.list({
      userId: "me",
      startHistoryId: added.data.historyId ?? "",
      historyTypes: ["labelAdded", "labelRemoved"],
    });
    const records = changes.data.history ?? [];
    expect(
      records.map((record) => record.labelsAdded?.[0]?.labelIds ?? record.labelsRemoved?.[0]?.labelIds),
    ).toEqual([[label.data.id], ["UNREAD"], ["STARRED"]]);
    const ids = records.map((record) => Number(record.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));

    const firstPage = await client.users.history.list({
      userId: "me",
      startHistoryId: start0,
      maxResults: 2,
    });
    expect(firstPage.data.history).toHaveLength(2);
    const secondPage = await client.users.history.list({
      userId: "me",
      startHistoryId: start0,
      maxResults: 2,
      pageToken: firstPage.data.nextPageToken ?? "",
    });
    expect(secondPage.data.history).toHaveLength(2);
    expect(secondPage.data.nextPageToken).toBeUndefined();
  });

  it("answers 404 for a start id older than the retained history (fault or retention window)", async () => {
    let clock = Date.UTC(2026, 2, 1);
    const { em, client } = await start({ now: () => clock, historyRetentionMs: 24 * 60 * 60 * 1000 });
    const old = em.mailbox(SHOP).historyId;
    em.deliver(SHOP, email({ subject: "One" }));
    em.expireHistory(SHOP);
    const expired = await failureOf(client.users.history.list({ userId: "me", startHistoryId: old }));
    expect(expired.status).toBe(404);
    expect(expired.response?.data).toMatchObject({
      error: { code: 404, message: "Requested entity was not found.", status: "NOT_FOUND" },
    });
    const current = em.mailbox(SHOP).historyId;
    expect(
      (await client.users.history.list({ userId: "me", startHistoryId: current })).data.history,
    ).toBeUndefined();

    em.deliver(SHOP, email({ subject: "Two" }));
    clock += 2 * 24 * 60 * 60 * 1000;
    em.deliver(SHOP, email({ subject: "Three" }));
    expect(
      (await failureOf(client.users.history.list({ userId: "me", startHistoryId: current }))).status,
    ).toBe(404);
  });
});

describe("send", () => {
  it("keeps a reply in its thread, adds a missing Message-ID and shows it in sent()", async () => {
    const { em, client } = await start();
    const inbound = em.deliver(
      SHOP,
      email({ subject: "Where is order LL-1?", messageId: "<q1@customer.example>" }),
    );
    const reply = email({
      from: SHOP,
      to: CUSTOMER,
      subject: "Re: Where is order LL-1?",
      inReplyTo: "<q1@customer.example>",
      body: "It ships today.",
    });
    const sent = await client.users.messages.send({
      userId: "me",
      requestBody: { raw: Buffer.from(reply).toString("base64url"), threadId: inbound.threadId },
    });
    expect(sent.data).toMatchObject({ threadId: inbound.threadId, labelIds: ["SENT"] });

    const [stored] = em.sent(SHOP);
    expect(stored?.id).toBe(sent.data.id);
    expect(stored?.messageId).toMatch(/^<.+@mail\.gmail\.com>$/);
    expect(stored?.raw.toString()).toContain(reply);

    // The customer's answer threads by its headers alone.
    const followUp = em.deliver(
      SHOP,
      email({ subject: "RE: Where is order LL-1?", inReplyTo: stored?.messageId, body: "Thanks!" }),
    );
    expect(followUp.threadId).toBe(inbound.threadId);

    // A new subject is a new conversation, whatever threadId says (Gmail's documented rule).
    const other = email({ from: SHOP, to: CUSTOMER, subject: "Your review" });
    const separate = await client.users.messages.send({
      userId: "me",
      requestBody: { raw: Buffer.from(other).toString("base64url"), threadId: inbound.threadId },
    });
    expect(separate.data.threadId).toBe(separate.data.id);
    const thread = await client.users.threads.get({ userId: "me", id: inbound.threadId, format: "minimal" });
    expect(thread.data.messages?.map((message) => message.id)).toEqual([
      inbound.id,
      sent.data.id,
      followUp.id,
    ]);
  });

  it("accepts the media and multipart upload forms (rootUrl passed per call)", async () => {
    const { em, client, rootUrl } = await start();
    const inbound = em.deliver(SHOP, email({ subject: "Returns", messageId: "<ret@customer.example>" }));
    const raw = email({ from: SHOP, to: CUSTOMER, subject: "Re: Returns", messageId: "<out1@shop.example>" });

    const media = await client.users.messages.send(
      { userId: "me", media: { mimeType: "message/rfc822", body: raw } },
      { rootUrl },
    );
    const multipart = await client.users.messages.send(
      {
        userId: "me",
        requestBody: { threadId: inbound.threadId },
        media: { mimeType: "message/rfc822", body: raw.replace("out1@", "out2@") },
      },
      { rootUrl },
    );
    expect(
      em.requests.filter((request) => request.path === "/upload/gmail/v1/users/me/messages/send"),
    ).toEqual([
      expect.objectContaining({ query: { uploadType: "media" }, status: 200 }),
      expect.objectContaining({ query: { uploadType: "multipart" }, status: 200 }),
    ]);
    expect(em.sent(SHOP).map((message) => message.raw.toString())).toEqual([
      raw,
      raw.replace("out1@", "out2@"),
    ]);
    expect(media.data.threadId).toBe(media.data.id);
    expect(multipart.data.threadId).toBe(inbound.threadId);
  });

  it("documents the SDK quirk: a media upload ignores the client-wide rootUrl", async () => {
    const { client, rootUrl } = await start();
    const urls: string[] = [];
    // Captures the URL instead of sending, so the default (Google's host) is never contacted.
    const adapter = async (options: { url: URL | string }): Promise<never> => {
      urls.push(String(options.url));
      throw new Error("captured");
    };
    const media = { mimeType: "message/rfc822", body: email({ subject: "x" }) };
    await client.users.messages.send({ userId: "me", media }, { adapter }).catch(() => undefined);
    await client.users.messages.send({ userId: "me", media }, { adapter, rootUrl }).catch(() => undefined);
    expect(urls).toEqual([
      "https://gmail.googleapis.com/upload/gmail/v1/users/me/messages/send?uploadType=media",
      `${rootUrl}upload/gmail/v1/users/me/messages/send?uploadType=media`,
    ]);
  });

  it("drops the response after storing a send: the send is ambiguous, a search settles it", async () => {
    const { em, client } = await start();
    em.fault({ method: "POST", path: "/gmail/v1/users/*/messages/send" }, { kind: "dropAfterApply" });
    const raw = email({
      from: SHOP,
      to: CUSTOMER,
      subject: "Shipped",
      messageId: "<send-key-42@shop.example>",
    });
    const dropped = await failureOf(
      client.users.messages.send({
        userId: "me",
        requestBody: { raw: Buffer.from(raw).toString("base64url") },
      }),
    );
    expect(dropped.response).toBeUndefined();
    expect(em.sent(SHOP)).toHaveLength(1);
    const found = await client.users.messages.list({
      userId: "me",
      q: "in:sent rfc822msgid:send-key-42@shop.example",
    });
    expect(found.data.messages).toHaveLength(1);
  });

  it("finishes a slow send after its client gave up: the message is sent late, not lost", async () => {
    const { em } = await start();
    em.fault({ method: "POST", path: "/gmail/v1/users/*/messages/send" }, { kind: "delay", ms: 1_000 });
    const impatient = clientFor(em, SHOP, { timeout: 100 });
    const raw = email({ from: SHOP, to: CUSTOMER, subject: "Slow", messageId: "<slow-1@shop.example>" });
    const timedOut = await failureOf(
      impatient.users.messages.send({
        userId: "me",
        requestBody: { raw: Buffer.from(raw).toString("base64url") },
      }),
    );
    expect(timedOut.response).toBeUndefined();
    expect(em.sent(SHOP)).toHaveLength(0);
    await waitFor(async () => em.sent(SHOP).length === 1, 5_000, "the slow send to land");
    expect(em.requests.at(-1)?.fault).toBe("delay");
  });
});

describe("modify", () => {
  it("batchModify changes every message and writes one history record per change", async () => {
    const { em, client } = await start();
    const ids = [1, 2, 3].map((n) => em.deliver(SHOP, email({ subject: `Q${n}` })).id);
    const before = em.mailbox(SHOP).historyId;
    const label = await client.users.labels.create({ userId: "me", requestBody: { name: "Handled" } });
    const response = await client.users.messages.batchModify({
      userId: "me",
      requestBody: { ids, addLabelIds: [label.data.id ?? ""], removeLabelIds: ["UNREAD", "INBOX"] },
    });
    expect(response.status).toBe(204);
    for (const id of ids) expect(em.mailbox(SHOP).get(id)?.labelIds).toEqual([label.data.id]);
    const history = await client.users.history.list({ userId: "me", startHistoryId: before });
    expect(history.data.history).toHaveLength(6);
    const labels = await client.users.labels.list({ userId: "me" });
    expect(labels.data.labels).toContainEqual({ id: label.data.id, name: "Handled", type: "user" });

    const bad = await failureOf(
      client.users.messages.batchModify({ userId: "me", requestBody: { ids, addLabelIds: ["Label_99"] } }),
    );
    expect(bad.status).toBe(400);
  });
});

describe("faults", () => {
  it("surfaces a 429 with Retry-After and Gmail's reason as a GaxiosError", async () => {
    const { em, client } = await start();
    em.fault(
      { method: "GET", path: "/gmail/v1/users/me/messages" },
      { kind: "rateLimited", reason: "userRateLimitExceeded", retryAfterSeconds: 7 },
    );
    const error = await failureOf(client.users.messages.list({ userId: "me" }));
    expect(error.status).toBe(429);
    expect(error.response?.headers.get("retry-after")).toBe("7");
    expect(error.response?.data).toMatchObject({
      error: { code: 429, errors: [{ reason: "userRateLimitExceeded", domain: "usageLimits" }] },
    });
    expect((await client.users.messages.list({ userId: "me" })).status).toBe(200);
  });

  it("lets the SDK's own retry ride over a 503 on a GET, and times out on a hang", async () => {
    const { em } = await start();
    em.fault({ path: /\/profile$/ }, { kind: "serverError", status: 503 });
    const retrying = clientFor(em, SHOP, { retry: true });
    expect((await retrying.users.getProfile({ userId: "me" })).data.emailAddress).toBe(SHOP);
    expect(em.requests.filter((request) => request.path.endsWith("/profile")).map((r) => r.status)).toEqual([
      503, 200,
    ]);

    em.fault({ method: "GET", path: /\/messages$/ }, { kind: "hang" });
    const impatient = clientFor(em, SHOP, { timeout: 200 });
    const timedOut = await failureOf(impatient.users.messages.list({ userId: "me" }));
    expect(timedOut.response).toBeUndefined();
  });
});

describe("auth", () => {
  it("exchanges a code, refreshes after a 401, and reports invalid_grant once revoked", async () => {
    const { em } = await start({ clients: [{ clientId: "client", clientSecret: "secret" }] });
    const oauth = new auth.OAuth2({
      clientId: "client",
      clientSecret: "secret",
      endpoints: em.oauthEndpoints,
    });
    const { tokens } = await oauth.getToken(em.authorizationCode(SHOP));
    expect(tokens.refresh_token).toMatch(/^1\/\//);
    // No expiry_date: the client learns of expiry from the 401 and refreshes once, as with Google.
    oauth.setCredentials({ access_token: tokens.access_token, refresh_token: tokens.refresh_token });
    const client = gmail({ version: "v1", auth: oauth, rootUrl: `${em.url}/`, retry: false });
    em.expireAccessTokens(SHOP);
    expect((await client.users.getProfile({ userId: "me" })).data.emailAddress).toBe(SHOP);
    expect(em.requests.map((request) => `${request.path} ${request.status}`)).toEqual([
      "/token 200",
      "/gmail/v1/users/me/profile 401",
      "/token 200",
      "/gmail/v1/users/me/profile 200",
    ]);

    // A worker starting up with the stored refresh token, after the user revoked access.
    em.revoke(tokens.refresh_token ?? "");
    const restarted = new auth.OAuth2({
      clientId: "client",
      clientSecret: "secret",
      endpoints: em.oauthEndpoints,
    });
    restarted.setCredentials({ refresh_token: tokens.refresh_token });
    const revoked = await failureOf(
      gmail({ version: "v1", auth: restarted, rootUrl: `${em.url}/` }).users.getProfile({ userId: "me" }),
    );
    expect(revoked.message).toBe("invalid_grant");
    expect(revoked.response?.data).toMatchObject({ error: "invalid_grant" });

    const stranger = new auth.OAuth2({ clientId: "other", clientSecret: "x", endpoints: em.oauthEndpoints });
    const refused = await failureOf(stranger.getToken(em.authorizationCode(SHOP)));
    expect(refused.response?.data).toMatchObject({ error: "invalid_client" });
  });

  it("answers 401 with WWW-Authenticate for an unknown token and 403 for another user's mailbox", async () => {
    const { em, client } = await start();
    const unknown = await fetch(`${em.url}/gmail/v1/users/me/profile`, {
      headers: { authorization: "Bearer nope" },
    });
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get("www-authenticate")).toContain('error="invalid_token"');
    expect(await unknown.json()).toMatchObject({ error: { code: 401, status: "UNAUTHENTICATED" } });
    const other = await failureOf(client.users.getProfile({ userId: CUSTOMER }));
    expect(other.status).toBe(403);
  });
});

describe("push", () => {
  it("watches for 7 days and builds the Pub/Sub envelope for the current history id", async () => {
    const clock = Date.UTC(2026, 2, 1);
    const { em, client } = await start({ now: () => clock });
    const watch = await client.users.watch({
      userId: "me",
      requestBody: { topicName: "projects/mailroom/topics/gmail", labelIds: ["INBOX"] },
    });
    expect(watch.data.expiration).toBe(String(clock + 7 * 24 * 60 * 60 * 1000));
    em.deliver(SHOP, email({ subject: "Hello" }));
    const push = em.pushNotification(SHOP);
    const data = JSON.parse(Buffer.from(push.message.data, "base64").toString()) as GmailNotification;
    expect(data).toEqual({ emailAddress: SHOP, historyId: Number(em.mailbox(SHOP).historyId) });
    expect(push.message.messageId).toBe(push.message.message_id);
    expect(push.message.publishTime).toBe(new Date(clock).toISOString());
    expect((await client.users.stop({ userId: "me" })).status).toBe(204);
    expect(em.mailbox(SHOP).watch).toBeUndefined();
  });

  it("mints an OIDC token that verifies against the JWKS (node:crypto) and via OAuth2Client", async () => {
    const { em } = await start();
    const audience = "https://mailroom.example/webhooks/gmail";
    const token = em.oidcToken(audience);
    const [header = "", payload = "", signature = ""] = token.split(".");
    const { kid } = JSON.parse(Buffer.from(header, "base64url").toString()) as { kid: string };

    const jwks = (await (await fetch(`${em.url}/oauth2/v3/certs`)).json()) as { keys: JsonWebKey[] };
    const jwk = jwks.keys.find((key) => key.kid === kid);
    expect(jwk).toBeDefined();
    const key = createPublicKey({ key: jwk as JsonWebKey, format: "jwk" });
    expect(
      verify("RSA-SHA256", Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, "base64url")),
    ).toBe(true);
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ iss: GOOGLE_ISSUER, aud: audience, email_verified: true });

    const verifier = new auth.OAuth2({ endpoints: em.oauthEndpoints });
    const ticket = await verifier.verifyIdToken({ idToken: token, audience });
    expect(ticket.getPayload()?.email).toBe(claims.email);
    await expect(verifier.verifyIdToken({ idToken: token, audience: "https://elsewhere" })).rejects.toThrow();
  });
});
