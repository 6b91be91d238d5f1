import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  commerceEvents,
  customers,
  feedDeliveries,
  orderLines,
  orders,
  returns,
  shipmentEvents,
  shipments,
} from "../../db/schema/index.ts";
import { rotateFeedSecret } from "../../server/domain/commerce/rotate-feed-secret.ts";
import { requestAs } from "../helpers/auth.ts";
import { databaseKinds } from "../helpers/databases.ts";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.ts";
import { base64Hmac, erpMapping, genericHeaders, mintFeed, testActor, unique } from "./feeds-helpers.ts";

const now = new Date("2026-11-09T12:00:00Z");

describe.each(databaseKinds)("feed webhooks on %s", (database) => {
  let rt: TestRuntime;
  const asLogistics = requestAs(() => rt, "logistics");
  let clock = now;
  beforeAll(async () => {
    rt = await createTestRuntime({ database, queue: "in-process", workers: false, clock: () => clock });
  });
  afterAll(() => rt.dispose());

  const post = (feedId: string, body: string, headers: Record<string, string>) =>
    rt.app.request(`/webhooks/feeds/${feedId}`, { method: "POST", headers, body });

  const erpPayload = (number: string, tracking: string, overrides: Record<string, unknown> = {}) => ({
    order: {
      ref: `#${number}`,
      customer: { mail: "Ioana.Pop@Example.com", name: "Ioana Pop" },
      amount: "1.249,50",
      currency: "ron",
      created: "2026-11-02 10:15",
      modified: "2026-11-03T09:00:00Z",
      state: "PAID",
      items: [
        { sku: "LAMP-01", name: "Linen lamp", qty: "2", price: "400,00" },
        { sku: "SHADE-02", name: "Shade", qty: 1, price: 449.5 },
      ],
    },
    parcel: {
      carrier: "fan-courier",
      tracking,
      status: "In Transit",
      status_time: "2026-11-04T08:00:00+02:00",
      eta: "2026-11-08",
    },
    ...overrides,
  });

  describe("signatures (generic format)", () => {
    it("a valid signature applies the payload: order, customer, lines, shipment, event", async () => {
      const feed = await mintFeed(rt.ctx, "generic_json", erpMapping);
      const number = `RO-${unique()}`;
      const tracking = `FAN${unique()}`;
      const body = JSON.stringify(erpPayload(number, tracking));
      const res = await post(feed.id, body, genericHeaders(body, feed.secret, now));
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({
        verdict: "applied",
        summary: { orders: 1, shipments: 1, events: 1 },
      });

      const [order] = await rt.ctx.db.select().from(orders).where(eq(orders.number, number));
      expect(order).toMatchObject({
        email: "ioana.pop@example.com",
        total: "1249.50",
        currency: "RON",
        status: "confirmed",
      });
      // "2026-11-02 10:15" has no offset: read in the feed's zone (Bucharest, UTC+2 in November).
      expect(order?.placedAt.toISOString()).toBe("2026-11-02T08:15:00.000Z");
      const lines = await rt.ctx.db
        .select()
        .from(orderLines)
        .where(eq(orderLines.orderId, order?.id ?? ""));
      expect(lines.map((l) => [l.sku, l.quantity, l.unitPrice]).sort()).toEqual([
        ["LAMP-01", 2, "400.00"],
        ["SHADE-02", 1, "449.50"],
      ]);
      const [customer] = await rt.ctx.db
        .select()
        .from(customers)
        .where(eq(customers.email, "ioana.pop@example.com"));
      expect(customer?.name).toBe("Ioana Pop");
      const [shipment] = await rt.ctx.db
        .select()
        .from(shipments)
        .where(eq(shipments.trackingNumber, tracking));
      expect(shipment).toMatchObject({
        carrier: "FAN Courier",
        state: "in_transit",
        rawStatus: "In Transit",
      });
      // A bare ETA date means "by the end of that day" in the feed's zone.
      expect(shipment?.estimatedDeliveryAt?.toISOString()).toBe("2026-11-08T21:59:59.999Z");
      const events = await rt.ctx.db
        .select({ type: commerceEvents.type })
        .from(commerceEvents)
        .where(eq(commerceEvents.orderId, order?.id ?? ""));
      expect(events.map((e) => e.type).sort()).toEqual(["order.created", "shipment.shipped"]);
    });

    it("a wrong signature is refused with 401, kept with its reason, and not applied", async () => {
      const feed = await mintFeed(rt.ctx, "generic_json", erpMapping);
      const number = `RO-${unique()}`;
      const body = JSON.stringify(erpPayload(number, `FAN${unique()}`));
      const res = await post(feed.id, body, genericHeaders(body, "whsec_not-the-secret", now));
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ code: "UNAUTHENTICATED", message: /does not match/ });
      expect(await rt.ctx.db.select().from(orders).where(eq(orders.number, number))).toHaveLength(0);
      const kept = await rt.ctx.db.select().from(feedDeliveries).where(eq(feedDeliveries.feedId, feed.id));
      expect(kept.map((d) => [d.verdict, d.error, d.body])).toEqual([
        ["rejected", "signature does not match", body],
      ]);
    });

    it("a body changed after signing is refused", async () => {
      const feed = await mintFeed(rt.ctx, "generic_json", erpMapping);
      const body = JSON.stringify(erpPayload(`RO-${unique()}`, `FAN${unique()}`));
      const headers = genericHeaders(body, feed.secret, now);
      const res = await post(feed.id, body.replace("1.249,50", "1,00"), headers);
      expect(res.status).toBe(401);
    });

    it("a missing signature is refused", async () => {
      const feed = await mintFeed(rt.ctx, "generic_json", erpMapping);
      const res = await post(feed.id, "{}", { "content-type": "application/json" });
      expect(res.status).toBe(401);
      expect((await res.json()).message).toMatch(/missing x-mailroom-signature/);
    });

    it("a correctly signed delivery older than 5 minutes is a replay and refused", async () => {
      const feed = await mintFeed(rt.ctx, "generic_json", erpMapping);
      const number = `RO-${unique()}`;
      const body = JSON.stringify(erpPayload(number, `FAN${unique()}`));
      const old = genericHeaders(body, feed.secret, new Date(now.getTime() - 6 * 60_000));
      const res = await post(feed.id, body, old);
      expect(res.status).toBe(401);
      expect((await res.json()).message).toMatch(/limit 300 s/);
      const fresh = genericHeaders(body, feed.secret, new Date(now.getTime() - 4 * 60_000));
      expect((await post(feed.id, body, fresh)).status).toBe(200);
    });

    it("after a rotation the old secret works for the grace period, then stops", async () => {
      const feed = await mintFeed(rt.ctx, "generic_json", erpMapping);
      const rotated = await rotateFeedSecret({ ctx: rt.ctx, actor: testActor }, { feedId: feed.id });
      const body = JSON.stringify(erpPayload(`RO-${unique()}`, `FAN${unique()}`));
      expect((await post(feed.id, body, genericHeaders(body, feed.secret, now))).status).toBe(200);
      expect((await post(feed.id, body, genericHeaders(body, rotated.secret, now))).status).toBe(200);
      clock = new Date(now.getTime() + 61 * 60_000);
      try {
        expect((await post(feed.id, body, genericHeaders(body, feed.secret, clock))).status).toBe(401);
        expect((await post(feed.id, body, genericHeaders(body, rotated.secret, clock))).status).toBe(200);
      } finally {
        clock = now;
      }
    });

    it("the secret is stored sealed, never in the clear", async () => {
      const feed = await mintFeed(rt.ctx, "generic_json", erpMapping);
      const res = await asLogistics(`/api/feeds/${feed.id}`);
      expect(JSON.stringify(await res.json())).not.toContain(feed.secret);
      const secret = (await (await asLogistics(`/api/feeds/${feed.id}/secret`)).json()).secret;
      expect(secret).toBe(feed.secret);
    });
  });

  describe("Shopify, AfterShip and EasyPost formats", () => {
    it("Shopify: base64 HMAC of the raw body; order then fulfilment", async () => {
      const feed = await mintFeed(rt.ctx, "shopify");
      const number = String(1000 + Math.floor(Math.random() * 1e6));
      const tracking = `1Z${unique()}${unique()}`;
      const order = {
        id: 820982911946154500,
        name: `#${number}`,
        email: "Ana@Example.com",
        created_at: "2026-11-01T10:00:00-05:00",
        updated_at: "2026-11-01T10:00:00-05:00",
        total_price: "199.00",
        currency: "USD",
        financial_status: "paid",
        fulfillment_status: null,
        line_items: [{ sku: "RUG-9", title: "Wool rug", quantity: 1, price: "199.00" }],
        customer: {
          email: "ana@example.com",
          first_name: "Ana",
          last_name: "Ionescu",
          tags: "VIP, wholesale",
        },
      };
      const body = JSON.stringify(order);
      const headers = (b: string, topic: string, id: string) => ({
        "content-type": "application/json",
        "x-shopify-topic": topic,
        "x-shopify-webhook-id": id,
        "x-shopify-hmac-sha256": base64Hmac(b, feed.secret),
      });
      const webhookId = `wh-${unique()}`;
      expect((await post(feed.id, body, headers(body, "orders/create", webhookId))).status).toBe(200);
      // Shopify retries a delivery with the same webhook id: applied once, recorded as a duplicate.
      const again = await post(feed.id, body, headers(body, "orders/create", webhookId));
      expect(await again.json()).toMatchObject({ verdict: "duplicate" });
      const [vip] = await rt.ctx.db.select().from(customers).where(eq(customers.email, "ana@example.com"));
      expect(vip?.vip).toBe(true);

      const fulfilment = JSON.stringify({
        id: 255858046,
        order_id: 820982911946154500,
        name: `#${number}.1`,
        status: "success",
        created_at: "2026-11-02T09:00:00-05:00",
        updated_at: "2026-11-03T09:00:00-05:00",
        tracking_company: "UPS",
        tracking_number: tracking,
        tracking_url: `https://www.ups.com/track?tracknum=${tracking}`,
        shipment_status: "in_transit",
      });
      const res = await post(
        feed.id,
        fulfilment,
        headers(fulfilment, "fulfillments/create", `wh-${unique()}`),
      );
      expect(res.status).toBe(200);
      const [s] = await rt.ctx.db.select().from(shipments).where(eq(shipments.trackingNumber, tracking));
      expect(s).toMatchObject({ carrier: "UPS", state: "in_transit" });

      const forged = await post(feed.id, fulfilment, {
        ...headers(fulfilment, "fulfillments/create", "x"),
        "x-shopify-hmac-sha256": base64Hmac(fulfilment, "other"),
      });
      expect(forged.status).toBe(401);
      const unsigned = await post(feed.id, fulfilment, { "x-shopify-topic": "fulfillments/create" });
      expect(unsigned.status).toBe(401);

      // A partial refund: Shopify follows it with orders/updated, the refund listed on the order.
      const refunded = JSON.stringify({
        ...order,
        updated_at: "2026-11-05T10:00:00-05:00",
        financial_status: "partially_refunded",
        refunds: [
          {
            id: 509562969,
            created_at: "2026-11-05T09:58:00-05:00",
            note: "scratched",
            refund_line_items: [{ quantity: 1, line_item: { title: "Wool rug" } }],
            transactions: [{ amount: "49.50", kind: "refund", status: "success" }],
          },
        ],
      });
      for (const id of [`wh-${unique()}`, `wh-${unique()}`]) {
        // The same refund twice (two order updates listing it) is one refund.
        expect((await post(feed.id, refunded, headers(refunded, "orders/updated", id))).status).toBe(200);
      }
      const [o] = await rt.ctx.db.select().from(orders).where(eq(orders.number, number));
      const kept = await rt.ctx.db
        .select()
        .from(returns)
        .where(eq(returns.orderId, o?.id ?? ""));
      expect(kept).toEqual([
        expect.objectContaining({
          rmaNumber: "refund-509562969",
          status: "refunded",
          reason: "refunded 49.50 USD for 1 × Wool rug (scratched)",
        }),
      ]);
      const panel = await (await asLogistics(`/api/orders/${number}`)).json();
      expect(panel.order.returns).toEqual([
        expect.objectContaining({ rmaNumber: "refund-509562969", status: "refunded" }),
      ]);
      // refunds/create names the order by Shopify's id alone: kept, with what to subscribe to instead.
      const lone = JSON.stringify({ id: 1, order_id: order.id, refund_line_items: [] });
      const notRead = await post(feed.id, lone, headers(lone, "refunds/create", `wh-${unique()}`));
      expect(notRead.status).toBe(422);
      expect((await notRead.json()).message).toContain("subscribe to orders/updated");
    });

    it("AfterShip tags and EasyPost statuses land in one vocabulary", async () => {
      const shopify = await mintFeed(rt.ctx, "generic_json", erpMapping);
      const number = `RO-${unique()}`;
      const tracking = `JD${unique()}${unique()}`;
      const order = JSON.stringify(erpPayload(number, tracking));
      await post(shopify.id, order, genericHeaders(order, shopify.secret, now));

      const aftership = await mintFeed(rt.ctx, "aftership");
      const as = JSON.stringify({
        event_id: `evt-${unique()}`,
        event: "tracking_update",
        ts: 1_794_000_000,
        msg: {
          tracking_number: tracking,
          slug: "fan-courier",
          tag: "OutForDelivery",
          subtag: "OutForDelivery_001",
          expected_delivery: "2026-11-08",
          checkpoints: [
            {
              checkpoint_time: "2026-11-05T07:00:00+02:00",
              tag: "InTransit",
              message: "Arrived at hub",
              location: "Cluj",
            },
            {
              checkpoint_time: "2026-11-06T08:30:00+02:00",
              tag: "OutForDelivery",
              message: "With courier",
              location: "Cluj",
            },
          ],
        },
      });
      const res = await post(aftership.id, as, { "aftership-hmac-sha256": base64Hmac(as, aftership.secret) });
      expect(res.status).toBe(200);
      let [s] = await rt.ctx.db.select().from(shipments).where(eq(shipments.trackingNumber, tracking));
      expect(s).toMatchObject({ state: "out_for_delivery", rawStatus: "OutForDelivery_001" });

      const easypost = await mintFeed(rt.ctx, "easypost");
      const ep = JSON.stringify({
        id: `evt_${unique()}`,
        object: "Event",
        description: "tracker.updated",
        result: {
          object: "Tracker",
          tracking_code: tracking,
          carrier: "FAN Courier",
          status: "delivered",
          tracking_details: [
            {
              datetime: "2026-11-06T14:02:00Z",
              status: "delivered",
              message: "Delivered",
              tracking_location: { city: "Cluj", country: "RO" },
            },
          ],
        },
      });
      const sig = createHmacHex(ep, easypost.secret);
      expect((await post(easypost.id, ep, { "x-hmac-signature": `hmac-sha256-hex=${sig}` })).status).toBe(
        200,
      );
      [s] = await rt.ctx.db.select().from(shipments).where(eq(shipments.trackingNumber, tracking));
      expect(s).toMatchObject({ state: "delivered" });
      expect(s?.deliveredAt?.toISOString()).toBe("2026-11-06T14:02:00.000Z");
      expect((await post(easypost.id, ep, { "x-hmac-signature": "hmac-sha256-hex=00" })).status).toBe(401);
    });
  });

  describe("out of order and duplicates", () => {
    it("an older event never overwrites a newer state; the timeline still gets it", async () => {
      const feed = await mintFeed(rt.ctx, "generic_json", erpMapping);
      const number = `RO-${unique()}`;
      const tracking = `FAN${unique()}`;
      const send = async (status: string, at: string) => {
        const body = JSON.stringify(erpPayload(number, tracking, {}));
        const withStatus = body
          .replace('"status":"In Transit"', `"status":"${status}"`)
          .replace("2026-11-04T08:00:00+02:00", at);
        return post(feed.id, withStatus, genericHeaders(withStatus, feed.secret, now));
      };
      expect((await send("Delivered", "2026-11-07T15:00:00+02:00")).status).toBe(200);
      expect((await send("Out for delivery", "2026-11-07T08:00:00+02:00")).status).toBe(200);
      expect((await send("In Transit", "2026-11-05T08:00:00+02:00")).status).toBe(200);
      const [s] = await rt.ctx.db.select().from(shipments).where(eq(shipments.trackingNumber, tracking));
      expect(s?.state).toBe("delivered");
      expect(s?.lastEventAt?.toISOString()).toBe("2026-11-07T13:00:00.000Z");
      const timeline = await rt.ctx.db
        .select()
        .from(shipmentEvents)
        .where(eq(shipmentEvents.shipmentId, s?.id ?? ""));
      expect(timeline.map((e) => e.state).sort()).toEqual(["delivered", "in_transit", "out_for_delivery"]);
      // delivered is emitted once, and the late "out for delivery" emits nothing.
      const events = await rt.ctx.db
        .select({ type: commerceEvents.type })
        .from(commerceEvents)
        .where(eq(commerceEvents.shipmentId, s?.id ?? ""));
      expect(events.map((e) => e.type).sort()).toEqual(["shipment.delivered"]);
    });

    it("the same payload twice changes nothing the second time", async () => {
      const feed = await mintFeed(rt.ctx, "generic_json", erpMapping);
      const number = `RO-${unique()}`;
      const tracking = `FAN${unique()}`;
      const body = JSON.stringify(erpPayload(number, tracking));
      await post(feed.id, body, genericHeaders(body, feed.secret, now));
      const second = await post(feed.id, body, genericHeaders(body, feed.secret, now));
      expect(await second.json()).toMatchObject({ verdict: "applied", summary: { events: 0 } });
      const [s] = await rt.ctx.db.select().from(shipments).where(eq(shipments.trackingNumber, tracking));
      expect(
        await rt.ctx.db
          .select()
          .from(shipmentEvents)
          .where(eq(shipmentEvents.shipmentId, s?.id ?? "")),
      ).toHaveLength(1);
      expect(await rt.ctx.db.select().from(orders).where(eq(orders.number, number))).toHaveLength(1);
    });

    it("an order update older than the stored one is left alone", async () => {
      const feed = await mintFeed(rt.ctx, "generic_json", erpMapping);
      const number = `RO-${unique()}`;
      const tracking = `FAN${unique()}`;
      const newer = JSON.stringify(erpPayload(number, tracking))
        .replace('"state":"PAID"', '"state":"SHIPPED"')
        .replace("2026-11-03T09:00:00Z", "2026-11-04T09:00:00Z");
      const older = JSON.stringify(erpPayload(number, tracking));
      await post(feed.id, newer, genericHeaders(newer, feed.secret, now));
      const res = await post(feed.id, older, genericHeaders(older, feed.secret, now));
      expect(await res.json()).toMatchObject({ verdict: "applied", summary: { stale: 1 } });
      const [order] = await rt.ctx.db.select().from(orders).where(eq(orders.number, number));
      expect(order?.status).toBe("fulfilled");
    });
  });

  describe("a burst shares commits (group commit)", () => {
    it("concurrent deliveries: out of order, a repeat and an unknown parcel are each judged alone", async () => {
      const erp = await mintFeed(rt.ctx, "generic_json", erpMapping);
      const number = `RO-${unique()}`;
      const tracking = `FAN${unique()}`;
      const order = JSON.stringify(erpPayload(number, tracking));
      await post(erp.id, order, genericHeaders(order, erp.secret, now));
      const carrier = await mintFeed(rt.ctx, "aftership");
      const scan = (tag: string, at: string, id = `evt-${unique()}`, parcel = tracking) =>
        JSON.stringify({
          event_id: id,
          msg: { tracking_number: parcel, tag, checkpoints: [{ checkpoint_time: at, tag, message: tag }] },
        });
      const repeated = `evt-${unique()}`;
      const bodies = [
        scan("Delivered", "2026-11-07T15:00:00Z"),
        scan("InTransit", "2026-11-05T08:00:00Z", repeated),
        scan("InTransit", "2026-11-05T08:00:00Z", repeated),
        scan("OutForDelivery", "2026-11-07T08:00:00Z"),
        scan("InTransit", "2026-11-06T08:00:00Z", `evt-${unique()}`, `NOPE${unique()}`),
        ...Array.from({ length: 20 }, (_, i) =>
          scan("InTransit", `2026-11-04T10:${String(i).padStart(2, "0")}:00Z`),
        ),
      ];
      const responses = await Promise.all(
        bodies.map((b) => post(carrier.id, b, { "aftership-hmac-sha256": base64Hmac(b, carrier.secret) })),
      );
      const verdicts = await Promise.all(responses.map(async (r) => [r.status, (await r.json()).verdict]));
      expect(verdicts[4]).toEqual([422, undefined]);
      expect(verdicts.filter(([, v]) => v === "duplicate")).toHaveLength(1);
      expect(verdicts.filter(([, v]) => v === "applied")).toHaveLength(bodies.length - 2);
      const [s] = await rt.ctx.db.select().from(shipments).where(eq(shipments.trackingNumber, tracking));
      expect(s?.state).toBe("delivered");
      expect(s?.lastEventAt?.toISOString()).toBe("2026-11-07T15:00:00.000Z");
      const timeline = await rt.ctx.db
        .select()
        .from(shipmentEvents)
        .where(eq(shipmentEvents.shipmentId, s?.id ?? ""));
      expect(timeline).toHaveLength(1 + 1 + 1 + 1 + 20);
      const kept = await rt.ctx.db.select().from(feedDeliveries).where(eq(feedDeliveries.feedId, carrier.id));
      expect(kept).toHaveLength(bodies.length);
      expect(kept.filter((d) => d.verdict === "failed").map((d) => d.error)).toEqual([
        expect.stringMatching(/matches no shipment/),
      ]);
      const delivered = await rt.ctx.db
        .select()
        .from(commerceEvents)
        .where(eq(commerceEvents.dedupeKey, `shipment.delivered:${s?.id}`));
      expect(delivered).toHaveLength(1);
    });
  });

  describe("an order is delivered when every item has shipped and every parcel is delivered", () => {
    const scan = (tracking: string, tag: string, at: string) =>
      JSON.stringify({
        event_id: `evt-${unique()}`,
        msg: { tracking_number: tracking, tag, checkpoints: [{ checkpoint_time: at, tag, message: tag }] },
      });
    const orderNamed = async (number: string) =>
      (await rt.ctx.db.select().from(orders).where(eq(orders.number, number)))[0];
    const deliveredFacts = async (orderId: string) =>
      rt.ctx.db
        .select()
        .from(commerceEvents)
        .where(eq(commerceEvents.dedupeKey, `order.delivered:${orderId}`));

    it("two parcels: delivered after the second, once however often the news repeats (carrier feed)", async () => {
      const erp = await mintFeed(rt.ctx, "generic_json", erpMapping);
      const carrier = await mintFeed(rt.ctx, "aftership");
      const number = `RO-${unique()}`;
      const [first, second] = [`FAN${unique()}`, `FAN${unique()}`];
      for (const tracking of [first, second]) {
        const body = JSON.stringify(erpPayload(number, tracking, {}));
        const shipped = body.replace('"state":"PAID"', '"state":"SHIPPED"');
        expect((await post(erp.id, shipped, genericHeaders(shipped, erp.secret, now))).status).toBe(200);
      }
      expect((await orderNamed(number))?.status).toBe("fulfilled");
      const deliver = (tracking: string) => {
        const body = scan(tracking, "Delivered", "2026-11-07T15:00:00Z");
        return post(carrier.id, body, { "aftership-hmac-sha256": base64Hmac(body, carrier.secret) });
      };
      await deliver(first);
      expect((await orderNamed(number))?.status).toBe("fulfilled");
      await deliver(second);
      await deliver(second);
      const order = await orderNamed(number);
      expect(order?.status).toBe("delivered");
      const facts = await deliveredFacts(order?.id ?? "");
      expect(facts).toHaveLength(1);
      expect(facts[0]?.occurredAt.toISOString()).toBe("2026-11-07T15:00:00.000Z");
    });

    it("the ERP's own payload can deliver the last parcel; an order not yet fully shipped stays as it is", async () => {
      const erp = await mintFeed(rt.ctx, "generic_json", erpMapping);
      const [shippedOrder, paidOrder] = [`RO-${unique()}`, `RO-${unique()}`];
      const delivered = { status: "Delivered", status_time: "2026-11-06T10:00:00+02:00" };
      for (const [number, state] of [
        [shippedOrder, "SHIPPED"],
        [paidOrder, "PAID"],
      ] as const) {
        const payload = erpPayload(number, `FAN${unique()}`);
        const body = JSON.stringify({
          ...payload,
          order: { ...payload.order, state },
          parcel: { ...payload.parcel, ...delivered },
        });
        expect((await post(erp.id, body, genericHeaders(body, erp.secret, now))).status).toBe(200);
      }
      expect((await orderNamed(shippedOrder))?.status).toBe("delivered");
      // Paid but not marked shipped: other items may still be on their way.
      expect((await orderNamed(paidOrder))?.status).toBe("confirmed");
    });
  });

  describe("returns", () => {
    it("a return for a known order is created once, with return.created, and moves forward only", async () => {
      const erp = await mintFeed(rt.ctx, "generic_json", erpMapping);
      const number = `RO-${unique()}`;
      const order = JSON.stringify(erpPayload(number, `FAN${unique()}`));
      await post(erp.id, order, genericHeaders(order, erp.secret, now));
      const rmaFeed = await mintFeed(rt.ctx, "generic_json", {
        fields: {
          orderNumber: "$.order",
          rmaNumber: "$.rma",
          returnStatus: "$.status",
          returnReason: "$.why",
          updatedAt: "$.at",
        },
      });
      const rma = `RMA-${unique()}`;
      const send = (status: string, at: string) => {
        const body = JSON.stringify({ order: number, rma, status, why: "too small", at });
        return post(rmaFeed.id, body, genericHeaders(body, rmaFeed.secret, now));
      };
      expect((await send("requested", "2026-11-05T10:00:00Z")).status).toBe(200);
      expect((await send("received", "2026-11-07T10:00:00Z")).status).toBe(200);
      expect(await (await send("approved", "2026-11-06T10:00:00Z")).json()).toMatchObject({
        summary: { stale: 1 },
      });
      const [row] = await rt.ctx.db.select().from(returns).where(eq(returns.rmaNumber, rma));
      expect(row).toMatchObject({ status: "received", reason: "too small" });
      const created = await rt.ctx.db
        .select()
        .from(commerceEvents)
        .where(eq(commerceEvents.returnId, row?.id ?? ""));
      expect(created.map((e) => e.type)).toEqual(["return.created"]);
      const bad = JSON.stringify({ order: number, rma, status: "lost at sea" });
      expect((await post(rmaFeed.id, bad, genericHeaders(bad, rmaFeed.secret, now))).status).toBe(422);
    });
  });

  describe("kept payloads and replay", () => {
    it("a payload the mapping cannot read is kept; after the mapping is fixed a replay applies it", async () => {
      const feed = await mintFeed(rt.ctx, "generic_json", {
        fields: { orderNumber: "$.ref", email: "$.mail" },
      });
      const number = `RO-${unique()}`;
      const body = JSON.stringify({ ref: number, mail: "dan@example.com", sum: "12.00", cur: "EUR" });
      const res = await post(feed.id, body, genericHeaders(body, feed.secret, now));
      expect(res.status).toBe(422);
      const message = (await res.json()).message as string;
      expect(message).toMatch(/order .* is new and has no total, currency/);
      const [kept] = await rt.ctx.db.select().from(feedDeliveries).where(eq(feedDeliveries.feedId, feed.id));
      expect(kept).toMatchObject({ verdict: "failed", body });

      const fix = await asLogistics(`/api/feeds/${feed.id}/mapping`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          mapping: { fields: { orderNumber: "$.ref", email: "$.mail", total: "$.sum", currency: "$.cur" } },
        }),
      });
      expect(fix.status).toBe(200);
      const replay = await asLogistics(`/api/feeds/${feed.id}/deliveries/${kept?.id}/replay`, {
        method: "POST",
      });
      expect(await replay.json()).toMatchObject({ verdict: "applied", error: null });
      expect(await rt.ctx.db.select().from(orders).where(eq(orders.number, number))).toHaveLength(1);
      const [after] = await rt.ctx.db
        .select()
        .from(feedDeliveries)
        .where(eq(feedDeliveries.id, kept?.id ?? ""));
      expect(after).toMatchObject({ verdict: "applied", replays: 1 });
    });

    it("a tracking event for an unknown parcel waits, and applies once its order arrives", async () => {
      const carrier = await mintFeed(rt.ctx, "aftership");
      const tracking = `JD${unique()}`;
      const number = `RO-${unique()}`;
      const as = JSON.stringify({
        event_id: `evt-${unique()}`,
        msg: {
          tracking_number: tracking,
          tag: "InTransit",
          order_number: number,
          slug: "dhl",
          checkpoints: [],
        },
      });
      const res = await post(carrier.id, as, { "aftership-hmac-sha256": base64Hmac(as, carrier.secret) });
      expect(res.status).toBe(422);
      expect((await res.json()).message).toMatch(new RegExp(`order ${number} is not known`));

      const erp = await mintFeed(rt.ctx, "generic_json", erpMapping);
      const order = JSON.stringify(erpPayload(number, `FAN${unique()}`));
      await post(erp.id, order, genericHeaders(order, erp.secret, now));
      const replayed = await asLogistics(`/api/feeds/${carrier.id}/replay`, { method: "POST" });
      expect(await replayed.json()).toEqual({ replayed: 1, applied: 1 });
      const [s] = await rt.ctx.db.select().from(shipments).where(eq(shipments.trackingNumber, tracking));
      expect(s).toMatchObject({ carrier: "DHL", state: "in_transit" });
    });

    it("a refused delivery cannot be replayed", async () => {
      const feed = await mintFeed(rt.ctx, "generic_json", erpMapping);
      await post(feed.id, "{}", {});
      const [kept] = await rt.ctx.db.select().from(feedDeliveries).where(eq(feedDeliveries.feedId, feed.id));
      const res = await asLogistics(`/api/feeds/${feed.id}/deliveries/${kept?.id}/replay`, {
        method: "POST",
      });
      expect(res.status).toBe(409);
    });

    it("health counts deliveries and errors", async () => {
      const feed = await mintFeed(rt.ctx, "generic_json", erpMapping);
      const body = JSON.stringify(erpPayload(`RO-${unique()}`, `FAN${unique()}`));
      await post(feed.id, body, genericHeaders(body, feed.secret, now));
      await post(feed.id, body, {});
      const detail = await (await asLogistics(`/api/feeds/${feed.id}?show=errors`)).json();
      expect(detail.feed.health).toMatchObject({ eventsLastHour: 2, errorRate: 0.5, waiting: 0 });
      expect(detail.deliveries).toHaveLength(1);
      expect(detail.deliveries[0]).toMatchObject({ verdict: "rejected" });
    });
  });
});

import { createHmac } from "node:crypto";

function createHmacHex(body: string, secret: string): string {
  return createHmac("sha256", secret.normalize("NFKD")).update(body).digest("hex");
}
