import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ConfidentialClientApplication } from "@azure/msal-node";
import {
  AuthenticationHandler,
  Client,
  GraphError,
  type Middleware,
  ResponseType,
  RetryHandler,
  RetryHandlerOptions,
} from "@microsoft/microsoft-graph-client";
import { afterEach, describe, expect, it } from "vitest";
import { waitFor } from "../helpers/wait.ts";
import { type GraphEmulator, type GraphEmulatorOptions, startGraphEmulator } from "./graph/index.ts";

const SHOP = "support@shop.example";
const CUSTOMER = "dana@customer.example";
const CLIENT_ID = "11111111-2222-3333-4444-555555555555";
const CLIENT_SECRET = "emulator-secret";
const IMMUTABLE = 'IdType="ImmutableId"';

let emulator: GraphEmulator | undefined;
const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
  await emulator?.close();
  emulator = undefined;
});

async function start(options: GraphEmulatorOptions = {}): Promise<GraphEmulator> {
  emulator = await startGraphEmulator({
    apps: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }],
    ...options,
  });
  return emulator;
}

interface ClientOptions {
  token?: string;
  /** Include the SDK's RetryHandler (retries 429/503/504, honouring Retry-After). */
  retry?: boolean;
  baseUrl?: string;
  customHosts?: Set<string>;
}

/** The real SDK with its own auth (and optionally retry) handler; only the last hop goes to the emulator. */
function clientFor(em: GraphEmulator, options: ClientOptions = {}): Client {
  const token = options.token ?? em.appToken(CLIENT_ID).access_token;
  const middleware: Middleware[] = [new AuthenticationHandler({ getAccessToken: async () => token })];
  if (options.retry) middleware.push(new RetryHandler(new RetryHandlerOptions()));
  middleware.push(em.transport());
  return Client.initWithMiddleware({
    middleware,
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    ...(options.customHosts ? { customHosts: options.customHosts } : {}),
  });
}

function email(fields: { subject: string; messageId: string; inReplyTo?: string; body?: string }): string {
  const lines = [
    `From: Dana Díaz <${CUSTOMER}>`,
    `To: ${SHOP}`,
    `Subject: ${fields.subject}`,
    "Date: Tue, 03 Mar 2026 10:00:00 +0000",
    `Message-ID: ${fields.messageId}`,
    ...(fields.inReplyTo ? [`In-Reply-To: ${fields.inReplyTo}`, `References: ${fields.inReplyTo}`] : []),
    "MIME-Version: 1.0",
    'Content-Type: text/plain; charset="utf-8"',
    "Content-Transfer-Encoding: 8bit",
  ];
  return `${lines.join("\r\n")}\r\n\r\n${fields.body ?? "Where is my order? Grüße, Dana"}\r\n`;
}

async function graphFailure(promise: Promise<unknown>): Promise<GraphError> {
  const error = await promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(GraphError);
  return error as GraphError;
}

interface Received {
  url: URL;
  headers: IncomingMessage["headers"];
  body: string;
}

