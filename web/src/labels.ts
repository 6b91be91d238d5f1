import type { DecisionAction, ReviewListItem, ShipmentView } from "../../server/api/types.ts";

/** "damaged_or_wrong_item" → "damaged or wrong item". */
export function humanize(value: string): string {
  return value.replaceAll("_", " ");
}

export const actionLabels: Record<DecisionAction, string> = {
  auto_send: "Auto-answered",
  review: "In review",
  escalate: "Escalated",
  ignore: "Ignored",
};

export const actionColors: Record<DecisionAction, string> = {
  auto_send: "green",
  review: "yellow",
  escalate: "red",
  ignore: "gray",
};

export const priorityColors: Record<ReviewListItem["priority"], string> = {
  urgent: "red",
  high: "orange",
  normal: "blue",
  low: "gray",
};

export const itemStatusColors: Record<ReviewListItem["status"], string> = {
  open: "yellow",
  approved: "green",
  rejected: "red",
  closed: "gray",
};

export type ShipmentStanding = "delivered" | "on_time" | "late" | "exception" | "not_shipped" | "returned";

const troubleStates = new Set(["exception", "expired", "attempt_fail"]);

/**
 * How a shipment stands for the customer. The API sends the carrier's raw state, so "late" (ETA passed,
 * not delivered) is worked out here, the same way the agent's lookup does it.
 */
export function shipmentStanding(shipment: ShipmentView, now = Date.now()): ShipmentStanding {
  if (shipment.state === "delivered") return "delivered";
  if (shipment.state === "returned") return "returned";
  if (troubleStates.has(shipment.state)) return "exception";
  if (shipment.state === "pending" || shipment.state === "info_received") return "not_shipped";
  const eta = shipment.estimatedDeliveryAt ? Date.parse(shipment.estimatedDeliveryAt) : Number.NaN;
  return eta < now ? "late" : "on_time";
}

export const standingColors: Record<ShipmentStanding, string> = {
  delivered: "green",
  on_time: "blue",
  late: "red",
  exception: "red",
  not_shipped: "gray",
  returned: "orange",
};

export function formatMoney(amount: string, currency: string): string {
  const value = Number(amount);
  if (!Number.isFinite(value)) return `${amount} ${currency}`;
  try {
    return new Intl.NumberFormat(undefined, { style: "currency", currency }).format(value);
  } catch {
    // An unknown currency code makes Intl throw; show the raw figures instead.
    return `${amount} ${currency}`;
  }
}
