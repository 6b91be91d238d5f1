import type { FactsSource } from "../../agent/pipeline.ts";
import type {
  DeliveryStanding,
  EmailForTriage,
  Facts,
  OrderFacts,
  ShipmentFacts,
  Tone,
} from "../../agent/types.ts";
import { type OrderNumberFormat, orderNumberCandidates } from "../../agent/understand/extract.ts";

/**
 * A store in memory for the agent alone (no database): customers and their orders as facts, looked up
 * the way agent/lookup.ts does — only the sender's own orders, another customer's named order reported by
 * number only, the sender's one open order inferred when none is named.
 */
export const orderFormat: OrderNumberFormat = { prefixes: ["LL-"] };
export const storeAddress = "support@lumenandloom.example";
export const tone: Tone = {
  brandName: "Lumen & Loom",
  signature: "The Lumen & Loom team",
  formality: "friendly",
};

const day = 86_400_000;

export function shipment(
  standing: DeliveryStanding,
  trackingNumber: string,
  now = new Date("2026-11-24T09:00:00Z"),
): ShipmentFacts {
  const at = (days: number) => new Date(now.getTime() + days * day).toISOString();
  const eta = standing === "late" ? at(-3) : at(2);
  return {
    carrier: "UPS",
    trackingNumber,
    trackingUrl: `https://www.ups.com/track?tracknum=${trackingNumber}`,
    state: standing === "delivered" ? "delivered" : "in_transit",
    estimatedDeliveryAt: eta,
    deliveredAt: standing === "delivered" ? at(-1) : null,
    lastEvent: { description: "Departed facility", location: "Köln, DE", occurredAt: at(-1) },
    standing,
    daysLate: standing === "late" ? 3 : 0,
    standingReason: standing === "late" ? "late: ETA passed 3 days ago" : `${standing}`,
  };
}

export function order(number: string, standing: DeliveryStanding, trackingNumber: string): OrderFacts {
  return {
    number,
    status: standing === "delivered" ? "delivered" : "fulfilled",
    placedAt: "2026-11-18T10:00:00Z",
    total: "89.90",
    currency: "EUR",
    lines: [{ title: "Linen table lamp", quantity: 1 }],
    shipments: standing === "not_shipped" ? [] : [shipment(standing, trackingNumber)],
    standing,
  };
}

export interface StoredCustomer {
  email: string;
  name: string;
  vip?: boolean;
  orders: OrderFacts[];
}

export function inMemoryFacts(customers: StoredCustomer[]): FactsSource {
  return async ({ senderEmail, orderNumbers }): Promise<Facts> => {
    const email = senderEmail.toLowerCase();
    const customer = customers.find((c) => c.email === email);
    const owned: OrderFacts[] = [];
    const foreignOrderNumbers: string[] = [];
    const unknownOrderNumbers: string[] = [];
    for (const written of orderNumbers) {
      const forms = orderNumberCandidates(written, orderFormat);
      const owner = customers.find((c) => c.orders.some((o) => forms.includes(o.number)));
      const found = owner?.orders.find((o) => forms.includes(o.number));
      if (!owner || !found) unknownOrderNumbers.push(written);
      else if (owner.email === email) owned.push(found);
      else foreignOrderNumbers.push(written);
    }
    const open = customer?.orders.filter((o) => o.status !== "delivered") ?? [];
    const orderInferred = orderNumbers.length === 0 && open.length === 1;
    if (orderInferred) owned.push(open[0] as OrderFacts);
    return {
      sender: { email, known: Boolean(customer), name: customer?.name ?? null, vip: customer?.vip ?? false },
      orders: owned,
      foreignOrderNumbers,
      unknownOrderNumbers,
      orderInferred,
    };
  };
}

export function customerEmail(
  from: { address: string; name: string | null },
  subject: string,
  text: string,
  headers: Record<string, string> = {},
): EmailForTriage {
  return {
    from,
    to: [storeAddress],
    subject,
    text,
    html: null,
    headers,
    contentType: "text/plain",
    receivedAt: new Date("2026-11-24T09:00:00Z"),
  };
}
