import { describe, expect, it } from "vitest";
import { plainTextEmail } from "../../agent/email.ts";
import { LocalModel } from "../../agent/model/local.ts";
import { extractEntities } from "../../agent/understand/extract.ts";
import { urgencyOf } from "../../agent/understand/urgency.ts";

const format = { prefixes: ["LL-"] };
const email = (text: string) => plainTextEmail(text, { from: "ana@example.com", name: "Ana" });

describe("contact details in the text", () => {
  it("finds email addresses and international phone numbers, normalised", () => {
    const entities = extractEntities(
      "Please write to Ana.Pop@Example.ro or call +40 721 234 567 (or +1 (415) 555-2671) about LL-10234.",
      format,
    );
    expect(entities.emails).toEqual(["ana.pop@example.ro"]);
    expect(entities.phones).toEqual(["+40721234567", "+14155552671"]);
    expect(entities.orderNumbers).toEqual(["LL-10234"]);
  });

  it.each(["invoice #12588", "my bill #12588", "the bil #12588", "ticket #12588"])(
    "does not take %s for an order number",
    (text) => {
      expect(extractEntities(`Please check ${text}`, format).orderNumbers).toEqual([]);
    },
  );

  it("takes no national number or order number for a phone", () => {
    expect(extractEntities("My order 12345678 — call 0721 234 567", format).phones).toEqual([]);
  });
});

describe("urgency", () => {
  it.each([
    ["I need it urgently for a wedding on Saturday", "high"],
    ["Am nevoie de comandă azi", "high"],
    ["Ich brauche es dringend", "high"],
    ["我急用，今天能到吗", "high"],
    ["Where is my order?", "normal"],
  ])("%s → %s", (text, expected) => {
    expect(urgencyOf(text, "neutral")).toBe(expected);
  });

  it("is high when the customer is angry", () => {
    expect(urgencyOf("Where is my order?", "angry")).toBe("high");
  });
});

describe("a second request in the same email", () => {
  const model = new LocalModel();
  it("is kept beside the first when both are clearly asked", async () => {
    const text = "Where is my order LL-10234? And I want to change the delivery address.";
    const c = await model.classify(email(text), extractEntities(text, format));
    const both = [c.intent, c.secondary?.intent];
    expect(both).toContain("order_status");
    expect(both).toContain("change_order");
  });

  it("is absent when the email asks one thing", async () => {
    const text = "Where is my order LL-10234?";
    const c = await model.classify(email(text), extractEntities(text, format));
    expect(c.secondary).toBeNull();
  });
});
