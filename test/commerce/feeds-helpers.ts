import { createHmac, randomBytes } from "node:crypto";
import type { FieldMappingInput } from "../../integrations/commerce/mapping.ts";
import type { AppContext } from "../../server/context.ts";
import { createFeed } from "../../server/domain/commerce/create-feed.ts";

export const testActor = { type: "system", name: "test" } as const;
export const unique = () => randomBytes(4).toString("hex").toUpperCase();

export async function mintFeed(
  ctx: AppContext,
  kind: "generic_json" | "shopify" | "aftership" | "easypost",
  mapping?: FieldMappingInput,
) {
  return createFeed(
    { ctx, actor: testActor },
    { name: `${kind} ${unique()}`, kind, mapping: mapping as never },
  );
}

/** Signs as the documented generic format does, with node's crypto directly (not our signer). */
export function genericHeaders(body: string, secret: string, at: Date): Record<string, string> {
  const ts = String(Math.floor(at.getTime() / 1000));
  const hex = createHmac("sha256", secret).update(`${ts}.${body}`).digest("hex");
  return {
    "content-type": "application/json",
    "x-mailroom-signature": `sha256=${hex}`,
    "x-mailroom-timestamp": ts,
  };
}

export function base64Hmac(body: string, secret: string): string {
  return createHmac("sha256", secret).update(body).digest("base64");
}

/** A generic ERP mapping in the shape our tests post. */
export const erpMapping: FieldMappingInput = {
  timeZone: "Europe/Bucharest",
  fields: {
    orderNumber: "$.order.ref",
    email: "$.order.customer.mail",
    customerName: "$.order.customer.name",
    total: "$.order.amount",
    currency: "$.order.currency",
    placedAt: "$.order.created",
    updatedAt: "$.order.modified",
    orderStatus: "$.order.state",
    carrier: "$.parcel.carrier",
    trackingNumber: "$.parcel.tracking",
    shipmentStatus: "$.parcel.status",
    statusAt: "$.parcel.status_time",
    eta: "$.parcel.eta",
    lines: "$.order.items[*]",
    lineSku: "$.sku",
    lineTitle: "$.name",
    lineQuantity: "$.qty",
    lineUnitPrice: "$.price",
  },
  orderStatusMap: { PAID: "confirmed", SHIPPED: "fulfilled" },
};
