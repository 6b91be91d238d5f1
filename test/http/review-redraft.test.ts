import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnthropicModel } from "../../agent/model/anthropic/index.ts";
import { auditEvents, drafts, reviewItems } from "../../db/schema/index.ts";
import type { RedraftResponse, ReviewItemDetail } from "../../server/api/types.ts";
import { receiveSandboxMessage } from "../../server/domain/mail/receive-sandbox-message.ts";
import { between, competentModel, userText } from "../agent/competent-model.ts";
import { type AnthropicEmulator, reply, startAnthropicEmulator } from "../emulators/anthropic/index.ts";
import { type SignedInClient, signedInClient } from "../helpers/auth.ts";
import { customerEmail, mintOrder } from "../helpers/factories.ts";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.ts";

/** A late order's question, left for review; the open item's id. */
async function openItemFor(rt: TestRuntime, subject: string, text: (orderNumber: string) => string) {
  const order = await mintOrder(rt.ctx.db, { now: new Date(), standing: "late", name: "Andreea Popescu" });
  await receiveSandboxMessage(rt.ctx, rt.mailboxId, {
    raw: customerEmail({ from: order.email, subject, text: text(order.number) }),
  });
  await rt.settle();
  const [item] = await rt.ctx.db
    .select({ id: reviewItems.id, draftId: reviewItems.draftId })
    .from(reviewItems)
    .innerJoin(drafts, eq(drafts.id, reviewItems.draftId))
    .where(and(eq(reviewItems.status, "open"), eq(drafts.subject, `Re: ${subject}`)));
  if (!item?.draftId) throw new Error("no open item with a draft");
  return { itemId: item.id, draftId: item.draftId, order };
}

describe("regenerating a reply with the local engine", () => {
  let rt: TestRuntime;
  let agent: SignedInClient;

  beforeAll(async () => {
    rt = await createTestRuntime({ database: "pglite", queue: "in-process" });
    agent = await signedInClient(rt, "agent");
  });
  afterAll(() => rt.dispose());

  it("rewrites the draft as asked, keeps the generated one, and the approval's before/after shows both", async () => {
    const { itemId, draftId } = await openItemFor(rt, "Unde este comanda?", (n) => `Unde este comanda ${n}?`);
    const [generated] = await rt.ctx.db.select().from(drafts).where(eq(drafts.id, draftId));

    const res = await agent.post(`/api/review/${itemId}/redraft`, {
      presets: ["offer_replacement", "more_formal"],
    });
    expect(res.status).toBe(200);
    const { draft } = (await res.json()) as RedraftResponse;
    expect(draft.body).toContain("produs nou în locul");
    expect(draft.body).toContain("Cu stimă");
    expect(draft.body).not.toBe(generated?.body);
    expect(draft.checks.every((c) => c.passed)).toBe(true);

    const [stored] = await rt.ctx.db.select().from(drafts).where(eq(drafts.id, draftId));
    expect(stored?.originalBody).toBe(generated?.originalBody);
    const [redrafted] = await rt.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "review.redrafted"), eq(auditEvents.subjectId, itemId)));
    expect(redrafted).toMatchObject({ actorType: "user", actor: agent.user.id });
    expect(redrafted?.data).toMatchObject({
      presets: ["offer_replacement", "more_formal"],
      before: generated?.body,
      after: draft.body,
    });

    // What the item page shows is the new version.
    const detail = (await (await agent.request(`/api/review/${itemId}`)).json()) as ReviewItemDetail;
    expect(detail.draft?.body).toBe(draft.body);

    const approved = await agent.post(`/api/review/${itemId}/approve`, { body: `${draft.body}\n\nP.S.` });
    expect(approved.status).toBe(202);
    const [edit] = await rt.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "review.edited_and_approved"), eq(auditEvents.subjectId, itemId)));
    expect(edit?.data).toEqual({
      original: generated?.originalBody,
      before: draft.body,
      after: `${draft.body}\n\nP.S.`,
    });
  });

  it("reads the quick asks out of the person's own words", async () => {
    const { itemId } = await openItemFor(rt, "Where is it", (n) => `Where is my order ${n}? It is late.`);
    const res = await agent.post(`/api/review/${itemId}/redraft`, {
      instruction: "Please make it shorter and offer a replacement",
    });
    expect(res.status).toBe(200);
    const { draft } = (await res.json()) as RedraftResponse;
    expect(draft.body).toMatch(/replacement/);

    // Approved as regenerated: the record still shows what the model first wrote.
    expect((await agent.post(`/api/review/${itemId}/approve`, {})).status).toBe(202);
    const [approved] = await rt.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "review.approved"), eq(auditEvents.subjectId, itemId)));
    expect(approved?.data).toMatchObject({ before: draft.body, after: draft.body });
    const original = (approved?.data as { original?: string } | undefined)?.original;
    expect(original).toContain("LL-");
    expect(original).not.toMatch(/replacement/);
  });

  it("refuses an empty ask (400) and a resolved item (409)", async () => {
    const { itemId } = await openItemFor(rt, "Still waiting", (n) => `Order ${n} has not arrived.`);
    const empty = await agent.post(`/api/review/${itemId}/redraft`, { presets: [] });
    expect(empty.status).toBe(400);
    const unknown = await agent.post(`/api/review/${itemId}/redraft`, { presets: ["louder"] });
    expect(unknown.status).toBe(400);
    expect((await agent.post(`/api/review/${itemId}/close`, {})).status).toBeLessThan(300);
    const closed = await agent.post(`/api/review/${itemId}/redraft`, { presets: ["shorter"] });
    expect(closed.status).toBe(409);
  });
});

