import { findPhoneNumbersInText } from "libphonenumber-js";
import type { Entities } from "../types.ts";

/** How the store writes its order numbers: "LL-10234" has the prefix "LL-". */
export interface OrderNumberFormat {
  /** Prefixes the store puts before the digits; customers often leave them out. */
  prefixes: string[];
}

// "ord[a-z]{0,3}" forgives typos customers make ("ordr", "ordedr"); lookup confirms the number anyway.
const orderWords =
  "ord[a-z]{0,3}|purchases?|comanda|comandă|comenzii|comanzii|commande|pedido|bestellung|auftrag|ordine|订单|訂單|单号|單號";
const orderContext = new RegExp(
  `(?:${orderWords})\\s*(?:no\\.?|nr\\.?|number|num[aă]r(?:ul)?|id|#|号|號|编号|編號)?\\s*[:：#]?\\s*#?\\s*([A-Z]{1,4}-?\\d{3,20}|\\d{4,20})`,
  "giu",
);
const hashNumber = /(?:^|[\s(（,，:：])#\s?([A-Z]{0,4}-?\d{4,20})\b/giu;
/** "#12588" after these words numbers an invoice, a ticket or a case, not an order. */
const otherDocument =
  /(invoice|bil{1,2}|receipt|factur[aă]?|ticket|case|rma|发票|發票)\s*(no\.?|nr\.?|number)?\s*$/u;
/** A long bare number is most often an order number; phone numbers come with + or separators. */
const bareNumber = /(?<![+\d\w-])\d{6,20}(?![\d\w-])/gu;

const trackingPatterns: { carrier: string; pattern: RegExp }[] = [
  { carrier: "UPS", pattern: /\b1Z[0-9A-Z]{16}\b/g },
  // UPU S10: two letters, eight digits + check digit, ISO country code (e.g. EE123456789TW).
  { carrier: "UPU", pattern: /\b[A-Z]{2}\d{9}[A-Z]{2}\b/g },
  { carrier: "SF Express", pattern: /\bSF\d{12,13}\b/g },
  { carrier: "USPS", pattern: /\b9[1-5]\d{18,20}\b/g },
];
const trackingContext =
  /(?:tracking|awb|suivi|seguimiento|sendungsnummer|urmărire|urmarire|运单|運單|快递单号|追踪号|追蹤號)[\s:：#]*(?:number|no\.?|nr\.?|id|code|cod)?[\s:：#]*(\d{10,22})\b/giu;

/** Deterministic entity extraction; runs before (and regardless of) any model. */
export function extractEntities(text: string, format: OrderNumberFormat): Entities {
  const tracking = new Set<string>();
  for (const { pattern } of trackingPatterns) {
    for (const match of text.toUpperCase().matchAll(pattern)) tracking.add(match[0]);
  }
  for (const match of text.matchAll(trackingContext)) if (match[1]) tracking.add(match[1]);

  const orders = new Set<string>();
  const add = (value: string | undefined) => {
    const n = value?.toUpperCase();
    if (n && !tracking.has(n)) orders.add(n);
  };
  for (const prefix of format.prefixes) {
    // Customers write "LL-10234", "LL 10234" and "ll10234" alike.
    const letters = escapeRegExp(prefix.replace(/[-\s]+$/, ""));
    const pattern = new RegExp(`(?<![A-Z0-9])${letters}[-\\s]?(\\d{3,12})\\b`, "giu");
    for (const match of text.matchAll(pattern)) add(`${prefix.toUpperCase()}${match[1]}`);
  }
  for (const match of text.matchAll(orderContext)) add(match[1]);
  for (const match of text.matchAll(hashNumber)) {
    const before = text.slice(Math.max(0, (match.index ?? 0) - 24), match.index).toLowerCase();
    if (!otherDocument.test(before)) add(match[1]);
  }
  if (orders.size === 0) for (const match of text.matchAll(bareNumber)) add(match[0]);
  return {
    orderNumbers: dropCovered([...orders]),
    trackingNumbers: [...tracking],
    emails: [...new Set([...text.matchAll(emailAddress)].map((m) => m[0].toLowerCase()))],
    // Only numbers written with their country code: a bare national number is ambiguous across countries.
    phones: [...new Set(findPhoneNumbersInText(text).map((found) => found.number.number))],
  };
}

const emailAddress = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;

/**
 * The numbers to look an extracted order number up by: as written, and with or without each of the
 * store's prefixes ("10234" → "LL-10234"; "LL10234" → "LL-10234").
 */
export function orderNumberCandidates(extracted: string, format: OrderNumberFormat): string[] {
  const candidates = new Set([extracted]);
  const digits = extracted.replace(/^[A-Z]+-?/i, "");
  for (const prefix of format.prefixes) candidates.add(`${prefix.toUpperCase()}${digits}`);
  if (/^\d+$/.test(digits)) candidates.add(digits);
  return [...candidates];
}

/** "10234" found by the generic pattern is the same order as "LL-10234" found by the store's. */
function dropCovered(numbers: string[]): string[] {
  return numbers.filter(
    (n) => !numbers.some((other) => other !== n && other.endsWith(n) && /\D/.test(other)),
  );
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
