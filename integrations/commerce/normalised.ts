import type { OrderStatus, ReturnStatus, ShipmentState } from "../../db/schema/commerce.ts";

/**
 * The one model every feed normalises into (DESIGN.md: `CommerceFeed`). Fields a payload does not
 * carry stay undefined and leave the stored value alone; the apply step upserts on natural keys
 * (customer email, order number, carrier + tracking number, RMA number).
 */
export interface NormalisedOrderLine {
  sku: string;
  title: string;
  quantity: number;
  unitPrice: string;
}

export interface NormalisedOrder {
  number: string;
  email?: string;
  customerName?: string;
  phone?: string;
  /** Customer tags from the source ("VIP" makes the customer a VIP). */
  customerTags?: string[];
  status?: OrderStatus;
  placedAt?: Date;
  total?: string;
  currency?: string;
  lines?: NormalisedOrderLine[];
  /** When the source last changed the order; an older payload never overwrites a newer one. */
  updatedAt?: Date;
}

export interface NormalisedShipmentEvent {
  state: ShipmentState;
  rawStatus?: string;
  description: string;
  location?: string;
  occurredAt: Date;
}

export interface NormalisedShipment {
  /** Needed to create a shipment the store does not know yet; a known tracking number is enough to update. */
  orderNumber?: string;
  carrier?: string;
  trackingNumber: string;
  trackingUrl?: string;
  /** The state now, as the payload reports it, and the instant it reports it for. */
  state?: ShipmentState;
  rawStatus?: string;
  stateAt?: Date;
  shippedAt?: Date;
  estimatedDeliveryAt?: Date;
  deliveredAt?: Date;
  events: NormalisedShipmentEvent[];
}

export interface NormalisedReturn {
  orderNumber: string;
  rmaNumber: string;
  status: ReturnStatus;
  reason?: string;
  updatedAt?: Date;
}

export interface NormalisedUpdate {
  orders: NormalisedOrder[];
  shipments: NormalisedShipment[];
  returns: NormalisedReturn[];
}

export const emptyUpdate = (): NormalisedUpdate => ({ orders: [], shipments: [], returns: [] });

/** A payload the feed could not read, with every problem found (field path: what is wrong). */
export class NormalisationError extends Error {
  override name = "NormalisationError";
  constructor(readonly problems: string[]) {
    super(problems.join("; "));
  }
}

/** Order numbers are stored without a leading '#' (Shopify names orders "#1001"). */
export function orderNumberOf(raw: string): string {
  return raw.trim().replace(/^#/, "");
}
