import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mailboxes, messages } from "../../db/schema/index.ts";
import { connectGmailMailbox } from "../../server/domain/mail/connect-gmail-mailbox.ts";
import { enqueueSync } from "../../server/jobs/enqueue.ts";
import { type GmailEmulator, startGmailEmulator } from "../emulators/gmail/index.ts";
import { customerEmail, mintOrder } from "../helpers/factories.ts";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.ts";
import { waitFor } from "../helpers/wait.ts";

const shop = "support@lumenandloom.example";
const client = { clientId: "mailroom-client", clientSecret: "mailroom-secret" };

describe("a Gmail inbox end to end (Postgres + BullMQ, emulated Gmail API)", () => {
  let gmail: GmailEmulator;
  let rt: TestRuntime;
  let mailboxId: string;
  let refreshToken: string;

  beforeAll(async () => {
    gmail = await startGmailEmulator({ clients: [client] });
    rt = await createTestRuntime({
      database: "postgres",
      queue: "bullmq",
      env: { GMAIL_API_ROOT: `${gmail.url}/` },
    });
    refreshToken = gmail.issueTokens(shop).refresh_token;
    ({ mailboxId } = await connectGmailMailbox(
      { ctx: rt.ctx, actor: { type: "system", name: "test" } },
      {
        address: shop,
        displayName: "Lumen & Loom support",
        credentials: {
          kind: "oauth",
          ...client,
          refreshToken,
          tokenEndpoint: gmail.oauthEndpoints.oauth2TokenUrl,
        },
      },
    ));
  });
  afterAll(async () => {
    await rt.dispose();
    await gmail.close();
  });

  it("stores the grant sealed, never in the clear", async () => {
    const [row] = await rt.ctx.db.select().from(mailboxes).where(eq(mailboxes.id, mailboxId));
    expect(row?.credentials).toMatch(/^v1\./);
    expect(row?.credentials).not.toContain(refreshToken);
  });

  it("answers an on-time order question in the customer's Gmail thread, once", async () => {
    const order = await mintOrder(rt.ctx.db, { now: new Date(), standing: "on_time" });
    const question = `<wismo-${order.number}@mail.example.com>`;
    gmail.deliver(
      shop,
      customerEmail({
        from: order.email,
        subject: "Where is my order?",
        text: `Where is ${order.number}?`,
        messageId: question,
      }),
    );
    await enqueueSync(rt.ctx, mailboxId, "test push");
    await waitFor(async () => gmail.sent(shop).length === 1);
    // A second sync (a late push) finds nothing new and sends nothing more.
    await enqueueSync(rt.ctx, mailboxId, "late push");
    await rt.settle();
    const sent = gmail.sent(shop);
    expect(sent).toHaveLength(1);
    const reply = sent[0];
    expect(reply?.header("In-Reply-To")).toBe(question);
    expect(reply?.header("Auto-Submitted")).toBe("auto-replied");
    expect(reply?.raw.toString("utf8")).toContain(order.trackingNumber);
    const inbound = gmail
      .mailbox(shop)
      .messages()
      .find((m) => m.messageId === question);
    expect(reply?.threadId).toBe(inbound?.threadId);
    const labelNames = new Map(
      gmail
        .mailbox(shop)
        .labels()
        .map((l) => [l.id, l.name]),
    );
    expect(inbound?.labelIds.map((id) => labelNames.get(id))).toContain("Mailroom/auto_replied");
  });

  it("a revoked grant marks the mailbox 'needs reconnect' and stops its sync", async () => {
    gmail.revoke(refreshToken);
    gmail.expireAccessTokens(shop);
    await enqueueSync(rt.ctx, mailboxId, "after revocation");
    await waitFor(async () => {
      const [row] = await rt.ctx.db.select().from(mailboxes).where(eq(mailboxes.id, mailboxId));
      return row?.status === "needs_reconnect";
    });
    const stored = await rt.ctx.db
      .select({ id: messages.id })
      .from(messages)
      .where(eq(messages.mailboxId, mailboxId));
    expect(stored.length).toBeGreaterThan(0);
  });
});
