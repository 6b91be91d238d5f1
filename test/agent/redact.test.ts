import { describe, expect, it } from "vitest";
import { redactFinancialDetails } from "../../agent/understand/redact.ts";

describe("redacting financial details before a model reads an email", () => {
  it.each([
    ["card 4111 1111 1111 1111 please", "card [card number removed] please", ["card_number"]],
    ["card 4111-1111-1111-1111.", "card [card number removed].", ["card_number"]],
    ["4111111111111111", "[card number removed]", ["card_number"]],
    // Amex groups 4-6-5, then the security code written straight after.
    ["3782 822463 10005 123", "[card number removed] 123", ["card_number"]],
    ["CVV: 123, expires 12/28", "CVV: [security code removed], expires 12/28", ["security_code"]],
    ["IBAN DE89 3704 0044 0532 0130 00 thanks", "IBAN [bank account number removed] thanks", ["iban"]],
    ["GB82WEST12345698765432", "[bank account number removed]", ["iban"]],
  ])("%s", (text, expected, removed) => {
    expect(redactFinancialDetails(text)).toEqual({ text: expected, removed });
  });

  it.each([
    "Where is my order LL-10234?",
    "Tracking 1Z999AA10123456784, phone +44 20 7946 0958",
    // 16 digits that fail the Luhn check are not a card.
    "Reference 1234 5678 9012 3456",
    "USPS 9400111899223197428490",
    "GB00WEST12345698765432 is not a valid IBAN",
  ])("leaves %s alone", (text) => {
    expect(redactFinancialDetails(text)).toEqual({ text, removed: [] });
  });
});
