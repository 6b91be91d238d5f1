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

/** How a shipment stands for the customer: the server works it out as the agent's policy does. */
export type ShipmentStanding = ShipmentView["standing"];

export const standingColors: Record<ShipmentStanding, string> = {
  delivered: "green",
  on_time: "blue",
  late: "red",
  exception: "red",
  attempt_failed: "orange",
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
