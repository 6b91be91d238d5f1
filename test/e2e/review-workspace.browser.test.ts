import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conversations, reviewItems } from "../../db/schema/index.ts";
import { receiveSandboxMessage } from "../../server/domain/mail/receive-sandbox-message.ts";
import { mintUser, type TestUser } from "../helpers/auth.ts";
import { launchChromium, serveRuntime, signInThroughUi } from "../helpers/browser.ts";
import { customerEmail, mintOrder } from "../helpers/factories.ts";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.ts";

describe("the review item workspace in Chromium", () => {
  let rt: TestRuntime;
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveRuntime>>;
  let page: Page;
  let agent: TestUser;
  let manager: TestUser;

  beforeAll(async () => {
    rt = await createTestRuntime({ database: "pglite", queue: "in-process" });
    agent = await mintUser(rt.ctx.db, "agent", { name: "Wren Workspace" });
    manager = await mintUser(rt.ctx.db, "manager", { name: "Mika Manager" });
    server = await serveRuntime(rt);
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rt?.dispose();
  });

  /** A late order's question from a new customer, waiting for review; opens its item page. */
  async function openLateItem(subject: string, viewport?: { width: number; height: number }) {
    const order = await mintOrder(rt.ctx.db, { now: new Date(), standing: "late", name: "Ioana Rusu" });
    await receiveSandboxMessage(rt.ctx, rt.mailboxId, {
      raw: customerEmail({ from: order.email, subject, text: `Where is my order ${order.number}?` }),
    });
    await rt.settle();
    page = await browser.newPage(viewport ? { viewport } : {});
    await signInThroughUi(page, server.url, agent);
    await page.goto(server.url);
    await page.getByTestId("review-row").filter({ hasText: subject }).first().click();
    await expect.poll(() => page.getByTestId("draft-editor").inputValue()).toContain(order.number);
    return order;
  }

  it("regenerates the reply with a quick ask, and the new version lands in the editor", async () => {
    const order = await openLateItem("Regenerate me");
    const editor = page.getByTestId("draft-editor");
    const before = await editor.inputValue();
    expect(before).not.toMatch(/replacement/);
    // A Cc typed before regenerating is still there after.
    await page.getByTestId("show-copies").click();
    await page.getByTestId("reply-cc").fill("partner@customer.example");

    await page.getByTestId("redraft").click();
    await page.getByText("Offer a replacement").click();
    await page.getByTestId("redraft-submit").click();

    await expect.poll(() => editor.inputValue(), { timeout: 15_000 }).toMatch(/replacement/);
    expect(await editor.inputValue()).toContain(order.number);
    expect(await page.getByText("Regenerated — the new version is in the reply box.").count()).toBe(1);
    expect(await page.getByRole("button", { name: "Approve & send" }).isVisible()).toBe(true);
    expect(await page.getByTestId("reply-cc").inputValue()).toBe("partner@customer.example");
  });

  it("forwards the message to the warehouse with a note, then approves the reply with a Cc", async () => {
    await openLateItem("Copy and forward");
    await page.getByTestId("forward").click();
    await page.getByTestId("forward-to").fill("warehouse@lumenandloom.example");
    await page.getByTestId("forward-note").fill("Please check this parcel left the building.");
    await page.getByTestId("forward-send").click();
    const outbound = page.locator('[data-testid="message"][data-direction="outbound"]');
    await expect
      .poll(() => outbound.filter({ hasText: "warehouse@lumenandloom.example" }).count(), { timeout: 15_000 })
      .toBe(1);
    expect(await page.getByTestId("item-status").textContent()).toBe("open");

    await page.getByTestId("show-copies").click();
    await page.getByTestId("reply-cc").fill("partner@customer.example");
    await page.getByTestId("approve").click();
    await expect
      .poll(() => outbound.filter({ hasText: "cc partner@customer.example" }).count(), { timeout: 15_000 })
      .toBe(1);
  });

  it("a manager sets a mailbox's signature on the Mailboxes page, without the admin's controls", async () => {
    page = await browser.newPage();
    await signInThroughUi(page, server.url, manager);
    await page.goto(`${server.url}/mailboxes`);
    const editor = page.getByTestId("signature-editor").first();
    await editor.getByTestId("signature-text").fill("The Lumen & Loom team\nlumenandloom.example");
    await editor
      .getByTestId("signature-html")
      .fill('<p onclick="x()"><b>Lumen &amp; Loom</b></p><script>1</script>');
    await editor.getByTestId("signature-save").click();
    await expect.poll(() => editor.getByRole("status").textContent()).toContain("Saved");
    expect(await editor.getByTestId("signature-html").inputValue()).toBe("<p><b>Lumen &amp; Loom</b></p>");
    expect(await page.getByRole("button", { name: "Pause" }).count()).toBe(0);
    expect(await page.getByText("Connect a mailbox").count()).toBe(0);
  });

  it("on a 390×844 phone, an agent opens an item and approves it, with nothing wider than the screen", async () => {
    const order = await mintOrder(rt.ctx.db, { now: new Date(), standing: "late", name: "Ioana Rusu" });
    await receiveSandboxMessage(rt.ctx, rt.mailboxId, {
      raw: customerEmail({
        from: order.email,
        subject: "On my phone",
        // A long unbroken token, as tracking links and pasted order lines are.
        text: `Where is my order ${order.number}? https://tracking.example/${"x".repeat(120)}`,
      }),
    });
    await rt.settle();
    const [item] = await rt.ctx.db
      .select({ id: reviewItems.id })
      .from(reviewItems)
      .innerJoin(conversations, eq(conversations.id, reviewItems.conversationId))
      .where(eq(conversations.subject, "On my phone"));
    page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await signInThroughUi(page, server.url, agent);
    await page.goto(`${server.url}/review/${item?.id}`);
    await expect.poll(() => page.getByTestId("draft-editor").inputValue()).toContain(order.number);

    const overflow = () =>
      page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        // Past the screen's edge, or cut off inside a box that does not scroll (a card clips its content).
        const spills = (element: HTMLElement) => {
          const { overflowX } = getComputedStyle(element);
          return (
            element.scrollWidth > element.clientWidth + 1 && overflowX !== "auto" && overflowX !== "scroll"
          );
        };
        const wide = [...document.querySelectorAll<HTMLElement>("body *")]
          .filter((element) => element.getBoundingClientRect().right > width + 1 || spills(element))
          .map((element) => `${element.tagName.toLowerCase()}.${element.className}`.slice(0, 80));
        return { scrollWidth: document.documentElement.scrollWidth, width, wide: wide.slice(0, 5) };
      });
    const before = await overflow();
    expect(before.wide).toEqual([]);
    expect(before.scrollWidth).toBeLessThanOrEqual(before.width);

    const approve = page.getByTestId("approve");
    await approve.scrollIntoViewIfNeeded();
    const box = await approve.boundingBox();
    expect(box?.x).toBeGreaterThanOrEqual(0);
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(390);
    await approve.tap();
    await expect
      .poll(() => page.getByTestId("item-status").textContent(), { timeout: 15_000 })
      .toBe("approved");
    const after = await overflow();
    expect(after.wide).toEqual([]);
  });
});
