import { createRequire } from "node:module";
import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sends } from "../../db/schema/index.ts";
import { mintUser, type TestUser } from "../helpers/auth.ts";
import { launchChromium, serveRuntime, signInThroughUi } from "../helpers/browser.ts";
import { type MintedReviewItem, mintReviewItems } from "../helpers/review.ts";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.ts";

const axeSource = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: () => Promise<{
            violations: {
              id: string;
              impact: string | null;
              nodes: { target: unknown; failureSummary?: string }[];
            }[];
          }>;
        };
      }
    ).axe;
    return (await axe.run()).violations;
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${JSON.stringify(v.nodes.map((n) => [n.target, n.failureSummary]).slice(0, 2))}`,
    );
}

describe("the review queue in Chromium", () => {
  let rt: TestRuntime;
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveRuntime>>;
  let alex: TestUser;
  let bea: TestUser;
  let minted: MintedReviewItem[];

  beforeAll(async () => {
    rt = await createTestRuntime({ database: "pglite", queue: "in-process" });
    alex = await mintUser(rt.ctx.db, "agent", { name: "Alex Agent" });
    bea = await mintUser(rt.ctx.db, "agent", { name: "Bea Agent" });
    minted = await mintReviewItems(rt.ctx.db, { mailboxId: rt.mailboxId, count: 12 });
    server = await serveRuntime(rt);
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rt?.dispose();
  });

  it("an agent works the queue by keyboard: j/k, Enter, a, u, ?, /", async () => {
    const page = await browser.newPage();
    await signInThroughUi(page, server.url, alex);
    await page.goto(server.url);
    const rows = page.getByTestId("review-row");
    await expect.poll(() => rows.count()).toBe(12);
    await page.keyboard.press("j");
    await page.keyboard.press("j");
    await page.keyboard.press("k");
    expect(await rows.nth(1).getAttribute("aria-selected")).toBe("true");
    const subject = await rows.nth(1).locator("a").textContent();
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/review\//);
    await expect.poll(() => page.getByRole("heading", { level: 2 }).first().textContent()).toBe(subject);
    await page.keyboard.press("a");
    await expect
      .poll(() => page.getByTestId("item-status").textContent(), { timeout: 10_000 })
      .toBe("approved");
    await page.keyboard.press("u");
    await expect.poll(() => rows.count()).toBe(11);
    await page.keyboard.press("Shift+?");
    await page.getByText("Keyboard shortcuts").waitFor();
    await page.keyboard.press("Escape");
    await page.keyboard.press("/");
    const target = minted[5] as MintedReviewItem;
    await page.keyboard.type(target.orderNumber);
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain(target.subject);
    await page.close();
  });

  it("asks for the queue's first page while the session is still being checked", async () => {
    const page = await browser.newPage();
    await signInThroughUi(page, server.url, alex);
    await page.goto(server.url);
    await page.getByTestId("review-row").first().waitFor();
    const firstStart = (path: string) =>
      page.evaluate(
        (wanted) =>
          Math.min(
            ...performance
              .getEntriesByType("resource")
              .filter((e) => new URL(e.name).pathname === wanted)
              .map((e) => e.startTime),
          ),
        path,
      );
    const review = await firstStart("/api/review");
    const me = await firstStart("/api/auth/me");
    expect(Number.isFinite(review) && Number.isFinite(me)).toBe(true);
    expect(review).toBeLessThanOrEqual(me);
    await page.close();
  });

  it("two agents on the same item see each other, and racing to approve sends exactly once", async () => {
    const item = minted[8] as MintedReviewItem;
    const contexts = await Promise.all([browser.newContext(), browser.newContext()]);
    const pages = await Promise.all(contexts.map((c) => c.newPage()));
    const [a, b] = pages as [Page, Page];
    await signInThroughUi(a, server.url, alex);
    await signInThroughUi(b, server.url, bea);
    await Promise.all(pages.map((p) => p.goto(`${server.url}/review/${item.id}`)));
    await expect
      .poll(() => a.getByTestId("presence").textContent(), { timeout: 10_000 })
      .toContain("Bea Agent");
    await expect
      .poll(() => b.getByTestId("presence").textContent(), { timeout: 10_000 })
      .toContain("Alex Agent");
    await Promise.all(pages.map((p) => p.getByTestId("approve").click()));
    await expect
      .poll(async () =>
        (await Promise.all(pages.map((p) => p.getByText(/already approved/).count()))).reduce(
          (x, y) => x + y,
        ),
      )
      .toBe(1);
    const rows = await rt.ctx.db.select().from(sends).where(eq(sends.conversationId, item.conversationId));
    expect(rows).toHaveLength(1);
    await Promise.all(contexts.map((c) => c.close()));
  });

  it("queue and item pages have no serious or critical accessibility violations (axe-core)", async () => {
    const page = await browser.newPage();
    await signInThroughUi(page, server.url, alex);
    await page.goto(server.url);
    await page.getByTestId("review-row").first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto(`${server.url}/review/${minted[10]?.id}`);
    await page.getByTestId("draft-editor").waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });
});
