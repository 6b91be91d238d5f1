import { describe, expect, it } from "vitest";
import { checkDraft } from "../../agent/check.ts";
import { LocalModel } from "../../agent/model/local.ts";
import type {
  Classification,
  DraftInput,
  Facts,
  RedraftInstruction,
  RedraftPreset,
  ShipmentFacts,
} from "../../agent/types.ts";

const model = new LocalModel();
const tone = {
  brandName: "Lumen & Loom",
  signature: "The Lumen & Loom team",
  formality: "friendly",
} as const;

const shipment: ShipmentFacts = {
  carrier: "UPS",
  trackingNumber: "1Z999AA10123456784",
  trackingUrl: "https://www.ups.com/track?tracknum=1Z999AA10123456784",
  state: "in_transit",
  estimatedDeliveryAt: "2026-11-18T00:00:00Z",
  deliveredAt: null,
  lastEvent: {
    description: "Departed facility",
    location: "Leipzig, DE",
    occurredAt: "2026-11-19T08:00:00Z",
  },
  standing: "late",
  daysLate: 5,
  standingReason: "late",
};
const facts: Facts = {
  sender: { email: "ana@example.com", known: true, name: "Ana Pop", vip: false },
  orders: [
    {
      number: "LL-20001",
      status: "fulfilled",
      placedAt: "2026-11-10T10:00:00Z",
      total: "64.00",
      currency: "EUR",
      lines: [{ title: "Linen cushion cover", quantity: 2 }],
      shipments: [shipment],
      standing: "late",
    },
  ],
  foreignOrderNumbers: [],
  unknownOrderNumbers: [],
  orderInferred: false,
};

const customerText = {
  en: "Where is my order LL-20001? It should have arrived by now.",
  ro: "Unde este comanda mea LL-20001? Trebuia să ajungă deja.",
  "zh-Hans": "我的订单 LL-20001 在哪里？应该早就到了。",
} as const;
type Language = keyof typeof customerText;

function input(
  language: Language,
  instruction?: Partial<RedraftInstruction>,
  intent: Classification["intent"] = "order_status",
): DraftInput {
  const classification: Classification = {
    intent,
    confidence: 0.9,
    language,
    sentiment: "negative",
    engine: "local",
  };
  return {
    email: {
      from: { address: "ana@example.com", name: "Ana Pop" },
      to: ["support@lumenandloom.example"],
      subject: "Order LL-20001",
      text: customerText[language],
      html: null,
      headers: {},
      contentType: "text/plain",
      receivedAt: new Date("2026-11-23T09:00:00Z"),
    },
    classification,
    facts,
    tone,
    action: "review",
    ...(instruction ? { instruction: { presets: [], text: null, previous: "", ...instruction } } : {}),
  };
}

async function redraft(
  language: Language,
  presets: RedraftPreset[],
  text: string | null = null,
  intent: Classification["intent"] = "order_status",
) {
  const draft = await model.draft(input(language, { presets, text }, intent));
  return draft.body;
}

const expectations: Record<
  Language,
  { apology: RegExp; replacement: RegExp; friendlyClose: string; formalClose: string }
> = {
  en: {
    apology: /sorry for the trouble/,
    replacement: /replacement/,
    friendlyClose: "Best regards,",
    formalClose: "Kind regards,",
  },
  ro: {
    apology: /Ne cerem scuze/,
    replacement: /produs nou în locul/,
    friendlyClose: "Cu drag,",
    formalClose: "Cu stimă,",
  },
  "zh-Hans": {
    apology: /深表歉意/,
    replacement: /补发/,
    friendlyClose: "祝好，",
    formalClose: "此致",
  },
};

describe.each(Object.keys(customerText) as Language[])("regenerating a %s reply locally", (language) => {
  const expected = expectations[language];

  it("'shorter' keeps the order and tracking number and says less", async () => {
    const plain = (await model.draft(input(language))).body;
    const shorter = await redraft(language, ["shorter"]);
    expect(shorter.length).toBeLessThan(plain.length);
    expect(shorter).toContain("LL-20001");
    expect(shorter).toContain(shipment.trackingNumber);
    expect(checkDraft({ subject: "Re", body: shorter, language }, facts, customerText[language])).toSatisfy(
      (checks: { passed: boolean }[]) => checks.every((c) => c.passed),
    );
  });

  it("'more formal' uses the formal salutations", async () => {
    const plain = (await model.draft(input(language))).body;
    expect(plain).toContain(expected.friendlyClose);
    const formal = await redraft(language, ["more_formal"]);
    expect(formal).toContain(expected.formalClose);
    expect(formal).not.toContain(expected.friendlyClose);
  });

  it("'apologise' opens with an apology", async () => {
    // A damaged item gets the holding reply, which does not apologise by itself.
    const plain = (await model.draft(input(language, undefined, "damaged_or_wrong_item"))).body;
    expect(plain).not.toMatch(expected.apology);
    const sorry = await redraft(language, ["apologise"], null, "damaged_or_wrong_item");
    expect(sorry).toMatch(expected.apology);
    // In the paragraph after the greeting, not tacked on at the end.
    expect(sorry.split("\n\n")[1]).toMatch(expected.apology);
  });

  it("'apologise' leaves a reply that already apologises as it is", async () => {
    const plain = (await model.draft(input(language))).body;
    expect(await redraft(language, ["apologise"])).toBe(plain);
  });

  it("'offer a replacement' offers one without promising a refund or discount", async () => {
    const offer = await redraft(language, ["offer_replacement"]);
    expect(offer).toMatch(expected.replacement);
    const checks = checkDraft({ subject: "Re", body: offer, language }, facts, customerText[language]);
    expect(checks.find((c) => c.check === "no_unapproved_promise")?.passed).toBe(true);
  });
});

describe("a person's own words", () => {
  it.each([
    ["en", "please make it shorter and apologise", ["shorter", "apologise"]],
    ["ro", "mai scurt și cere-ți scuze", ["shorter", "apologise"]],
    ["zh-Hans", "请正式一点，并提出换货", ["more_formal", "offer_replacement"]],
  ] as const)("in %s are read as the quick asks (%s)", async (language, text, presets) => {
    const fromWords = await redraft(language, [], text);
    const fromChips = await redraft(language, [...presets]);
    expect(fromWords).toBe(fromChips);
    expect(fromWords).not.toBe((await model.draft(input(language))).body);
  });
});