describe("regenerating a reply with Claude", () => {
  let emulator: AnthropicEmulator;
  let rt: TestRuntime;
  let agent: SignedInClient;

  beforeAll(async () => {
    emulator = await startAnthropicEmulator();
    const model = new AnthropicModel({
      apiKey: "test",
      baseURL: emulator.url,
      maxRetries: 0,
      timeoutMs: 5_000,
    });
    rt = await createTestRuntime({ database: "pglite", queue: "in-process", model });
    agent = await signedInClient(rt, "agent");
  });
  afterAll(async () => {
    await rt.dispose();
    await emulator.close();
  });

  it("sends the instruction and the current reply in the prompt, and stores the new version", async () => {
    emulator.respondWith(competentModel());
    const { itemId, draftId } = await openItemFor(rt, "Late parcel", (n) => `Where is my order ${n}?`);
    const [current] = await rt.ctx.db.select().from(drafts).where(eq(drafts.id, draftId));
    emulator.reset();
    emulator.script(
      reply.toolUse("write_reply", {
        language: "en",
        body: "Dear Andreea,\n\nSorry — it is late.\n\nThe team",
      }),
    );

    const res = await agent.post(`/api/review/${itemId}/redraft`, {
      presets: ["apologise"],
      instruction: "mention that the warehouse closes at 5",
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as RedraftResponse).draft.body).toContain("Sorry — it is late.");
    const request = emulator.requests.at(-1)?.body as Parameters<typeof userText>[0];
    const task = JSON.parse(between(userText(request), "reply_task")) as {
      revision: { asked: string[]; previousReply: string };
    };
    expect(task.revision.asked).toEqual([
      "apologise to the customer",
      "mention that the warehouse closes at 5",
    ]);
    expect(task.revision.previousReply).toBe(current?.body);
  });

  it("answers 503 and keeps the draft when the model cannot answer", async () => {
    emulator.respondWith(competentModel());
    const { itemId, draftId } = await openItemFor(rt, "Late again", (n) => `Where is my order ${n}?`);
    const [before] = await rt.ctx.db.select().from(drafts).where(eq(drafts.id, draftId));
    emulator.reset();
    emulator.script(reply.overloaded(), reply.overloaded());
    const res = await agent.post(`/api/review/${itemId}/redraft`, { presets: ["shorter"] });
    expect(res.status).toBe(503);
    const [after] = await rt.ctx.db.select().from(drafts).where(eq(drafts.id, draftId));
    expect(after?.body).toBe(before?.body);
  });
});
