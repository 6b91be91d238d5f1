import { and, eq } from "drizzle-orm";
import PostalMime from "postal-mime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, conversations, reviewItems } from "../../db/schema/index.ts";
import { SandboxMailbox } from "../../integrations/mail/sandbox/provider.ts";
import type { MailboxListResponse, ReviewItemDetail } from "../../server/api/types.ts";
import { type SignedInClient, signedInClient } from "../helpers/auth.ts";
import { customerEmail, mintOrder } from "../helpers/factories.ts";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.ts";

describe("replies as a mail client: signature, copies, quoted history, forward", () => {
  let rt: TestRuntime;
  let agent: SignedInClient;
  let manager: SignedInClient;

  beforeAll(async () => {
    rt = await createTestRuntime({ database: "pglite", queue: "in-process" });
    agent = await signedInClient(rt, "agent");
    manager = await signedInClient(rt, "manager");
  });
  afterAll(() => rt.dispose());

  /** A late order's question from a named customer, left for review. */
  async function openItem(subject: string) {
    const order = await mintOrder(rt.ctx.db, { now: new Date(), standing: "late", name: "Emma Carter" });
    const raw = customerEmail({ from: order.email, subject, text: `Where is my order ${order.number}?` });
    await manager.post("/api/sandbox/messages", { raw });
    await rt.settle();
    const [item] = await rt.ctx.db
      .select({ id: reviewItems.id, conversationId: reviewItems.conversationId })
      .from(reviewItems)
      .innerJoin(conversations, eq(conversations.id, reviewItems.conversationId))
      .where(and(eq(reviewItems.status, "open"), eq(conversations.subject, subject)));
    if (!item) throw new Error(`no open item for ${subject}`);
    return { ...item, order };
  }

  async function lastSent() {
    const sent = await new SandboxMailbox(rt.ctx.db, rt.mailboxId).sent();
    const last = sent.at(-1);
    if (!last) throw new Error("nothing sent");
    return { raw: last.raw.toString("utf8"), parsed: await PostalMime.parse(last.raw) };
  }

  it("a manager sets the mailbox's signature; its HTML is cleaned when saved", async () => {
    const res = await manager.put(`/api/mailboxes/${rt.mailboxId}/signature`, {
      text: "Lumen & Loom support\nhttps://lumenandloom.example",
      html: '<p onclick="x()">Lumen &amp; Loom <b>support</b></p><script>alert(1)</script><img src="http://logo.example/l.png">',
    });
    expect(res.status).toBe(200);
    const listed = (await (await manager.get("/api/mailboxes")).json()) as MailboxListResponse;
    const mine = listed.mailboxes.find((m) => m.id === rt.mailboxId);
    expect(mine?.signature).toEqual({
      text: "Lumen & Loom support\nhttps://lumenandloom.example",
      html: "<p>Lumen &amp; Loom <b>support</b></p>",
    });
    const [audit] = await rt.ctx.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "mailbox.signature_changed"));
    expect(audit).toMatchObject({ actor: manager.user.id, subjectId: rt.mailboxId });
    // Agents answer mail; the signature is the brand's.
    expect((await agent.put(`/api/mailboxes/${rt.mailboxId}/signature`, { text: "x" })).status).toBe(403);
  });

  it("an approved reply carries the signature, Cc and Bcc, and quotes the customer below it", async () => {
    const { id, order } = await openItem("Where is it now?");
    const res = await agent.post(`/api/review/${id}/approve`, {
      body: "Hi Emma,\n\nIt is with the carrier; we are chasing it.",
      cc: ["Partner@Customer.example"],
      bcc: ["audit@lumenandloom.example"],
    });
    expect(res.status).toBe(202);
    await rt.settle();

    const { raw, parsed } = await lastSent();
    expect(parsed.to?.map((a) => a.address)).toEqual([order.email]);
    expect(parsed.cc?.map((a) => a.address)).toEqual(["partner@customer.example"]);
    expect(parsed.bcc?.map((a) => a.address)).toEqual(["audit@lumenandloom.example"]);
    expect(parsed.text).toMatch(
      /we are chasing it\.\n\n-- \nLumen & Loom support\nhttps:\/\/lumenandloom\.example\n\nOn .+ UTC, Customer <.+> wrote:\n> Where is my order /,
    );
    expect(parsed.html).toContain("<p>Lumen &amp; Loom <b>support</b></p>");
    expect(parsed.html).toMatch(/<blockquote type="cite"[^>]*><p>Where is my order /);
    expect(raw).toMatch(/multipart\/alternative/);

    // The thread shows what was written and who was copied, not the quote again.
    const detail = (await (await agent.get(`/api/review/${id}`)).json()) as ReviewItemDetail;
    const outbound = detail.messages.find((m) => m.direction === "outbound");
    expect(outbound?.cc).toEqual(["partner@customer.example"]);
    expect(outbound?.bcc).toEqual(["audit@lumenandloom.example"]);
    expect(outbound?.text).toContain("Lumen & Loom support");
    expect(outbound?.text).not.toContain("wrote:");
  });

  it("refuses a copy that is not an address", async () => {
    const { id } = await openItem("Bad copy");
    const res = await agent.post(`/api/review/${id}/approve`, { cc: ["not an address"] });
    expect(res.status).toBe(400);
  });

  it("forwards the customer's message with a note, and the item stays open", async () => {
    const { id, order, conversationId } = await openItem("Parcel damaged?");
    const res = await agent.post(`/api/review/${id}/forward`, {
      to: ["warehouse@lumenandloom.example"],
      note: "Could you check what left the warehouse for this order?",
    });
    expect(res.status).toBe(202);
    await rt.settle();

    const { parsed } = await lastSent();
    expect(parsed.to?.map((a) => a.address)).toEqual(["warehouse@lumenandloom.example"]);
    expect(parsed.subject).toBe("Fwd: Parcel damaged?");
    expect(parsed.inReplyTo).toBeUndefined();
    expect(parsed.text).toMatch(
      /^Could you check what left the warehouse for this order\?\n\n-- \nLumen & Loom support/,
    );
    expect(parsed.text).toContain("---------- Forwarded message ---------");
    expect(parsed.text).toContain(`Where is my order ${order.number}?`);

    const detail = (await (await agent.get(`/api/review/${id}`)).json()) as ReviewItemDetail;
    expect(detail.item.status).toBe("open");
    const forwarded = detail.messages.find((m) => m.direction === "outbound");
    expect(forwarded?.to).toEqual(["warehouse@lumenandloom.example"]);
    const [conversation] = await rt.ctx.db
      .select({ status: conversations.status })
      .from(conversations)
      .where(eq(conversations.id, conversationId));
    expect(conversation?.status).not.toBe("answered");
    const [audit] = await rt.ctx.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "review.forwarded"));
    expect(audit?.data).toMatchObject({ to: ["warehouse@lumenandloom.example"] });
  });

  it("a forward needs somewhere to go and a note", async () => {
    const { id } = await openItem("Forward nowhere");
    expect((await agent.post(`/api/review/${id}/forward`, { to: [], note: "x" })).status).toBe(400);
    expect(
      (await agent.post(`/api/review/${id}/forward`, { to: ["w@shop.example"], note: " " })).status,
    ).toBe(400);
  });
});