/** A tiny webhook receiver: echoes validation tokens (unless told not to) and answers 202 to notifications. */
async function receiver(behaviour: { echo: boolean } = { echo: true }) {
  const received: Received[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://receiver");
      received.push({ url, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      const token = url.searchParams.get("validationToken");
      if (token !== null) {
        if (!behaviour.echo) return void res.writeHead(200, { "content-type": "application/json" }).end("{}");
        return void res.writeHead(200, { "content-type": "text/plain" }).end(token);
      }
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { url, received };
}

describe("delta, $value and ids", () => {
  it("pages a first full sync through nextLink, then the deltaLink returns only what changed", async () => {
    const em = await start();
    const client = clientFor(em);
    const delivered = [];
    for (const n of [1, 2, 3]) {
      delivered.push(
        await em.deliver(SHOP, email({ subject: `Order ${n}`, messageId: `<m${n}@customer.example>` }), {
          receivedAt: Date.UTC(2026, 2, 3, 10, n),
        }),
      );
    }

    const first = await client
      .api(`/users/${SHOP}/mailFolders/inbox/messages/delta`)
      .header("Prefer", "odata.maxpagesize=2")
      .select(["subject", "internetMessageId"])
      .get();
    expect(first.value.map((m: { subject: string }) => m.subject)).toEqual(["Order 3", "Order 2"]);
    expect(Object.keys(first.value[0]).sort()).toEqual(["@odata.etag", "id", "internetMessageId", "subject"]);
    // The link names the host the client asked for, so the SDK can follow it as is.
    expect(first["@odata.nextLink"]).toMatch(
      /^https:\/\/graph\.microsoft\.com\/v1\.0\/users\/.*\$skiptoken=/,
    );
    expect(first["@odata.deltaLink"]).toBeUndefined();

    const second = await client.api(first["@odata.nextLink"]).header("Prefer", "odata.maxpagesize=2").get();
    expect(second.value.map((m: { internetMessageId: string }) => m.internetMessageId)).toEqual([
      "<m1@customer.example>",
    ]);
    const deltaLink: string = second["@odata.deltaLink"];
    expect(deltaLink).toMatch(/\$deltatoken=/);

    const idle = await client.api(deltaLink).get();
    expect(idle.value).toEqual([]);

    const fourth = await em.deliver(SHOP, email({ subject: "Order 4", messageId: "<m4@customer.example>" }));
    em.mailbox(SHOP).update(delivered[0]?.id ?? "", { isRead: true });
    em.mailbox(SHOP).move(delivered[1]?.id ?? "", "archive");
    const changes = await client.api(deltaLink).get();
    expect(changes.value).toEqual([
      expect.objectContaining({ id: fourth.id, subject: "Order 4" }),
      expect.objectContaining({ id: delivered[0]?.id, subject: "Order 1" }),
      { "@odata.type": "#microsoft.graph.message", id: delivered[1]?.id, "@removed": { reason: "deleted" } },
    ]);
    // $select travels in the tokens.
    expect(changes.value[0].isRead).toBeUndefined();
  });

  it("finishes a slow send after its client gave up: the reply goes out late, not never", async () => {
    const em = await start();
    const client = clientFor(em);
    const inbound = await em.deliver(SHOP, email({ subject: "Slow", messageId: "<slow@customer.example>" }));
    const draft = await client.api(`/users/${SHOP}/messages/${inbound.id}/createReply`).post({});
    em.fault({ method: "POST", path: /\/send$/ }, { kind: "delay", ms: 1_000 });
    const impatient = client
      .api(`/users/${SHOP}/messages/${draft.id}/send`)
      .option("signal", AbortSignal.timeout(100))
      .post({});
    await expect(impatient).rejects.toThrow();
    expect(em.sent(SHOP)).toHaveLength(0);
    await waitFor(() => em.sent(SHOP).length === 1, 5_000, "the slow send to land");
    expect(em.requests.at(-1)?.fault).toBe("delay");
  });

  it("serves the delivered MIME byte for byte at $value", async () => {
    const em = await start();
    const raw = Buffer.from(
      email({ subject: "Bytes", messageId: "<bytes@customer.example>", body: "Ça va? 🚚\r\n" }),
    );
    const message = await em.deliver(SHOP, raw);
    const value: ArrayBuffer = await clientFor(em)
      .api(`/users/${SHOP}/messages/${message.id}/$value`)
      .responseType(ResponseType.ARRAYBUFFER)
      .get();
    expect(Buffer.from(value).equals(raw)).toBe(true);
  });

  it("answers 410 syncStateNotFound for a delta link after the tokens expired", async () => {
    const em = await start();
    const client = clientFor(em);
    await em.deliver(SHOP, email({ subject: "Hi", messageId: "<a@customer.example>" }));
    const round = await client
      .api(`/users/${SHOP}/mailFolders('Inbox')/messages/microsoft.graph.delta`)
      .get();
    em.expireDeltaTokens(SHOP);
    const error = await graphFailure(client.api(round["@odata.deltaLink"]).get());
    expect(error.statusCode).toBe(410);
    expect(error.code).toBe("syncStateNotFound");
    expect(error.headers?.get("location")).toMatch(/\/messages\/delta$/);
  });

  it("keeps immutable ids across a move while the regular id goes stale", async () => {
    const em = await start();
    const client = clientFor(em);
    const message = await em.deliver(SHOP, email({ subject: "Move me", messageId: "<mv@customer.example>" }));
    const moved = await client
      .api(`/users/${SHOP}/messages/${message.id}/move`)
      .header("Prefer", IMMUTABLE)
      .post({ destinationId: "archive" });
    expect(moved.id).toBe(message.immutableId);
    expect(moved.parentFolderId).toBe(em.mailbox(SHOP).folderId("archive"));
    const stale = await graphFailure(client.api(`/users/${SHOP}/messages/${message.id}`).get());
    expect([stale.statusCode, stale.code]).toEqual([404, "ErrorItemNotFound"]);
    expect(stale.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const byImmutable = await client.api(`/users/${SHOP}/messages/${message.immutableId}`).get();
    expect(byImmutable.id).toBe(em.mailbox(SHOP).get(message.immutableId)?.id);
  });
});

describe("replies, sending and flags", () => {
  it("threads createReply → PATCH → send and lists it in sent()", async () => {
    const em = await start();
    const client = clientFor(em);
    const original = await em.deliver(
      SHOP,
      email({ subject: "Late parcel", messageId: "<orig@customer.example>" }),
    );

    const draft = await client.api(`/users/${SHOP}/messages/${original.id}/createReply`).post({
      comment: "Sorry — it ships today.",
    });
    expect(draft).toMatchObject({
      isDraft: true,
      subject: "RE: Late parcel",
      conversationId: original.conversationId,
    });
    expect(draft.toRecipients).toEqual([{ emailAddress: { name: "Dana Díaz", address: CUSTOMER } }]);
    const draftMime = Buffer.from(
      await client
        .api(`/users/${SHOP}/messages/${draft.id}/$value`)
        .responseType(ResponseType.ARRAYBUFFER)
        .get(),
    ).toString("utf8");
    expect(draftMime).toMatch(/^In-Reply-To: <orig@customer\.example>\r?$/m);

    const refused = await graphFailure(
      client.api(`/users/${SHOP}/messages/${draft.id}`).patch({
        internetMessageHeaders: [{ name: "Auto-Submitted", value: "auto-replied" }],
      }),
    );
    expect([refused.statusCode, refused.code]).toEqual([400, "InvalidInternetMessageHeader"]);
    await client.api(`/users/${SHOP}/messages/${draft.id}`).patch({
      internetMessageHeaders: [{ name: "X-Mailroom-Send", value: "send-42" }],
    });
    await client.api(`/users/${SHOP}/messages/${draft.id}/send`).post({});

    const [sent] = em.sent(SHOP);
    expect(sent).toMatchObject({
      folder: "sentitems",
      isDraft: false,
      conversationId: original.conversationId,
    });
    expect(sent?.header("in-reply-to")).toBe("<orig@customer.example>");
    expect(sent?.header("references")).toBe("<orig@customer.example>");
    expect(sent?.header("x-mailroom-send")).toBe("send-42");
    expect(sent?.header("to")).toContain(CUSTOMER);
    expect(em.mailbox(SHOP).messages("drafts")).toEqual([]);
    const stale = await graphFailure(client.api(`/users/${SHOP}/messages/${draft.id}`).get());
    expect(stale.statusCode).toBe(404);

    // The customer's answer to our reply lands in the same conversation.
    const followUp = await em.deliver(
      SHOP,
      email({
        subject: "RE: Late parcel",
        messageId: "<f@customer.example>",
        inReplyTo: sent?.internetMessageId,
      }),
    );
    expect(followUp.conversationId).toBe(original.conversationId);
  });

  it("replies in one call with a comment, and refuses a comment with a message body", async () => {
    const em = await start();
    const client = clientFor(em);
    const original = await em.deliver(SHOP, email({ subject: "Refund?", messageId: "<r@customer.example>" }));
    const both = await graphFailure(
      client.api(`/users/${SHOP}/messages/${original.id}/reply`).post({
        comment: "Hi",
        message: { body: { contentType: "text", content: "Hi" } },
      }),
    );
    expect(both.statusCode).toBe(400);
    expect(em.sent(SHOP)).toEqual([]);

    await client.api(`/users/${SHOP}/messages/${original.id}/reply`).post({
      comment: "Your refund is on its way.",
      message: { internetMessageHeaders: [{ name: "X-Auto-Response-Suppress", value: "All" }] },
    });
    const [sent] = em.sent(SHOP);
    expect(sent?.subject).toBe("RE: Refund?");
    expect(sent?.conversationId).toBe(original.conversationId);
    expect(sent?.header("in-reply-to")).toBe("<r@customer.example>");
    expect(sent?.raw.toString("utf8")).toContain("Your refund is on its way.");
  });

  it("PATCHes categories and isRead, and the change shows in the next delta round", async () => {
    const em = await start();
    const client = clientFor(em);
    const message = await em.deliver(SHOP, email({ subject: "Tag me", messageId: "<t@customer.example>" }));
    const round = await client
      .api(`/users/${SHOP}/mailFolders/inbox/messages/delta`)
      .select("categories")
      .get();

    const updated = await client
      .api(`/users/${SHOP}/messages/${message.id}`)
      .patch({ categories: ["Mailroom/Refund", "Mailroom/Handled"], isRead: true });
    expect(updated).toMatchObject({ categories: ["Mailroom/Refund", "Mailroom/Handled"], isRead: true });
    expect(em.mailbox(SHOP).get(message.id)?.categories).toEqual(["Mailroom/Refund", "Mailroom/Handled"]);

    const subject = await graphFailure(
      client.api(`/users/${SHOP}/messages/${message.id}`).patch({ subject: "x" }),
    );
    expect(subject.statusCode).toBe(400);
    const changes = await client.api(round["@odata.deltaLink"]).get();
    expect(changes.value).toEqual([
      expect.objectContaining({ id: message.id, categories: ["Mailroom/Refund", "Mailroom/Handled"] }),
    ]);
  });
});

describe("subscriptions and notifications", () => {
  const inFiveDays = () => new Date(Date.now() + 5 * 24 * 3600_000).toISOString();

  it("validates the endpoint, then delivers change and lifecycle notifications with clientState", async () => {
    const em = await start();
    const client = clientFor(em);
    const hook = await receiver();
    const subscription = await client
      .api("/subscriptions")
      .header("Prefer", IMMUTABLE)
      .post({
        changeType: "created",
        notificationUrl: `${hook.url}/graph/notify`,
        lifecycleNotificationUrl: `${hook.url}/graph/lifecycle`,
        resource: `users/${SHOP}/mailFolders('Inbox')/messages`,
        expirationDateTime: inFiveDays(),
        clientState: "secret-42",
      });
    expect(subscription).toMatchObject({
      changeType: "created",
      clientState: "secret-42",
      applicationId: CLIENT_ID,
    });
    const handshakes = hook.received.filter((request) => request.url.searchParams.has("validationToken"));
    expect(handshakes.map((request) => request.url.pathname)).toEqual(["/graph/notify", "/graph/lifecycle"]);
    expect(handshakes[0]?.url.searchParams.get("validationToken")).toMatch(/^Validation: Testing client/);

    const message = await em.deliver(SHOP, email({ subject: "Hook", messageId: "<h@customer.example>" }));
    const [delivery] = await em.notifyChange(SHOP, message.id);
    expect(delivery?.status).toBe(202);
    const change = JSON.parse(hook.received.at(-1)?.body ?? "{}");
    expect(change.value).toEqual([
      expect.objectContaining({
        subscriptionId: subscription.id,
        clientState: "secret-42",
        changeType: "created",
        tenantId: em.tenantId,
        resource: `Users/${em.mailbox(SHOP).userId}/Messages/${message.immutableId}`,
        resourceData: expect.objectContaining({
          "@odata.type": "#Microsoft.Graph.Message",
          id: message.immutableId,
        }),
      }),
    ]);

    await em.notifyLifecycle(subscription.id, "reauthorizationRequired");
    const lifecycle = hook.received.at(-1);
    expect(lifecycle?.url.pathname).toBe("/graph/lifecycle");
    expect(JSON.parse(lifecycle?.body ?? "{}").value[0]).toMatchObject({
      subscriptionId: subscription.id,
      clientState: "secret-42",
      lifecycleEvent: "reauthorizationRequired",
    });

    const renewed = await client
      .api(`/subscriptions/${subscription.id}`)
      .patch({ expirationDateTime: new Date(Date.now() + 6 * 24 * 3600_000).toISOString() });
    expect(Date.parse(renewed.expirationDateTime)).toBeGreaterThan(
      Date.parse(subscription.expirationDateTime),
    );
    await client.api(`/subscriptions/${subscription.id}`).delete();
    expect(em.subscriptions(SHOP)).toEqual([]);
  });

  it("fails creation when the endpoint does not echo the token, and caps the expiry", async () => {
    const em = await start();
    const client = clientFor(em);
    const silent = await receiver({ echo: false });
    const request = {
      changeType: "created",
      notificationUrl: `${silent.url}/notify`,
      resource: `users/${SHOP}/messages`,
      expirationDateTime: inFiveDays(),
    };
    const refused = await graphFailure(client.api("/subscriptions").post(request));
    expect([refused.statusCode, refused.code]).toEqual([400, "ValidationError"]);
    expect(refused.message).toMatch(/must exactly match validationToken/);
    expect(em.subscriptions()).toEqual([]);

    const hook = await receiver();
    const tooLong = await graphFailure(
      client.api("/subscriptions").post({
        ...request,
        notificationUrl: hook.url,
        expirationDateTime: new Date(Date.now() + 8 * 24 * 3600_000).toISOString(),
      }),
    );
    expect(tooLong.code).toBe("ExtensionError");
    expect(tooLong.message).toMatch(/10070 minutes/);
  });
});

describe("faults", () => {
  it("surfaces a 429 as a GraphError with Retry-After readable", async () => {
    const em = await start();
    em.fault(
      { method: "GET", path: "/v1.0/users/*/messages" },
      { kind: "rateLimited", retryAfterSeconds: 7 },
    );
    const error = await graphFailure(clientFor(em).api(`/users/${SHOP}/messages`).get());
    expect([error.statusCode, error.code]).toEqual([429, "ApplicationThrottled"]);
    expect(error.headers?.get("retry-after")).toBe("7");
  });

  it("lets the SDK's RetryHandler honour Retry-After", async () => {
    const em = await start();
    em.fault({ path: /\/messages$/ }, { kind: "rateLimited", retryAfterSeconds: 1 });
    const startedAt = performance.now();
    const page = await clientFor(em, { retry: true }).api(`/users/${SHOP}/messages`).get();
    expect(page.value).toEqual([]);
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(950);
    expect(em.requests.map((request) => [request.status, request.headers["retry-attempt"]])).toEqual([
      [429, undefined],
      [200, "1"],
    ]);
  });

  it("answers 503, hangs until the client gives up, and drops the answer to an applied send", async () => {
    const em = await start();
    const client = clientFor(em);
    em.fault({ path: /\/messages$/ }, { kind: "serverError", status: 503, retryAfterSeconds: 2 });
    expect((await graphFailure(client.api(`/users/${SHOP}/messages`).get())).statusCode).toBe(503);

    em.fault({ path: /\/messages$/ }, { kind: "hang" });
    const hung = client.api(`/users/${SHOP}/messages`).option("signal", AbortSignal.timeout(200)).get();
    await expect(hung).rejects.toThrow();
    expect(em.requests.at(-1)?.fault).toBe("hang");
    expect(em.requests.at(-1)?.status).toBeUndefined();

    em.fault({ method: "POST", path: "/v1.0/users/*/sendMail" }, { kind: "dropAfterApply" });
    const send = client.api(`/users/${SHOP}/sendMail`).post({
      message: {
        subject: "Your order shipped",
        body: { contentType: "text", content: "Tracking: 1Z999AA10123456784" },
        toRecipients: [{ emailAddress: { address: CUSTOMER } }],
      },
    });
    await expect(send).rejects.toThrow();
    expect(em.sent(SHOP).map((message) => message.subject)).toEqual(["Your order shipped"]);
  });
});

describe("tokens and client configuration", () => {
  it("issues a client_credentials token by plain fetch and rejects a scope without /.default", async () => {
    const em = await start();
    const form = (scope: string) =>
      new URLSearchParams({
        grant_type: "client_credentials",
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        scope,
      });
    const ok = await fetch(em.tokenUrl, {
      method: "POST",
      body: form("https://graph.microsoft.com/.default"),
    });
    const token = (await ok.json()) as { access_token: string; token_type: string; expires_in: number };
    expect(token).toMatchObject({ token_type: "Bearer", expires_in: 3599 });
    const page = await clientFor(em, { token: token.access_token }).api(`/users/${SHOP}/messages`).get();
    expect(page.value).toEqual([]);

    const bad = await fetch(em.tokenUrl, { method: "POST", body: form("Mail.Read") });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: "invalid_scope", error_codes: [1002012] });
  });

  it("works with msal-node through its networkClient; an http authority is refused by MSAL itself", async () => {
    const em = await start();
    const msal = new ConfidentialClientApplication({
      auth: {
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        authority: em.authority,
      },
      system: { networkClient: em.msalNetwork() },
    });
    const result = await msal.acquireTokenByClientCredential({
      scopes: ["https://graph.microsoft.com/.default"],
    });
    expect(result?.accessToken).toBeTruthy();
    const page = await clientFor(em, { token: result?.accessToken }).api(`/users/${SHOP}/messages`).get();
    expect(page.value).toEqual([]);

    const insecure = new ConfidentialClientApplication({
      auth: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, authority: `${em.url}/${em.tenantId}` },
    });
    await expect(
      insecure.acquireTokenByClientCredential({ scopes: ["https://graph.microsoft.com/.default"] }),
    ).rejects.toMatchObject({ errorCode: "authority_uri_insecure" });
  });

  it("redeems a code and refreshes with msal-node, and a revoked grant fails with invalid_grant AADSTS50173", async () => {
    const em = await start();
    const msal = new ConfidentialClientApplication({
      auth: {
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        authority: em.authority,
      },
      system: { networkClient: em.msalNetwork() },
    });
    const redirectUri = "https://mailroom.example/oauth/microsoft";
    const scopes = ["https://graph.microsoft.com/Mail.ReadWrite", "https://graph.microsoft.com/Mail.Send"];
    const code = em.authorizationCode(SHOP, {
      clientId: CLIENT_ID,
      redirectUri,
      scope: `${scopes.join(" ")} openid profile offline_access`,
    });
    const signedIn = await msal.acquireTokenByCode({ code, redirectUri, scopes });
    expect(signedIn.account?.username).toBe(SHOP);
    const me = await clientFor(em, { token: signedIn.accessToken }).api("/me/mailFolders/inbox").get();
    expect(me.displayName).toBe("Inbox");

    const cache = JSON.parse(msal.getTokenCache().serialize()) as {
      RefreshToken: Record<string, { secret: string }>;
    };
    const stored = Object.values(cache.RefreshToken)[0]?.secret ?? "";
    const refreshed = await msal.acquireTokenByRefreshToken({ refreshToken: stored, scopes });
    expect(refreshed?.accessToken).toBeTruthy();

    expect(em.revoke(stored)).toBe(true);
    await expect(msal.acquireTokenByRefreshToken({ refreshToken: stored, scopes })).rejects.toMatchObject({
      errorCode: "invalid_grant",
      errorMessage: expect.stringContaining("AADSTS50173"),
    });
  });

  it("sends no token to a plain-http baseUrl (the SDK only authenticates HTTPS hosts), but honours customHosts", async () => {
    const em = await start();
    const token = em.appToken(CLIENT_ID).access_token;
    const direct = Client.init({
      authProvider: (done) => done(null, token),
      baseUrl: `${em.url}/`,
      defaultVersion: "v1.0",
    });
    const unauthenticated = await graphFailure(direct.api(`/users/${SHOP}/messages`).get());
    expect([unauthenticated.statusCode, unauthenticated.code]).toEqual([401, "InvalidAuthenticationToken"]);
    expect(unauthenticated.message).toBe("Access token is empty.");

    for (const n of [1, 2])
      await em.deliver(SHOP, email({ subject: `S${n}`, messageId: `<s${n}@customer.example>` }));
    const custom = clientFor(em, {
      token,
      baseUrl: "https://graph.emulator.test/",
      customHosts: new Set(["graph.emulator.test"]),
    });
    const page = await custom.api(`/users/${SHOP}/messages`).top(1).get();
    expect(page["@odata.nextLink"]).toMatch(/^https:\/\/graph\.emulator\.test\/v1\.0\//);
    const next = await custom.api(page["@odata.nextLink"]).get();
    expect(next.value.map((m: { subject: string }) => m.subject)).toEqual(["S1"]);
  });

  it("answers 401 once access tokens expire, and 403 for another user's mailbox on a delegated token", async () => {
    const em = await start();
    const tokens = em.userTokens(SHOP, { clientId: CLIENT_ID });
    const client = clientFor(em, { token: tokens.access_token });
    expect((await client.api("/me/messages").get()).value).toEqual([]);
    const other = await graphFailure(client.api(`/users/${CUSTOMER}/messages`).get());
    expect([other.statusCode, other.code]).toEqual([403, "ErrorAccessDenied"]);
    em.expireAccessTokens(SHOP);
    const expired = await graphFailure(client.api("/me/messages").get());
    expect([expired.statusCode, expired.code]).toEqual([401, "InvalidAuthenticationToken"]);
  });
});
