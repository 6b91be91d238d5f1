import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintUser, type TestUser } from "../helpers/auth.ts";
import { launchChromium, serveRuntime, signInThroughUi } from "../helpers/browser.ts";
import { mintReviewItems } from "../helpers/review.ts";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.ts";

describe("a long review queue in Chromium", () => {
  let rt: TestRuntime;
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveRuntime>>;
  let agent: TestUser;

  beforeAll(async () => {
    rt = await createTestRuntime({ database: "pglite", queue: "in-process", workers: false });
    agent = await mintUser(rt.ctx.db, "agent");
    await mintReviewItems(rt.ctx.db, { mailboxId: rt.mailboxId, count: 64 });
    server = await serveRuntime(rt);
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rt?.dispose();
  });

  it("shows the first page of 50 (a screenful first, then the rest), and more on request", async () => {
    const page = await browser.newPage();
    await signInThroughUi(page, server.url, agent);
    await page.goto(server.url);
    const rows = page.getByTestId("review-row");
    await expect.poll(() => rows.count()).toBe(50);
    await expect.poll(() => page.getByTestId("queue-count").textContent()).toBe("64");
    await page.getByRole("button", { name: "Show more" }).click();
    await expect.poll(() => rows.count()).toBe(64);
    await expect(page.getByRole("button", { name: "Show more" }).count()).resolves.toBe(0);
    await page.close();
  });
});
