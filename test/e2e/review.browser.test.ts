import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { receiveSandboxMessage } from "../../server/domain/mail/receive-sandbox-message.ts";
import { mintUser, type TestUser } from "../helpers/auth.ts";
import { launchChromium, serveRuntime, signInThroughUi } from "../helpers/browser.ts";
import { customerEmail, mintOrder } from "../helpers/factories.ts";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.ts";

describe("the review UI in Chromium", () => {
  let rt: TestRuntime;
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveRuntime>>;
  let page: Page;
  let agent: TestUser;
  let manager: TestUser;

  beforeAll(async () => {
    rt = await createTestRuntime({ database: "pglite", queue: "in-process" });
    agent = await mintUser(rt.ctx.db, "agent", { name: "Alex Agent" });
    manager = await mintUser(rt.ctx.db, "manager", { name: "Mona Manager" });
    server = await serveRuntime(rt);
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rt?.dispose();
  });

  it("an agent opens the queue, edits the draft, approves, and sees the reply sent", async () => {
    const order = await mintOrder(rt.ctx.db, { now: new Date(), standing: "late", name: "Emma Carter" });
    await receiveSandboxMessage(rt.ctx, rt.mailboxId, {
      raw: customerEmail({
        from: order.email,
        subject: "Still waiting",
        text: `Where is my order ${order.number}?`,
      }),
    });
    await rt.settle();

    page = await browser.newPage();
    await signInThroughUi(page, server.url, agent);
    await page.goto(server.url);
    await page.getByTestId("review-row").first().click();
    await expect
      .poll(() => page.getByTestId("reason").allTextContents())
      .toEqual(expect.arrayContaining([expect.stringMatching(/late: ETA .* passed/)]));
    const editor = page.getByTestId("draft-editor");
    await expect.poll(() => editor.inputValue()).toContain(order.number);
    await editor.fill("Hi Emma, sorry for the delay — your parcel is with UPS and we are chasing it today.");
    await page.getByTestId("approve").click();

    await expect
      .poll(() => page.getByTestId("item-status").textContent(), { timeout: 10_000 })
      .toBe("approved");
    const sent = page.locator('[data-testid="message"][data-direction="outbound"]');
    await expect.poll(() => sent.count(), { timeout: 15_000 }).toBe(1);
    expect(await sent.getAttribute("data-sent-by")).toBe("person");
    expect(await sent.textContent()).toContain("we are chasing it today");
  });

  it("a demo 'where is my order' for an on-time order is answered without a person", async () => {
    const order = await mintOrder(rt.ctx.db, { now: new Date(), standing: "on_time" });
    page = await browser.newPage();
    await signInThroughUi(page, server.url, manager);
    await page.goto(`${server.url}/sandbox`);
    await page.getByTestId("compose-from").fill(order.email);
    await page.getByTestId("compose-subject").fill("Where is my order?");
    await page.getByTestId("compose-text").fill(`Hello! Where is my order ${order.number}? Thank you.`);
    await page.getByTestId("compose-send").click();
    await expect
      .poll(() => page.getByTestId("compose-result").getAttribute("data-action"), { timeout: 20_000 })
      .toBe("auto_send");

    await page.goto(`${server.url}/conversations`);
    const row = page.locator('[data-testid="conversation-row"][data-action="auto_send"]', {
      hasText: order.email,
    });
    await row.first().click();
    const reply = page.locator('[data-testid="message"][data-direction="outbound"]');
    await expect.poll(() => reply.count(), { timeout: 10_000 }).toBe(1);
    expect(await reply.getAttribute("data-sent-by")).toBe("auto");
    expect(await reply.textContent()).toContain(order.trackingNumber);
  });
});
