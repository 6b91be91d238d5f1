import { and, count, countDistinct, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mailboxes, mailPushChannels, messages } from "../../db/schema/index.ts";
import { ProviderRateLimitError } from "../../integrations/mail/outlook/index.ts";
import type { ConnectOutlookResponse } from "../../server/api/types.ts";
import { MailboxThrottledError } from "../../server/domain/errors.ts";
import {
  ensureOutlookSubscription,
  stopOutlookSubscription,
} from "../../server/domain/mail/outlook-subscriptions.ts";
import { forgetMailbox } from "../../server/domain/mail/providers.ts";
import { syncMailbox } from "../../server/domain/mail/sync-mailbox.ts";
import { enqueueSync } from "../../server/jobs/enqueue.ts";
import { DELEGATED_SCOPE, type GraphEmulator, startGraphEmulator } from "../emulators/graph/index.ts";
import { mintUser, sessionHeaders } from "../helpers/auth.ts";
import { customerEmail, mintOrder } from "../helpers/factories.ts";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.ts";
import { waitFor } from "../helpers/wait.ts";

const shop = "support@lumenandloom.example";
const owner = "owner@lumenandloom.example";
const app = { clientId: "6d1c7e1a-2b3c-4d5e-8f90-a1b2c3d4e5f6", clientSecret: "mailroom-entra-secret" };

