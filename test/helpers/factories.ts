import { randomBytes } from "node:crypto";
import type { Executor } from "../../db/client.ts";
import type { OrderImport } from "../../integrations/commerce/order-import.ts";
import { importOrders } from "../../server/domain/commerce/import-orders.ts";

const day = 86_400_000;
const unique = () => randomBytes(4).toString("hex");

export interface OrderFixture {
  number: string;
  email: string;
  trackingNumber: string | null;
}

/**
 * A customer with one order whose shipment stands as asked: on time (ETA ahead), late (ETA passed),
 * delivered, or not shipped. Numbers are random per call, so tests never depend on seeded ids.
 */
export async function mintOrder(
  db: Executor,
  options: {
    now: Date;
    standing: "on_time" | "late" | "delivered" | "not_shipped";
    total?: number;
    email?: string;
    name?: string;
  },
): Promise<OrderFixture> {
  const { now, standing } = options;
  const email = options.email ?? `customer-${unique()}@example.com`;
  const number = `LL-${String(10_000 + Math.floor(Math.random() * 89_999))}`;
  const trackingNumber =
    standing === "not_shipped" ? null : `1Z${unique().toUpperCase()}${unique().toUpperCase()}`;
  const at = (offsetDays: number) => new Date(now.getTime() + offsetDays * day).toISOString();
  const shipment = trackingNumber
    ? {
        carrier: "UPS",
        trackingNumber,
        trackingUrl: `https://www.ups.com/track?tracknum=${trackingNumber}`,
        state: standing === "delivered" ? ("delivered" as const) : ("in_transit" as const),
        shippedAt: at(-4),
        estimatedDeliveryAt: standing === "late" ? at(-3) : at(2),
        deliveredAt: standing === "delivered" ? at(-1) : undefined,
        events: [
          {
            state: "in_transit" as const,
            description: "Departed facility",
            location: "Köln, DE",
            occurredAt: at(-2),
          },
        ],
      }
    : null;
  const data: OrderImport = {
    customers: [{ email, name: options.name ?? "Emma Carter" }],
    orders: [
      {
        number,
        email,
        placedAt: at(-5),
        total: options.total ?? 89.9,
        currency: "EUR",
        status:
          standing === "delivered" ? "delivered" : standing === "not_shipped" ? "confirmed" : "fulfilled",
        lines: [{ sku: "LAMP-01", title: "Linen table lamp", quantity: 1, unitPrice: options.total ?? 89.9 }],
        shipments: shipment ? [shipment] : [],
      },
    ],
  };
  await importOrders(db, data);
  return { number, email, trackingNumber };
}

/** A plain customer email as RFC 5322 text. */
export function customerEmail(options: {
  from: string;
  subject: string;
  text: string;
  messageId?: string;
  headers?: Record<string, string>;
}): string {
  const extra = Object.entries(options.headers ?? {}).map(([k, v]) => `${k}: ${v}`);
  return [
    `From: Customer <${options.from}>`,
    "To: support@lumenandloom.example",
    `Subject: ${options.subject}`,
    `Message-ID: ${options.messageId ?? `<${unique()}@mail.example.com>`}`,
    `Date: ${new Date().toUTCString()}`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    ...extra,
    "",
    options.text,
    "",
  ].join("\r\n");
}
