import { z } from "zod";
import type { OrderStatus } from "../../db/schema/commerce.ts";
import {
  emptyUpdate,
  NormalisationError,
  type NormalisedReturn,
  type NormalisedShipment,
  type NormalisedUpdate,
  orderNumberOf,
} from "./normalised.ts";
import { carrierName, normaliseShipmentState } from "./states.ts";
import { readMoney } from "./values.ts";

/**
 * Shopify-style order and fulfilment webhooks (REST-shaped JSON; PROVIDERS.md, "Commerce data").
 * The topic comes in `X-Shopify-Topic`; only the fields we use are parsed, the rest pass through.
 */
const isoDate = z.iso.datetime({ offset: true }).transform((d) => new Date(d));
const money = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const m = readMoney(v);
  if (m === null || typeof m === "object") {
    ctx.addIssue({ code: "custom", message: `"${v}" is not an amount` });
    return z.NEVER;
  }
  return m;
});

const fulfillmentSchema = z.object({
  /** "#1001.1": the order's name and the fulfilment's index — how a fulfilment names its order. */
  name: z.string().optional(),
  status: z.string().nullish(),
  created_at: isoDate.optional(),
  updated_at: isoDate.optional(),
  tracking_company: z.string().nullish(),
  tracking_number: z.string().nullish(),
  tracking_numbers: z.array(z.string()).nullish(),
  tracking_url: z.string().nullish(),
  shipment_status: z.string().nullish(),
});

const orderSchema = z.object({
  name: z.string().min(1),
  email: z.string().nullish(),
  contact_email: z.string().nullish(),
  created_at: isoDate,
  updated_at: isoDate.optional(),
  cancelled_at: isoDate.nullish(),
  total_price: money,
  currency: z.string().length(3),
  financial_status: z.string().nullish(),
  fulfillment_status: z.string().nullish(),
  line_items: z
    .array(
      z.object({
        sku: z.string().nullish(),
        variant_id: z.union([z.number(), z.string()]).nullish(),
        title: z.string(),
        quantity: z.number().int().nonnegative(),
        price: money,
      }),
    )
    .default([]),
  customer: z
    .object({
      email: z.string().nullish(),
      first_name: z.string().nullish(),
      last_name: z.string().nullish(),
      phone: z.string().nullish(),
      tags: z.string().nullish(),
    })
    .nullish(),
  fulfillments: z.array(fulfillmentSchema).default([]),
  /** Refunds made on the order (Shopify sends `orders/updated` after each, with them listed here). */
  refunds: z
    .array(
      z.object({
        id: z.union([z.number(), z.string()]),
        created_at: isoDate,
        note: z.string().nullish(),
        refund_line_items: z
          .array(
            z.object({ quantity: z.number().int(), line_item: z.object({ title: z.string() }).nullish() }),
          )
          .default([]),
        transactions: z
          .array(z.object({ amount: money, kind: z.string().nullish(), status: z.string().nullish() }))
          .default([]),
      }),
    )
    .default([]),
});

export const shopifyTopicHeader = "x-shopify-topic";
export const shopifySignatureHeader = "x-shopify-hmac-sha256";

export function normaliseShopify(payload: unknown, topic: string | undefined): NormalisedUpdate {
  if (!topic) throw new NormalisationError([`missing ${shopifyTopicHeader} header`]);
  if (topic.startsWith("orders/")) return fromOrder(parse(orderSchema, payload));
  if (topic.startsWith("fulfillments/")) {
    const fulfillment = parse(fulfillmentSchema, payload);
    const number = fulfillment.name?.replace(/\.\d+$/, "");
    if (!number) throw new NormalisationError(["name: a fulfilment names its order as #1001.1; missing"]);
    const update = emptyUpdate();
    update.shipments.push(...shipmentsOf(fulfillment, orderNumberOf(number)));
    return update;
  }
  // A refund names its order by Shopify's numeric id only; the order webhook that follows it lists it.
  if (topic.startsWith("refunds/"))
    throw new NormalisationError([
      `topic "${topic}" names its order by id only: subscribe to orders/updated instead, which carries each refund`,
    ]);
  throw new NormalisationError([`topic "${topic}" is not read (orders/*, fulfillments/*)`]);
}