describe("an Outlook inbox end to end (Postgres + BullMQ, emulated Graph, webhooks over HTTP)", () => {
  let graph: GraphEmulator;
  let rt: TestRuntime;
  let mailboxId: string;

  /** An admin's session: connecting mailboxes is theirs. */
  let admin: Record<string, string> = {};
  const api = (path: string, init: RequestInit = {}) => {
    const extra = new Headers(init.headers);
    const cookie = [admin.cookie, extra.get("cookie")].filter(Boolean).join("; ");
    const headers = { ...admin, ...Object.fromEntries(extra), ...(cookie ? { cookie } : {}) };
    return fetch(`${rt.url}${path}`, { redirect: "manual", ...init, headers });
  };
  const channel = async (id = mailboxId) =>
    (await rt.ctx.db.select().from(mailPushChannels).where(eq(mailPushChannels.mailboxId, id)))[0];
  const storedCount = async (id = mailboxId) =>
    (
      await rt.ctx.db
        .select({ n: count(), distinct: countDistinct(messages.providerMessageId) })
        .from(messages)
        .where(and(eq(messages.mailboxId, id), eq(messages.direction, "inbound")))
    )[0] ?? { n: 0, distinct: 0 };
  const stored = async (rfcMessageId: string) =>
    (await rt.ctx.db.select().from(messages).where(eq(messages.rfcMessageId, rfcMessageId))).length;

  beforeAll(async () => {
    graph = await startGraphEmulator({ apps: [app] });
    rt = await createTestRuntime({
      database: "postgres",
      queue: "bullmq",
      listen: true,
      mailTransport: { graphMiddleware: [graph.transport()], msalNetwork: graph.msalNetwork() },
      env: {
        MICROSOFT_CLIENT_ID: app.clientId,
        MICROSOFT_CLIENT_SECRET: app.clientSecret,
        MICROSOFT_TENANT_ID: graph.tenantId,
      },
    });
    admin = await sessionHeaders(rt.ctx, (await mintUser(rt.ctx.db, "admin")).id);
    const connected = await api("/api/mailboxes/outlook/app", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ address: shop, displayName: "Lumen & Loom support" }),
    });
    expect(connected.status).toBe(201);
    const body = (await connected.json()) as ConnectOutlookResponse;
    expect(body.push.subscribed).toBe(true);
    mailboxId = body.mailboxId;
    await rt.settle();
  });
  afterAll(async () => {
    await rt?.dispose();
    await graph?.close();
  });

  it("subscribes the inbox on connect, the handshake passing through our endpoint, clientState sealed", async () => {
    const [subscription] = graph.subscriptions(shop);
    expect(graph.subscriptions(shop)).toHaveLength(1);
    expect(subscription?.notificationUrl).toBe(`${rt.url}/webhooks/graph/notifications`);
    expect(subscription?.lifecycleNotificationUrl).toBe(`${rt.url}/webhooks/graph/lifecycle`);
    expect(subscription?.resource).toBe(`users/${shop}/mailFolders('inbox')/messages`);
    expect(subscription?.changeType).toEqual(["created"]);
    expect(subscription?.immutableIds).toBe(true);
    const row = await channel();
    expect(row?.externalId).toBe(subscription?.id);
    expect(row?.clientState).toMatch(/^v1\./);
    expect(row?.clientState).not.toContain(subscription?.clientState ?? "missing");
    expect(rt.ctx.secrets.open(row?.clientState ?? "", mailboxId)).toBe(subscription?.clientState);
    const [mailbox] = await rt.ctx.db.select().from(mailboxes).where(eq(mailboxes.id, mailboxId));
    expect(mailbox?.credentials).not.toContain(app.clientSecret);
  });

  it("a notification brings the message in; the reply goes out in the customer's thread, once", async () => {
    const order = await mintOrder(rt.ctx.db, { now: new Date(), standing: "on_time" });
    const question = `<wismo-${order.number}@mail.example.com>`;
    const inbound = await graph.deliver(
      shop,
      customerEmail({
        from: order.email,
        subject: "Where is my order?",
        text: `Where is ${order.number}?`,
        messageId: question,
      }),
    );
    const [delivery] = await graph.notifyChange(shop, inbound.id);
    expect(delivery?.status).toBe(202);
    expect(delivery?.slow).toBe(false);
    await waitFor(() => graph.sent(shop).length === 1, 15_000, "the reply");
    // Duplicate and late notifications cost a sync, nothing more.
    await graph.notifyChange(shop, inbound.id);
    await graph.notifyChange(shop, inbound.id);
    await rt.settle();
    expect(graph.sent(shop)).toHaveLength(1);
    expect(await stored(question)).toBe(1);
    const reply = graph.sent(shop)[0];
    expect(reply?.conversationId).toBe(inbound.conversationId);
    expect(reply?.header("In-Reply-To")).toBe(question);
    expect(reply?.raw.toString("utf8")).toContain(order.trackingNumber);
    expect(graph.mailbox(shop).get(inbound.id)?.categories).toContain("Mailroom/auto_replied");
    expect((await channel())?.lastNotificationAt).toBeInstanceOf(Date);
  });

  it("refuses a notification with the wrong clientState (or for a stranger's subscription) and syncs nothing", async () => {
    const quiet = await graph.deliver(
      shop,
      customerEmail({ from: "eve@example.com", subject: "Hi", text: "Hello" }),
    );
    const subscriptionId = (await channel())?.externalId;
    const forged = await api("/webhooks/graph/notifications", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        value: [
          {
            subscriptionId,
            clientState: "guessed",
            changeType: "created",
            resource: `Users/x/Messages/${quiet.id}`,
          },
          { subscriptionId: "not-ours", clientState: "guessed", changeType: "created" },
          { changeType: "created" },
        ],
      }),
    });
    expect(forged.status).toBe(202);
    expect(await forged.json()).toEqual({ accepted: 0, refused: 3 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await rt.settle();
    expect(await stored(quiet.internetMessageId)).toBe(0);
    expect((await channel())?.lastError).toMatch(/refused 1 change notification/);
  });

  it("lifecycle: 'missed' syncs, 'reauthorizationRequired' reauthorizes, 'subscriptionRemoved' subscribes again", async () => {
    const unannounced = await graph.deliver(
      shop,
      customerEmail({ from: "lost@example.com", subject: "Lost?", text: "Anyone there?" }),
    );
    const first = graph.subscriptions(shop)[0];
    if (!first) throw new Error("no subscription");
    expect((await graph.notifyLifecycle(first.id, "missed")).status).toBe(202);
    await waitFor(
      async () => (await stored(unannounced.internetMessageId)) === 1,
      10_000,
      "the missed message",
    );

    expect((await graph.notifyLifecycle(first.id, "reauthorizationRequired")).status).toBe(202);
    expect(first.reauthorizationRequired).toBe(true);
    await waitFor(() => first.reauthorizationRequired === false, 10_000, "reauthorization");

    expect((await graph.notifyLifecycle(first.id, "subscriptionRemoved")).status).toBe(202);
    await waitFor(async () => (await channel())?.externalId !== first.id, 10_000, "a new subscription");
    const now = graph.subscriptions(shop);
    expect(now).toHaveLength(1);
    expect(now[0]?.id).toBe((await channel())?.externalId);
    // A repeat of the same removal (Graph retries) replaces nothing more.
    await rt.ctx.queue.add("mail-sync", "outlook-subscription", { mailboxId, replace: first.id });
    await rt.settle();
    expect(graph.subscriptions(shop).map((s) => s.id)).toEqual([now[0]?.id]);
  });

  it("renews a subscription that ends within a day, and keeps one that does not", async () => {
    expect((await ensureOutlookSubscription(rt.ctx, mailboxId)).action).toBe("kept");
    const row = await channel();
    await rt.ctx.db
      .update(mailPushChannels)
      .set({ expiresAt: new Date(Date.now() + 3_600_000) })
      .where(eq(mailPushChannels.mailboxId, mailboxId));
    const renewed = await ensureOutlookSubscription(rt.ctx, mailboxId);
    expect(renewed.action).toBe("renewed");
    expect(graph.subscriptions(shop)[0]?.id).toBe(row?.externalId);
    expect((await channel())?.expiresAt.getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
  });

  it("an expired delta token (410) re-lists the window and stores nothing twice", async () => {
    const before = await storedCount();
    graph.expireDeltaTokens(shop);
    const fresh = await graph.deliver(
      shop,
      customerEmail({ from: "new@example.com", subject: "New", text: "New one" }),
    );
    await enqueueSync(rt.ctx, mailboxId, "after 410");
    await waitFor(async () => (await stored(fresh.internetMessageId)) === 1, 10_000, "the new message");
    await rt.settle();
    const after = await storedCount();
    expect(after.n).toBe(before.n + 1);
    expect(after.distinct).toBe(after.n);
  });

  it("429 with Retry-After surfaces as ProviderRateLimitError with the delay", async () => {
    await graph.deliver(shop, customerEmail({ from: "busy@example.com", subject: "Busy", text: "Hello?" }));
    graph.fault({ method: "GET", path: /\/delta$/ }, { kind: "rateLimited", retryAfterSeconds: 7 });
    const error = await syncMailbox(rt.ctx, mailboxId).then(
      () => null,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(ProviderRateLimitError);
    expect((error as ProviderRateLimitError).retryAfterMs).toBe(7_000);
    // The mailbox waits out the Retry-After: a sync now is refused without calling Graph.
    const requests = graph.requests.length;
    const held = await syncMailbox(rt.ctx, mailboxId).catch((failure: unknown) => failure);
    expect(held).toBeInstanceOf(MailboxThrottledError);
    expect((held as MailboxThrottledError).until.getTime() - Date.now()).toBeGreaterThan(5_000);
    expect(graph.requests.length).toBe(requests);
    // Seven seconds later (skipped here), the lease was let go: the next sync goes through.
    await rt.ctx.db.update(mailboxes).set({ throttledUntil: null }).where(eq(mailboxes.id, mailboxId));
    forgetMailbox(rt.ctx, mailboxId);
    expect((await syncMailbox(rt.ctx, mailboxId)).busy).toBe(false);
  });

  it("refuses to connect with credentials Microsoft rejects, or without one tenant, storing nothing", async () => {
    const connect = (body: Record<string, string>) =>
      api("/api/mailboxes/outlook/app", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ address: "other@lumenandloom.example", displayName: "Other", ...body }),
      });
    const wrongSecret = await connect({ clientId: app.clientId, clientSecret: "not-the-secret" });
    expect(wrongSecret.status).toBe(422);
    expect(((await wrongSecret.json()) as { message: string }).message).toMatch(/refused access/);
    const anyTenant = await connect({ tenantId: "organizations" });
    expect(anyTenant.status).toBe(422);
    const halfAnApp = await connect({ clientId: app.clientId });
    expect(halfAnApp.status).toBe(400);
    const rows = await rt.ctx.db
      .select()
      .from(mailboxes)
      .where(eq(mailboxes.address, "other@lumenandloom.example"));
    expect(rows).toEqual([]);
  });

  it("stopping push deletes the Graph subscription; ensuring it again subscribes anew", async () => {
    const before = (await channel())?.externalId;
    expect(await stopOutlookSubscription(rt.ctx, mailboxId)).toBe(true);
    expect(graph.subscriptions(shop)).toEqual([]);
    expect(await channel()).toBeUndefined();
    const again = await ensureOutlookSubscription(rt.ctx, mailboxId);
    expect(again.action).toBe("created");
    expect(graph.subscriptions(shop).map((s) => s.id)).toEqual([(await channel())?.externalId]);
    expect((await channel())?.externalId).not.toBe(before);
  });

  describe("delegated access (authorization code + PKCE)", () => {
    let ownerMailboxId: string;

    async function consent(options: { cookie?: boolean; address?: string } = {}) {
      const started = await api(
        `/api/mailboxes/outlook/authorize?address=${encodeURIComponent(options.address ?? owner)}`,
      );
      expect(started.status).toBe(302);
      const consentUrl = new URL(started.headers.get("location") ?? "");
      const cookie = started.headers.get("set-cookie")?.split(";")[0] ?? "";
      const redirectUri = consentUrl.searchParams.get("redirect_uri") ?? "";
      const code = graph.authorizationCode(options.address ?? owner, {
        clientId: app.clientId,
        redirectUri,
        scope: `${DELEGATED_SCOPE} openid profile offline_access`,
      });
      const state = consentUrl.searchParams.get("state") ?? "";
      const back = await api(
        `/api/mailboxes/outlook/callback?code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}`,
        {
          headers: options.cookie === false ? {} : { cookie },
        },
      );
      expect(back.status).toBe(302);
      return { consentUrl, location: new URL(back.headers.get("location") ?? "", rt.url ?? "") };
    }

    it("sends the admin to Microsoft with PKCE and least-privilege scopes, and connects on the way back", async () => {
      const { consentUrl, location } = await consent();
      expect(consentUrl.origin).toBe("https://login.microsoftonline.com");
      expect(consentUrl.pathname).toBe(`/${graph.tenantId}/oauth2/v2.0/authorize`);
      expect(consentUrl.searchParams.get("code_challenge_method")).toBe("S256");
      expect(consentUrl.searchParams.get("redirect_uri")).toBe(`${rt.url}/api/mailboxes/outlook/callback`);
      const scopes = consentUrl.searchParams.get("scope")?.split(" ") ?? [];
      expect(scopes).toEqual(
        expect.arrayContaining([
          "https://graph.microsoft.com/Mail.ReadWrite",
          "https://graph.microsoft.com/Mail.Send",
          "offline_access",
        ]),
      );
      expect(scopes.some((scope) => /Mail\.Read\b|\.default|Shared|User\./.test(scope))).toBe(false);
      expect(location.pathname).toBe("/mailboxes");
      ownerMailboxId = location.searchParams.get("connected") ?? "";
      expect(ownerMailboxId).toMatch(/^[0-9a-f-]{36}$/);
      expect(graph.subscriptions(owner)).toHaveLength(1);
      const note = await graph.deliver(
        owner,
        customerEmail({ from: "a@example.com", subject: "Hi owner", text: "Hi" }),
      );
      await graph.notifyChange(owner, note.id);
      await waitFor(async () => (await stored(note.internetMessageId)) === 1, 10_000, "the owner's message");
    });

    it("an access token refreshed from the grant is sealed back, never stored in the clear", async () => {
      const sealed = async () =>
        (await rt.ctx.db.select().from(mailboxes).where(eq(mailboxes.id, ownerMailboxId)))[0]?.credentials;
      const before = await sealed();
      graph.expireAccessTokens(owner);
      const note = await graph.deliver(
        owner,
        customerEmail({ from: "c@example.com", subject: "Again", text: "Hi" }),
      );
      await enqueueSync(rt.ctx, ownerMailboxId, "test");
      await waitFor(async () => (await stored(note.internetMessageId)) === 1, 10_000, "the message");
      await waitFor(async () => (await sealed()) !== before, 5_000, "the grant re-sealed");
      const after = await sealed();
      expect(after).toMatch(/^v1\./);
      expect(after).not.toBe(before);
      const grant = JSON.parse(rt.ctx.secrets.open(after ?? "", ownerMailboxId)) as {
        accessToken?: { token: string };
        refreshToken: string;
      };
      expect(after).not.toContain(grant.refreshToken);
      expect(
        graph.requests.some((r) => r.headers?.authorization === `Bearer ${grant.accessToken?.token}`),
      ).toBe(true);
    });

    it("refuses a callback without the browser's cookie, or with a state that is not ours", async () => {
      const { location } = await consent({ cookie: false });
      expect(location.searchParams.get("error")).toMatch(/another browser/);
      const forged = await api("/api/mailboxes/outlook/callback?code=abc&state=v1.forged.state");
      expect(new URL(forged.headers.get("location") ?? "", rt.url ?? "").searchParams.get("error")).toMatch(
        /not ours/,
      );
      const declined = await api(
        "/api/mailboxes/outlook/callback?error=access_denied&error_description=The+user+declined",
      );
      expect(new URL(declined.headers.get("location") ?? "", rt.url ?? "").searchParams.get("error")).toMatch(
        /declined/,
      );
    });

    it("a revoked grant marks the mailbox 'needs reconnect' and its jobs stop", async () => {
      graph.revokeUser(owner);
      graph.expireAccessTokens(owner);
      await enqueueSync(rt.ctx, ownerMailboxId, "after revocation");
      await waitFor(
        async () => {
          const [row] = await rt.ctx.db.select().from(mailboxes).where(eq(mailboxes.id, ownerMailboxId));
          return row?.status === "needs_reconnect";
        },
        10_000,
        "needs_reconnect",
      );
      await rt.settle();
      const failed = await rt.ctx.queue.failed("mail-sync");
      expect(
        failed.filter((job) => (job.payload as { mailboxId?: string }).mailboxId === ownerMailboxId),
      ).toHaveLength(1);
      // Notifications for it are taken but start nothing; a sync asked for anyway does nothing.
      const late = await graph.deliver(
        owner,
        customerEmail({ from: "b@example.com", subject: "Late", text: "Late" }),
      );
      await graph.notifyChange(owner, late.id);
      expect((await syncMailbox(rt.ctx, ownerMailboxId)).stored).toBe(0);
      await rt.settle();
      expect(await stored(late.internetMessageId)).toBe(0);
      expect((await rt.ctx.queue.failed("mail-sync")).length).toBe(failed.length);
    });
  });
});
