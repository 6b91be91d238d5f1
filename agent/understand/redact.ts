import { containsCardNumber } from "../policy.ts";

/**
 * Financial account details are removed before any hosted model reads an email: a model never needs a
 * card number to answer, and what is not sent cannot be logged, cached or repeated by a provider. The
 * policy still reads the original text (a card number sends the email to a person).
 */
export interface Redacted {
  text: string;
  /** What was removed, one entry per occurrence, in order: "card_number", "iban", "security_code". */
  removed: RedactionKind[];
}

export type RedactionKind = "card_number" | "iban" | "security_code";

export const redactionMarkers: Record<RedactionKind, string> = {
  card_number: "[card number removed]",
  iban: "[bank account number removed]",
  security_code: "[security code removed]",
};

// A run of digit groups (spaces or dashes between them); the card number may be any span of its groups.
const digitRun = /\b\d+(?:[ -]\d+)*\b/g;
const iban = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/gi;
const securityCode =
  /\b(cvv2?|cvc2?|csc|security code|card verification (?:code|value))(\s*(?:code|number|no\.?)?\s*[:#=]?\s*)\d{3,4}\b/gi;

export function redactFinancialDetails(text: string): Redacted {
  const removed: RedactionKind[] = [];
  let out = text.replace(securityCode, (_match, label: string, gap: string) => {
    removed.push("security_code");
    return `${label}${gap}${redactionMarkers.security_code}`;
  });
  out = out.replace(iban, (candidate) => {
    if (!isIban(candidate)) return candidate;
    removed.push("iban");
    return redactionMarkers.iban;
  });
  out = out.replace(digitRun, (run) => {
    const redacted = redactCardPrefix(run);
    if (redacted === null) return run;
    removed.push("card_number");
    return redacted;
  });
  return { text: out, removed };
}

/**
 * "4111 1111 1111 1111 123" is a card number followed by its security code: the card is the run, or
 * its first groups (longest first). Only prefixes are tried — every span of a long reference number
 * would pass the Luhn check by chance far too often.
 */
function redactCardPrefix(run: string): string | null {
  const groups = run.split(/([ -])/);
  for (let end = groups.length; end > 0; end -= 2) {
    const digits = groups.slice(0, end).join("").replace(/\D/g, "");
    if (digits.length < 13) return null;
    if (digits.length <= 19 && containsCardNumber(digits)) {
      return redactionMarkers.card_number + groups.slice(end).join("");
    }
  }
  return null;
}

/** ISO 13616: country, check digits, then the account; valid when the rearranged number mod 97 is 1. */
function isIban(candidate: string): boolean {
  const compact = candidate.replace(/ /g, "").toUpperCase();
  if (compact.length < 15 || compact.length > 34) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const value = char >= "A" && char <= "Z" ? String(char.charCodeAt(0) - 55) : char;
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}
