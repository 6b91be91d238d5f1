import { type ShipmentState, shipmentStates } from "../../db/schema/commerce.ts";

/**
 * Carrier and platform status words → the one shipment vocabulary (PROVIDERS.md, "Commerce data").
 * Keys are compared after lower-casing and removing spaces, '-' and '_', so "InTransit", "in_transit"
 * and "In transit" are one key. The raw status is always kept beside the normalised state.
 */
const vocabulary: Record<string, ShipmentState> = {
  // Our own words, so a generic feed may send them as they are.
  ...Object.fromEntries(shipmentStates.map((s) => [squash(s), s])),
  // AfterShip tags.
  inforeceived: "info_received",
  intransit: "in_transit",
  outfordelivery: "out_for_delivery",
  attemptfail: "attempt_fail",
  availableforpickup: "out_for_delivery",
  // EasyPost tracker statuses.
  pretransit: "info_received",
  returntosender: "returned",
  failure: "exception",
  cancelled: "exception",
  error: "exception",
  unknown: "pending",
  // Shopify fulfillment shipment_status.
  labelprinted: "info_received",
  labelpurchased: "info_received",
  confirmed: "info_received",
  attempteddelivery: "attempt_fail",
  readyforpickup: "out_for_delivery",
  // Words ERPs and WMSs commonly use.
  shipped: "in_transit",
  dispatched: "in_transit",
  transit: "in_transit",
  failedattempt: "attempt_fail",
  lost: "exception",
  damaged: "exception",
  returned: "returned",
};

function squash(word: string): string {
  return word.toLowerCase().replace(/[\s_-]+/g, "");
}

/** The normalised state for a carrier's status word, or null when the word is not known. */
export function normaliseShipmentState(raw: string): ShipmentState | null {
  return vocabulary[squash(raw)] ?? null;
}

/**
 * How far along its life a state is, to order two events stamped with the same instant: the one
 * further along wins (a "delivered" and an "out for delivery" at the same second → delivered).
 */
export const stateProgress: Record<ShipmentState, number> = {
  pending: 0,
  info_received: 1,
  in_transit: 2,
  out_for_delivery: 3,
  attempt_fail: 4,
  exception: 5,
  expired: 6,
  delivered: 7,
  returned: 8,
};

/** Carrier slugs (AfterShip `slug`, EasyPost `carrier`) → the names the store's shipments use. */
const carrierNames: Record<string, string> = {
  ups: "UPS",
  usps: "USPS",
  fedex: "FedEx",
  dhl: "DHL",
  "dhl-express": "DHL",
  dhlexpress: "DHL",
  dpd: "DPD",
  gls: "GLS",
  "royal-mail": "Royal Mail",
  "deutsche-post": "Deutsche Post",
  "fan-courier": "FAN Courier",
  sameday: "Sameday",
};

export function carrierName(raw: string): string {
  const trimmed = raw.trim();
  return carrierNames[trimmed.toLowerCase()] ?? trimmed;
}
