import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mailboxes, mailPushChannels, messages } from "../../db/schema/index.ts";
import type { MailboxListResponse } from "../../server/api/types.ts";
import { queues } from "../../server/jobs/enqueue.ts";
import { pollMailboxes, renewPushChannels } from "../../server/jobs/sweeper.ts";
import { type GmailEmulator, startGmailEmulator } from "../emulators/gmail/index.ts";
import { DEFAULT_PUSH_SERVICE_ACCOUNT } from "../emulators/gmail/push.ts";
import { mintUser, sessionHeaders } from "../helpers/auth.ts";
import { customerEmail, mintOrder } from "../helpers/factories.ts";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.ts";
import { waitFor } from "../helpers/wait.ts";

const shop = "help@lumenandloom.example";
const client = { clientId: "mailroom-web-client", clientSecret: "mailroom-web-secret" };
const topic = "projects/emulator-project/topics/gmail";

/**
 * An admin connects Gmail through Google's consent screen, Gmail pushes through Pub/Sub to our webhook,
 * and the faults the issue names (forged, duplicate, out-of-order and dropped pushes; 429 with Retry-After)
 * lose nothing and double nothing. Real HTTP both ways: the app listens on a port, the emulator posts to it.
 */
describe("connecting Gmail and its push notifications (Postgres + BullMQ, emulated Google)", () => {
  let gmail: GmailEmulator;
  let rt: TestRuntime;
  let server: ReturnType<typeof serve>;
  let base: string;
  let pushUrl: string;
  let mailboxId: string;
  /** An admin's session: connecting and managing mailboxes is theirs. */
  let admin: Record<string, string>;
  const asAdmin = (path: string, init: RequestInit = {}) =>
    fetch(`${base}${path}`, { redirect: "manual", ...init, headers: { ...admin, ...init.headers } });

  beforeAll(async () => {
    gmail = await startGmailEmulator({ clients: [client] });
    // The app's public URL goes into its configuration, so listen first and hand requests over once built.
    let fetchApp: (request: Request) => Response | Promise<Response> = () =>
      new Response(null, { status: 503 });
    server = serve({ fetch: (request) => fetchApp(request), port: 0, hostname: "127.0.0.1" });
    await new Promise((resolve) => server.once("listening", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    pushUrl = `${base}/webhooks/gmail/push`;
    rt = await createTestRuntime({
      database: "postgres",
      queue: "bullmq",
      env: {
        MAILROOM_PUBLIC_URL: base,
        GMAIL_API_ROOT: `${gmail.url}/`,
        // Ten times Google's quota: the pacing has its own test, and 1,000 messages should not take 20 s here.
        GMAIL_QUOTA_UNITS_PER_SECOND: "2500",
        GOOGLE_CLIENT_ID: client.clientId,
        GOOGLE_CLIENT_SECRET: client.clientSecret,
        GOOGLE_AUTH_URL: `${gmail.url}/o/oauth2/v2/auth`,
        GOOGLE_TOKEN_URL: gmail.oauthEndpoints.oauth2TokenUrl,
        GOOGLE_OIDC_CERTS_URL: gmail.oauthEndpoints.oauth2FederatedSignonPemCertsUrl,
        GMAIL_PUBSUB_TOPIC: topic,
        GMAIL_PUSH_SERVICE_ACCOUNT: DEFAULT_PUSH_SERVICE_ACCOUNT,
      },
    });
    fetchApp = (request) => rt.app.fetch(request);
    admin = await sessionHeaders(rt.ctx, (await mintUser(rt.ctx.db, "admin")).id);
    gmail.pushTo({ url: pushUrl });
    gmail.deliver(shop, customerEmail({ from: "ana@example.com", subject: "Before connecting", text: "Hi" }));
  });
  afterAll(async () => {
    await gmail.close();
    await rt.dispose();
    await new Promise((resolve) => server.close(resolve));
  });

  /** An admin starts connecting: the state Google will hand back, and the cookie bound to this browser. */
  async function startConsent(): Promise<{ state: string; consentCookie: string }> {
    const res = await asAdmin("/api/mailboxes/gmail/authorize");
    const consentCookie = res.headers.get("set-cookie")?.split(";")[0] ?? "";
    expect(consentCookie).toMatch(/^mailroom_gmail_consent=[\w-]{32}$/);
    const state = new URL(res.headers.get("location") ?? "").searchParams.get("state") ?? "";
    return { state, consentCookie };
  }

  /** Inbound messages stored (our replies are stored too, as outbound). */
  const storedCount = async () =>
    (
      await rt.ctx.db
        .select({ id: messages.id })
        .from(messages)
        .where(and(eq(messages.mailboxId, mailboxId), eq(messages.direction, "inbound")))
    ).length;

  async function push(token: string | null, body: unknown): Promise<Response> {
    return fetch(pushUrl, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
  }

  it("sends the admin to Google's consent screen for an offline grant with PKCE", async () => {
    const res = await asAdmin(`/api/mailboxes/gmail/authorize?address=${shop}`);
    expect(res.status).toBe(302);
    const consent = new URL(res.headers.get("location") ?? "");
    expect(`${consent.origin}${consent.pathname}`).toBe(`${gmail.url}/o/oauth2/v2/auth`);
    const params = Object.fromEntries(consent.searchParams);
    expect(params).toMatchObject({
      client_id: client.clientId,
      redirect_uri: `${base}/api/mailboxes/gmail/callback`,
      response_type: "code",
      access_type: "offline",
      prompt: "consent",
      scope: "https://www.googleapis.com/auth/gmail.modify",
      code_challenge_method: "S256",
      login_hint: shop,
    });
    expect(params.code_challenge).toMatch(/^[\w-]{43}$/);
    expect(params.state?.length).toBeGreaterThan(40);
  });

  it("connects on Google's redirect back: sealed grant, a watch on the topic, and the backfill", async () => {
    const { state, consentCookie } = await startConsent();
    const redirectUri = `${base}/api/mailboxes/gmail/callback`;
    const code = gmail.authorizationCode(shop, { redirectUri });

    // Google sends the admin's browser back here; the session and consent cookies (SameSite=Lax) come along.
    const back = await asAdmin(
      `/api/mailboxes/gmail/callback?code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}`,
      { headers: { cookie: `${admin.cookie}; ${consentCookie}` } },
    );
    expect(back.status, await back.clone().text()).toBe(302);
    const landed = new URL(back.headers.get("location") ?? "", base);
    expect(landed.pathname).toBe("/mailboxes");
    mailboxId = landed.searchParams.get("connected") ?? "";
    expect(mailboxId).toMatch(/^[0-9a-f-]{36}$/);

    const [row] = await rt.ctx.db.select().from(mailboxes).where(eq(mailboxes.id, mailboxId));
    expect(row).toMatchObject({ provider: "gmail", address: shop, status: "active" });
    expect(row?.credentials).toMatch(/^v1\./);
    expect(gmail.mailbox(shop).watch?.topicName).toBe(topic);
    const [channel] = await rt.ctx.db
      .select()
      .from(mailPushChannels)
      .where(eq(mailPushChannels.mailboxId, mailboxId));
    expect(channel?.expiresAt.getTime()).toBeGreaterThan(Date.now() + 6 * 24 * 3600_000);
    await waitFor(async () => (await storedCount()) === 1, 10_000, "the backfilled message");
  });

  it("lets only admins start a connection", async () => {
    const anonymous = await fetch(`${base}/api/mailboxes/gmail/authorize`, { redirect: "manual" });
    expect(anonymous.status).toBe(401);
    const agent = await sessionHeaders(rt.ctx, (await mintUser(rt.ctx.db, "agent")).id);
    const refused = await fetch(`${base}/api/mailboxes/gmail/authorize`, {
      redirect: "manual",
      headers: agent,
    });
    expect(refused.status).toBe(403);
  });

  it("refuses a callback whose state was not ours, from another browser, or where the admin declined", async () => {
    const forged = await asAdmin("/api/mailboxes/gmail/callback?code=x&state=forged");
    expect(new URL(forged.headers.get("location") ?? "", base).searchParams.get("error")).toMatch(/not ours/);
    // A genuine state, but brought back by a browser that did not start the round trip (no consent cookie).
    const { state } = await startConsent();
    const code = gmail.authorizationCode(shop, { redirectUri: `${base}/api/mailboxes/gmail/callback` });
    const elsewhere = await asAdmin(
      `/api/mailboxes/gmail/callback?code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}`,
    );
    expect(new URL(elsewhere.headers.get("location") ?? "", base).searchParams.get("error")).toMatch(
      /another browser/,
    );
    const declined = await asAdmin("/api/mailboxes/gmail/callback?error=access_denied");
    expect(new URL(declined.headers.get("location") ?? "", base).searchParams.get("error")).toBe(
      "access_denied",
    );
  });

  it("syncs within moments of a push, with no poll in between", async () => {
    const before = await storedCount();
    gmail.deliver(shop, customerEmail({ from: "ben@example.com", subject: "Pushed", text: "Hello?" }));
    await waitFor(async () => (await storedCount()) === before + 1, 5_000, "the pushed message");
    expect(gmail.pushes.at(-1)).toMatchObject({ outcome: "delivered", status: 204 });
    const [channel] = await rt.ctx.db
      .select()
      .from(mailPushChannels)
      .where(eq(mailPushChannels.mailboxId, mailboxId));
    expect(channel?.lastNotificationAt).not.toBeNull();
  });

  it("refuses forged pushes: no token, another audience, another service account, another issuer", async () => {
    const body = gmail.pushNotification(shop);
    expect((await push(null, body)).status).toBe(401);
    expect((await push(gmail.oidcToken("https://elsewhere.example/push"), body)).status).toBe(401);
    expect((await push(gmail.oidcToken(pushUrl, { email: "intruder@evil.example" }), body)).status).toBe(401);
    expect((await push(gmail.oidcToken(pushUrl, { issuer: "https://evil.example" }), body)).status).toBe(401);
    expect((await push(gmail.oidcToken(pushUrl, { expiresInSeconds: -600 }), body)).status).toBe(401);
    expect((await push(`${gmail.oidcToken(pushUrl).slice(0, -4)}AAAA`, body)).status).toBe(401);
    // Authentic but malformed: a visible 400, nothing enqueued.
    const bad = await push(gmail.oidcToken(pushUrl), {
      message: { data: "bm90IGpzb24=" },
      subscription: "s",
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: "BAD_REQUEST" });
    // Authentic, for a mailbox we do not have: acknowledged, so Pub/Sub stops redelivering.
    const stranger = await push(gmail.oidcToken(pushUrl), gmail.pushNotification("someone@else.example"));
    expect(stranger.status).toBe(204);
  });

  it("stores each message once through duplicate and out-of-order pushes", async () => {
    const before = await storedCount();
    gmail.pushFaults({ duplicate: 3, delayed: 2, delayMs: 300 });
    for (let i = 0; i < 5; i++)
      gmail.deliver(
        shop,
        customerEmail({ from: `c${i}@example.com`, subject: `Order ${i}`, text: "Where?" }),
      );
    await gmail.pushesSettled();
    await waitFor(async () => (await storedCount()) === before + 5, 10_000, "five messages");
    await rt.settle();
    expect(await storedCount()).toBe(before + 5);
  });

  it("loses nothing while pushes are dropped: 1,000 messages arrive, the reconciliation poll stores each once", async () => {
    const before = await storedCount();
    gmail.pushFaults({ drop: 1_000 });
    for (let i = 0; i < 1_000; i++)
      gmail.deliver(shop, customerEmail({ from: `bulk${i}@example.com`, subject: `Bulk ${i}`, text: "Hi" }));
    expect(gmail.pushes.filter((p) => p.outcome === "dropped")).toHaveLength(1_000);
    await rt.settle();
    expect(await storedCount()).toBe(before);
    // The sweeper's periodic tick.
    await pollMailboxes(rt.ctx);
    await waitFor(async () => (await storedCount()) === before + 1_000, 60_000, "1,000 reconciled messages");
    await rt.settle(60_000);
    expect(await storedCount()).toBe(before + 1_000);
    const ids = await rt.ctx.db
      .select({ id: messages.providerMessageId })
      .from(messages)
      .where(eq(messages.mailboxId, mailboxId));
    expect(new Set(ids.map((r) => r.id)).size).toBe(ids.length);
  }, 120_000);

  it("waits out a 429's Retry-After on the mailbox without failing the job, then syncs", async () => {
    const before = await storedCount();
    gmail.fault({ path: /\/history$/ }, { kind: "rateLimited", retryAfterSeconds: 1 });
    const startedAt = Date.now();
    gmail.deliver(shop, customerEmail({ from: "slow@example.com", subject: "Throttled", text: "Hi" }));
    await waitFor(
      async () => {
        const [row] = await rt.ctx.db.select().from(mailboxes).where(eq(mailboxes.id, mailboxId));
        return row?.throttledUntil !== null;
      },
      5_000,
      "the mailbox to be throttled",
    );
    await waitFor(async () => (await storedCount()) === before + 1, 10_000, "the message after the wait");
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(900);
    expect(await rt.ctx.queue.failed(queues.sync)).toEqual([]);
    // The sync that got through clears the error; the wait is over.
    await waitFor(
      async () => {
        const list = (await (await asAdmin("/api/mailboxes")).json()) as MailboxListResponse;
        const mine = list.mailboxes.find((m) => m.id === mailboxId);
        return mine?.lastError === null && mine.throttledUntil === null;
      },
      5_000,
      "the mailbox to show healthy again",
    );
  });

  it("retries 500s and a dropped connection: the message is stored once, the reply sent once", async () => {
    const before = await storedCount();
    const order = await mintOrder(rt.ctx.db, { now: new Date(), standing: "on_time" });
    gmail.fault(
      { path: /\/messages\/[^/]+$/, method: "GET", times: 2 },
      { kind: "serverError", status: 500 },
    );
    // Gmail applies the send, then the connection drops before the answer: the send is ambiguous.
    gmail.fault({ path: /\/messages\/send$/ }, { kind: "dropAfterApply" });
    const sentBefore = gmail.sent(shop).length;
    gmail.deliver(
      shop,
      customerEmail({ from: order.email, subject: "Where is my order?", text: `Where is ${order.number}?` }),
    );
    await waitFor(async () => (await storedCount()) === before + 1, 10_000, "the message after two 500s");
    await waitFor(async () => gmail.sent(shop).length > sentBefore, 20_000, "the reply");
    await rt.settle(20_000);
    // The retry asked Gmail (rfc822msgid in the sent folder) before sending again.
    expect(gmail.sent(shop).length - sentBefore).toBe(1);
    expect(await storedCount()).toBe(before + 1);
  });

  it("shows each mailbox's state on the Mailboxes API", async () => {
    await rt.settle();
    const list = (await (await asAdmin("/api/mailboxes")).json()) as MailboxListResponse;
    expect(list.connectable).toEqual({ gmail: true, outlook: false });
    const mine = list.mailboxes.find((m) => m.id === mailboxId);
    expect(mine).toMatchObject({ provider: "gmail", address: shop, status: "active" });
    expect(mine?.push?.expiresAt).toBeTruthy();
    expect(mine?.backlog).toEqual({ untriaged: 0, unsent: 0 });
  });

  it("renews a watch that is due, and leaves a fresh one alone", async () => {
    const soon = new Date(Date.now() + 24 * 3600_000);
    await rt.ctx.db
      .update(mailPushChannels)
      .set({ expiresAt: soon })
      .where(eq(mailPushChannels.mailboxId, mailboxId));
    const watchesBefore = gmail.requests.filter((r) => r.path.endsWith("/watch")).length;
    await renewPushChannels(rt.ctx);
    await renewPushChannels(rt.ctx);
    expect(gmail.requests.filter((r) => r.path.endsWith("/watch")).length).toBe(watchesBefore + 1);
    const [channel] = await rt.ctx.db
      .select()
      .from(mailPushChannels)
      .where(eq(mailPushChannels.mailboxId, mailboxId));
    expect(channel?.expiresAt.getTime()).toBeGreaterThan(soon.getTime());
  });

  it("pause stops the watch and the syncs; resume catches up on what arrived meanwhile", async () => {
    expect((await asAdmin(`/api/mailboxes/${mailboxId}/pause`, { method: "POST" })).status).toBe(204);
    expect(gmail.mailbox(shop).watch).toBeUndefined();
    const before = await storedCount();
    gmail.deliver(shop, customerEmail({ from: "late@example.com", subject: "While paused", text: "Hi" }));
    const ignored = await push(gmail.oidcToken(pushUrl), gmail.pushNotification(shop));
    expect(ignored.status).toBe(204);
    await rt.settle();
    expect(await storedCount()).toBe(before);
    const again = await asAdmin(`/api/mailboxes/${mailboxId}/pause`, { method: "POST" });
    expect(again.status).toBe(409);

    expect((await asAdmin(`/api/mailboxes/${mailboxId}/resume`, { method: "POST" })).status).toBe(204);
    expect(gmail.mailbox(shop).watch?.topicName).toBe(topic);
    await waitFor(async () => (await storedCount()) === before + 1, 5_000, "the message sent while paused");
  });

  it("connects a shared address with a Workspace service account, and refuses one without delegation", async () => {
    const key = gmail.registerServiceAccount(
      "mailroom@shop-project.iam.gserviceaccount.com",
      "lumenandloom.example",
    );
    const shared = "orders@lumenandloom.example";
    gmail.deliver(shared, customerEmail({ from: "dora@example.com", subject: "Shared inbox", text: "Hi" }));
    const connect = (address: string) =>
      asAdmin("/api/mailboxes/gmail/service-account", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ address, key }),
      });
    const ok = await connect(shared);
    expect(ok.status, await ok.clone().text()).toBe(201);
    const { mailboxId: sharedId } = (await ok.json()) as { mailboxId: string };
    const [row] = await rt.ctx.db.select().from(mailboxes).where(eq(mailboxes.id, sharedId));
    expect(row?.credentials).not.toContain("PRIVATE KEY");
    await waitFor(
      async () =>
        (await rt.ctx.db.select().from(messages).where(eq(messages.mailboxId, sharedId))).length === 1,
      10_000,
      "the shared inbox's message",
    );
    // Delegation covers lumenandloom.example only.
    const refused = await connect("someone@other-domain.example");
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { message: string }).message).toMatch(/domain-wide delegation/);
  });

  it("disconnect stops the watch and erases the grant", async () => {
    expect((await asAdmin(`/api/mailboxes/${mailboxId}`, { method: "DELETE" })).status).toBe(204);
    const [row] = await rt.ctx.db
      .select()
      .from(mailboxes)
      .where(and(eq(mailboxes.id, mailboxId), eq(mailboxes.status, "disconnected")));
    expect(row?.credentials).toBeNull();
    expect(gmail.mailbox(shop).watch).toBeUndefined();
    const list = (await (await asAdmin("/api/mailboxes")).json()) as MailboxListResponse;
    expect(list.mailboxes.some((m) => m.id === mailboxId)).toBe(false);
  });
});
