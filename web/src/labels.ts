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

// Shades 8–9 throughout: lighter ones fail WCAG AA contrast on white (axe color-contrast).
export const actionColors: Record<DecisionAction, string> = {
  auto_send: "teal.9",
  review: "violet.9",
  escalate: "red.9",
  ignore: "gray.8",
};

export const priorityColors: Record<ReviewListItem["priority"], string> = {
  urgent: "red.9",
  high: "red.9",
  normal: "blue.9",
  low: "gray.8",
};

export const itemStatusColors: Record<ReviewListItem["status"], string> = {
  open: "blue.9",
  approved: "teal.9",
  rejected: "red.9",
  closed: "gray.8",
};

/** How a shipment stands for the customer: the server works it out as the agent's policy does. */
export type ShipmentStanding = ShipmentView["standing"];

export const standingColors: Record<ShipmentStanding, string> = {
  delivered: "teal.9",
  on_time: "blue.9",
  late: "red.9",
  exception: "red.9",
  attempt_failed: "grape.9",
  not_shipped: "gray.8",
  returned: "grape.9",
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
