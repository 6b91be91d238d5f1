import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  FeedListResponse,
  FeedSecretResponse,
  FeedView,
  MappingPreviewResponse,
  OrderPageResponse,
} from "../../server/api/types.ts";
import { requestAs } from "../helpers/auth.ts";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.ts";
import { base64Hmac, genericHeaders, unique } from "./feeds-helpers.ts";

describe("connectors API", () => {
  let rt: TestRuntime;
  const asLogistics = requestAs(() => rt, "logistics");
  const json = (method: string, path: string, body?: unknown) =>
    asLogistics(path, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    rt = await createTestRuntime({ database: "pglite", queue: "in-process", workers: false });
  });
  afterAll(() => rt.dispose());

  describe("happy", () => {
    it("adds a feed, answers its URL and secret once, and lists it with its health", async () => {
      const res = await json("POST", "/api/feeds", { name: "Warehouse ERP", kind: "generic_json" });
      expect(res.status).toBe(201);
      const created = (await res.json()) as { feed: FeedView } & FeedSecretResponse;
      expect(created.feed.webhookPath).toBe(`/webhooks/feeds/${created.feed.id}`);
      expect(created.secret).toMatch(/^whsec_/);
      const list = (await (await asLogistics("/api/feeds")).json()) as FeedListResponse;
      expect(list.feeds.find((f) => f.id === created.feed.id)?.health).toEqual({
        lastDeliveryAt: null,
        lastAppliedAt: null,
        eventsLastHour: 0,
        errorRate: null,
        waiting: 0,
      });
    });

    it("previews a mapping live: numbers as strings, time zones, missing fields", async () => {
      const res = await json("POST", "/api/feeds/preview", {
        kind: "generic_json",
        payload: {
          o: { id: 10234, mail: "EMMA@example.com", sum: "1 299,90", at: "2026-11-08 09:30" },
          p: {},
        },
        mapping: {
          timeZone: "America/New_York",
          fields: {
            orderNumber: "$.o.id",
            email: "$.o.mail",
            total: "$.o.sum",
            placedAt: "$.o.at",
            trackingNumber: "$.p.tracking",
          },
        },
      });
      const preview = (await res.json()) as MappingPreviewResponse;
      expect(preview.problems).toEqual([]);
      expect(preview.picked).toMatchObject({ orderNumber: 10234, total: "1 299,90" });
      expect(preview.update).toMatchObject({
        orders: [
          {
            number: "10234",
            email: "emma@example.com",
            total: "1299.90",
            placedAt: "2026-11-08T14:30:00.000Z",
          },
        ],
        shipments: [],
      });

      const broken = (await (
        await json("POST", "/api/feeds/preview", {
          kind: "generic_json",
          payload: { ref: "A-1", eta: "soon", status: "beamed up", t: "X" },
          mapping: {
            fields: { orderNumber: "$.ref", trackingNumber: "$.t", eta: "$.eta", shipmentStatus: "$.status" },
          },
        })
      ).json()) as MappingPreviewResponse;
      expect(broken.problems).toEqual([
        'shipmentStatus: "beamed up" is not a known status (map it)',
        expect.stringMatching(/^eta: "soon" is not a date/),
      ]);
      const empty = (await (
        await json("POST", "/api/feeds/preview", {
          kind: "generic_json",
          payload: {},
          mapping: { fields: {} },
        })
      ).json()) as MappingPreviewResponse;
      expect(empty.problems).toEqual(["map at least the order number or the tracking number"]);
    });

    it("previews a Shopify payload by its topic", async () => {
      const preview = (await (
        await json("POST", "/api/feeds/preview", {
          kind: "shopify",
          headers: { "X-Shopify-Topic": "fulfillments/create" },
          payload: { name: "#1001.1", tracking_number: "1Z1", tracking_company: "UPS", status: "success" },
        })
      ).json()) as MappingPreviewResponse;
      expect(preview.problems).toEqual([]);
      expect(preview.update).toMatchObject({
        shipments: [{ orderNumber: "1001", trackingNumber: "1Z1", state: "info_received" }],
      });
    });

    it("shows an order with its derived facts and events", async () => {
      const feed = (await (
        await json("POST", "/api/feeds", { name: "Shop", kind: "shopify" })
      ).json()) as FeedSecretResponse;
      const number = String(5000 + Math.floor(Math.random() * 1e6));
      const order = JSON.stringify({
        name: `#${number}`,
        email: `vip-${unique().toLowerCase()}@example.com`,
        created_at: "2026-11-01T10:00:00Z",
        total_price: "899.00",
        currency: "EUR",
        line_items: [{ sku: "SOFA", title: "Sofa", quantity: 1, price: "899.00" }],
        customer: { first_name: "Vi", last_name: "P", tags: "VIP" },
      });
      const posted = await rt.app.request(`/webhooks/feeds/${feed.feedId}`, {
        method: "POST",
        body: order,
        headers: {
          "x-shopify-topic": "orders/create",
          "x-shopify-hmac-sha256": base64Hmac(order, feed.secret),
        },
      });
      expect(posted.status).toBe(200);
      const page = (await (
        await asLogistics(`/api/orders/${encodeURIComponent(`#${number}`)}`)
      ).json()) as OrderPageResponse;
      expect(page.order.number).toBe(number);
      expect(page.insights).toEqual({
        valueBand: "high",
        firstTimeCustomer: true,
        vip: true,
        customerOrders: 1,
      });
      expect(page.events.map((e) => e.type)).toEqual(["order.created"]);
    });
  });

  describe("errors", () => {
    it("a mapping for a Shopify feed is refused: it reads its own format", async () => {
      const feed = (await (
        await json("POST", "/api/feeds", { name: "Shop", kind: "shopify" })
      ).json()) as FeedSecretResponse;
      const res = await json("PUT", `/api/feeds/${feed.feedId}/mapping`, { mapping: { fields: {} } });
      expect(res.status).toBe(422);
      expect(await res.json()).toMatchObject({ code: "UNPROCESSABLE", requestId: expect.any(String) });
    });

    it("bad input is a 400 naming the field; unknown ids are 404", async () => {
      const bad = await json("POST", "/api/feeds", { name: "", kind: "telegraph" });
      expect(bad.status).toBe(400);
      expect((await bad.json()).message).toMatch(/name.*kind|kind.*name/s);
      const badZone = await json("POST", "/api/feeds/preview", {
        kind: "generic_json",
        payload: {},
        mapping: { timeZone: "Mars/Olympus", fields: {} },
      });
      expect(badZone.status).toBe(400);
      const unpolled = await json("POST", "/api/feeds", { name: "Legacy ERP", kind: "rest_poll" });
      expect(unpolled.status).toBe(400);
      expect((await unpolled.json()).message).toBe("poll: a polled feed needs its URL and schedule");
      const missing = "00000000-0000-4000-8000-000000000000";
      expect((await asLogistics(`/api/feeds/${missing}`)).status).toBe(404);
      expect((await asLogistics(`/api/orders/NOPE-${unique()}`)).status).toBe(404);
      const body = "{}";
      const webhook = await rt.app.request(`/webhooks/feeds/${missing}`, {
        method: "POST",
        body,
        headers: genericHeaders(body, "x", new Date()),
      });
      expect(webhook.status).toBe(404);
      expect((await rt.app.request("/webhooks/feeds/not-a-uuid", { method: "POST", body })).status).toBe(400);
    });

    it("a signed body that is not JSON is kept as invalid", async () => {
      const feed = (await (
        await json("POST", "/api/feeds", { name: "ERP", kind: "generic_json" })
      ).json()) as FeedSecretResponse;
      const body = "order=1&email=x";
      const res = await rt.app.request(`/webhooks/feeds/${feed.feedId}`, {
        method: "POST",
        body,
        headers: genericHeaders(body, feed.secret, new Date()),
      });
      expect(res.status).toBe(422);
      expect((await res.json()).message).toMatch(/not JSON/);
    });
  });
});
