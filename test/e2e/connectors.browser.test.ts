import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { feeds } from "../../db/schema/index.ts";
import { pollFeed } from "../../server/domain/commerce/poll-feed.ts";
import { genericHeaders, unique } from "../commerce/feeds-helpers.ts";
import { mintUser } from "../helpers/auth.ts";
import { launchChromium, serveRuntime, signInThroughUi } from "../helpers/browser.ts";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.ts";

describe("connectors UI in Chromium", () => {
  let rt: TestRuntime;
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveRuntime>>;
  let page: Page;

  beforeAll(async () => {
    rt = await createTestRuntime({ database: "pglite", queue: "in-process", workers: false });
    server = await serveRuntime(rt);
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rt?.dispose();
  });

  it("a logistics user connects an ERP feed without code, maps it from a sample, and sees the order arrive", async () => {
    page = await browser.newPage();
    await signInThroughUi(page, server.url, await mintUser(rt.ctx.db, "logistics"));
    await page.goto(`${server.url}/connectors`);
    await page.getByLabel("Name").fill("Warehouse ERP");
    await page.getByTestId("add-feed").click();
    const url = (await page.getByTestId("feed-url").textContent()) ?? "";
    const secret = (await page.getByTestId("feed-secret").textContent()) ?? "";
    expect(url).toMatch(/\/webhooks\/feeds\/[0-9a-f-]{36}$/);
    expect(secret).toMatch(/^whsec_/);

    await page.getByText("Map its fields →").click();
    const number = `LL-${unique()}`;
    const tracking = `1Z${unique()}${unique()}`;
    const sample = {
      ref: number,
      buyer: { mail: "mara@example.com" },
      sum: "79,90",
      cur: "EUR",
      parcel: {
        carrier: "UPS",
        no: tracking,
        status: "In Transit",
        at: "2026-11-20T08:00:00Z",
        eta: "2026-11-25",
      },
    };
    await page.getByTestId("sample-payload").fill(JSON.stringify(sample, null, 2));
    const map = async (field: string, path: string) => page.locator(`[data-field="${field}"]`).fill(path);
    await map("orderNumber", "$.ref");
    await map("email", "$.buyer.mail");
    await map("total", "$.sum");
    await map("currency", "$.cur");
    await map("carrier", "$.parcel.carrier");
    await map("trackingNumber", "$.parcel.no");
    await map("shipmentStatus", "$.parcel.status");
    await map("statusAt", "$.parcel.at");
    await map("eta", "$.parcel.eta");
    await expect
      .poll(() => page.getByTestId("mapping-preview").textContent(), { timeout: 10_000 })
      .toContain('"total": "79.90"');
    await expect.poll(() => page.getByTestId("mapping-preview").textContent()).toContain("reads cleanly");
    await page.getByTestId("save-mapping").click();
    await expect.poll(() => page.getByText("Saved.").count()).toBe(1);

    // The ERP sends the same payload, signed with the copied secret.
    const body = JSON.stringify(sample);
    const res = await fetch(url, { method: "POST", body, headers: genericHeaders(body, secret, new Date()) });
    expect(res.status).toBe(200);

    await page.goto(`${server.url}/orders/${number}`);
    // The parcel shows in the order panel and in the order's event timeline ("shipment shipped").
    await expect.poll(() => page.getByText(tracking).count(), { timeout: 10_000 }).toBe(2);
    expect(await page.getByText(`UPS ${tracking}: in transit`).count()).toBe(1);
    expect(await page.getByText("First order").count()).toBe(1);
  });

  it("a logistics user sets up a polled REST feed in the UI; once mapped, its orders arrive", async () => {
    const number = `PL-${unique()}`;
    const seen: { auth?: string; cursor?: string | null }[] = [];
    const erp = http.createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://erp");
      seen.push({
        auth: req.headers["x-api-key"] as string | undefined,
        cursor: url.searchParams.get("after"),
      });
      const data = url.searchParams.get("after")
        ? []
        : [{ no: number, mail: "ion@example.com", sum: 12.5, cur: "RON" }];
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ records: data, cursor: "c-1" }));
    });
    await new Promise<void>((r) => erp.listen(0, "127.0.0.1", r));
    try {
      const erpUrl = `http://127.0.0.1:${(erp.address() as AddressInfo).port}/orders`;
      page = await browser.newPage();
      await signInThroughUi(page, server.url, await mintUser(rt.ctx.db, "logistics"));
      await page.goto(`${server.url}/connectors`);
      await page.getByLabel("Name").fill("Legacy ERP");
      await page.getByLabel("Kind", { exact: true }).first().click();
      await page.getByRole("option", { name: "REST endpoint (polled)" }).click();
      await page.getByLabel("Endpoint URL").fill(erpUrl);
      await page.getByLabel("Auth header").fill("X-Api-Key");
      await page.getByLabel("Its value (stored encrypted)").fill("erp-key-42");
      await page.getByLabel("Cursor parameter").fill("after");
      await page.getByLabel("Items in the answer (JSONPath)").fill("$.records[*]");
      await page.getByLabel("Next cursor (JSONPath)").fill("$.cursor");
      await page.getByTestId("add-feed").click();
      await page.getByText("Map its fields →").click();
      await expect
        .poll(() => page.getByTestId("poll-summary").textContent())
        .toContain("Polling starts once the fields below are mapped");

      await page
        .getByTestId("sample-payload")
        .fill(JSON.stringify({ no: "PL-1", mail: "a@example.com", sum: 1, cur: "RON" }));
      await page.locator('[data-field="orderNumber"]').fill("$.no");
      await page.locator('[data-field="email"]').fill("$.mail");
      await page.locator('[data-field="total"]').fill("$.sum");
      await page.locator('[data-field="currency"]').fill("$.cur");
      await expect
        .poll(() => page.getByTestId("mapping-preview").textContent(), { timeout: 10_000 })
        .toContain("reads cleanly");
      await page.getByTestId("save-mapping").click();
      await expect.poll(() => page.getByText("Saved.").count()).toBe(1);

      const [feed] = await rt.ctx.db.select().from(feeds).where(eq(feeds.name, "Legacy ERP"));
      // The credential is kept sealed, never as typed.
      expect(feed?.pollAuthSealed).toBeTruthy();
      expect(feed?.pollAuthSealed).not.toContain("erp-key-42");
      await pollFeed(rt.ctx, (feed as { id: string }).id);
      expect(seen[0]).toEqual({ auth: "erp-key-42", cursor: null });

      await page.goto(`${server.url}/orders/${number}`);
      await expect
        .poll(() => page.getByText("ion@example.com").count(), { timeout: 10_000 })
        .toBeGreaterThan(0);
    } finally {
      await new Promise((r) => erp.close(r));
    }
  });
});