function parse<T extends z.ZodType>(schema: T, payload: unknown): z.output<T> {
  const parsed = schema.safeParse(payload);
  if (!parsed.success)
    throw new NormalisationError(
      parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`),
    );
  return parsed.data;
}

function fromOrder(order: z.output<typeof orderSchema>): NormalisedUpdate {
  const email = (order.email || order.contact_email || order.customer?.email)?.toLowerCase();
  if (!email) throw new NormalisationError(["email: the order has no email address"]);
  const number = orderNumberOf(order.name);
  const name = [order.customer?.first_name, order.customer?.last_name].filter(Boolean).join(" ");
  const update = emptyUpdate();
  update.orders.push({
    number,
    email,
    customerName: name || undefined,
    phone: order.customer?.phone ?? undefined,
    customerTags: order.customer?.tags
      ?.split(",")
      .map((t) => t.trim())
      .filter(Boolean),
    status: orderStatus(order),
    placedAt: order.created_at,
    total: order.total_price,
    currency: order.currency.toUpperCase(),
    lines: order.line_items.map((l) => ({
      sku: l.sku || `variant-${l.variant_id ?? l.title}`,
      title: l.title,
      quantity: l.quantity,
      unitPrice: l.price,
    })),
    updatedAt: order.updated_at ?? order.created_at,
  });
  for (const f of order.fulfillments) update.shipments.push(...shipmentsOf(f, number));
  for (const refund of order.refunds) update.returns.push(refundOf(refund, number, order.currency));
  return update;
}

/**
 * A refund, kept with the order's returns (status `refunded`, numbered by Shopify's refund id) so a
 * "where is my refund?" finds it: the amount that went back and the items, in words.
 */
function refundOf(
  refund: z.output<typeof orderSchema>["refunds"][number],
  orderNumber: string,
  currency: string,
): NormalisedReturn {
  const paid = refund.transactions.filter((t) => t.kind === "refund" && t.status !== "failure");
  const cents = paid.reduce((sum, t) => sum + Math.round(Number(t.amount) * 100), 0);
  const items = refund.refund_line_items
    .map((l) => `${l.quantity} × ${l.line_item?.title ?? "item"}`)
    .join(", ");
  const parts = [
    cents > 0 ? `refunded ${(cents / 100).toFixed(2)} ${currency.toUpperCase()}` : "refunded",
    items && `for ${items}`,
    refund.note && `(${refund.note})`,
  ].filter(Boolean);
  return {
    orderNumber,
    rmaNumber: `refund-${refund.id}`,
    status: "refunded",
    reason: parts.join(" "),
    updatedAt: refund.created_at,
  };
}

function orderStatus(order: z.output<typeof orderSchema>): OrderStatus {
  if (order.cancelled_at) return "cancelled";
  if (order.financial_status === "refunded") return "refunded";
  if (order.fulfillment_status === "fulfilled") return "fulfilled";
  if (order.fulfillment_status === "partial") return "partially_fulfilled";
  if (order.financial_status === "pending" || order.financial_status === "authorized") return "pending";
  return "confirmed";
}

function shipmentsOf(f: z.output<typeof fulfillmentSchema>, orderNumber: string): NormalisedShipment[] {
  if (f.status === "cancelled" || f.status === "error" || f.status === "failure") return [];
  const numbers = [
    ...new Set([f.tracking_number, ...(f.tracking_numbers ?? [])].filter(Boolean)),
  ] as string[];
  // A fulfilment without a shipment status has a label, not yet a carrier scan.
  const rawStatus = f.shipment_status ?? "label_printed";
  const state = normaliseShipmentState(rawStatus) ?? "info_received";
  const at = f.updated_at ?? f.created_at;
  return numbers.map((trackingNumber) => ({
    orderNumber,
    carrier: f.tracking_company ? carrierName(f.tracking_company) : undefined,
    trackingNumber,
    trackingUrl: f.tracking_url ?? undefined,
    state,
    rawStatus,
    stateAt: at,
    shippedAt: f.created_at,
    deliveredAt: state === "delivered" ? at : undefined,
    events: at
      ? [{ state, rawStatus, description: `Shopify: ${rawStatus.replace(/_/g, " ")}`, occurredAt: at }]
      : [],
  }));
}
