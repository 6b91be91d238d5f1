import { describe, expect, it } from "vitest";
import { checkDraft } from "../../agent/check.ts";
import { type TemplateSet, templateLanguage, templateSets } from "../../agent/draft/templates.ts";
import { LocalModel } from "../../agent/model/local.ts";
import type {
  DecisionAction,
  DeliveryStanding,
  EmailForTriage,
  Facts,
  OrderFacts,
  ShipmentFacts,
} from "../../agent/types.ts";
import { extractEntities } from "../../agent/understand/extract.ts";

const added = ["es", "de", "fr"] as const;
const model = new LocalModel();
const tone = {
  brandName: "Lumen & Loom",
  signature: "The Lumen & Loom team",
  formality: "friendly",
} as const;

/** The variables a template reads: `order.number`, `shipment.eta`, … */
function variablesOf(template: string): string[] {
  const names = [...template.matchAll(/{{\s*([\w.]+)|{%\s*if\s+([\w.]+)/g)].map((m) => m[1] ?? m[2]);
  return [...new Set(names)].sort() as string[];
}

describe.each(added)("the %s templates", (language) => {
  const set = templateSets[language] as TemplateSet;
  const english = templateSets.en as TemplateSet;

  it("exist and are chosen for the language", () => {
    expect(set).toBeDefined();
    expect(templateLanguage(language)).toBe(language);
  });

  // The formal salutations flattened beside the rest: "formal.greeting", "formal.signOff", …
  const flat = (s: TemplateSet): Record<string, string> => {
    const { formal, ...rest } = s;
    return { ...rest, ...Object.fromEntries(Object.entries(formal).map(([k, v]) => [`formal.${k}`, v])) };
  };

  it.each(Object.keys(flat(english)))("%s states the same facts as the English one", (key) => {
    expect(variablesOf(flat(set)[key] as string)).toEqual(variablesOf(flat(english)[key] as string));
  });

  it("promise no refund, discount, voucher or compensation", () => {
    const promise =
      /reembols|descuento|\bcup[oó]n|compensaci|indemniz|erstatt|rabatt|gutschein|gutschrift|entsch[aä]dig|rembours|r[ée]duction|bon d'achat|dédommag|geste commercial/iu;
    for (const template of Object.values(flat(set))) expect(template).not.toMatch(promise);
  });
});

const shipment = (standing: DeliveryStanding): ShipmentFacts => ({
  carrier: "DPD",
  trackingNumber: "05212047135568",
  trackingUrl: "https://tracking.dpd.de/status/en_US/parcel/05212047135568",
  state: standing === "delivered" ? "delivered" : "in_transit",
  estimatedDeliveryAt: "2026-11-25T00:00:00Z",
  deliveredAt: standing === "delivered" ? "2026-11-20T10:00:00Z" : null,
  lastEvent: { description: "At DPD hub", location: "Aschaffenburg, DE", occurredAt: "2026-11-22T08:00:00Z" },
  standing,
  daysLate: standing === "late" ? 3 : 0,
  standingReason: standing,
});
const order = (standing: DeliveryStanding): OrderFacts => ({
  number: "LL-10223",
  status: standing === "not_shipped" ? "confirmed" : "fulfilled",
  placedAt: "2026-11-18T10:00:00Z",
  total: "85.90",
  currency: "EUR",
  lines: [{ title: "Rice paper pendant shade Ø60 cm", quantity: 1 }],
  shipments: standing === "not_shipped" ? [] : [shipment(standing)],
  standing,
});
const facts = (orders: OrderFacts[], overrides: Partial<Facts> = {}): Facts => ({
  sender: { email: "jonas.weber@example.de", known: true, name: "Jonas Weber", vip: false },
  orders,
  foreignOrderNumbers: [],
  unknownOrderNumbers: [],
  orderInferred: false,
  ...overrides,
});
const email = (subject: string, text: string): EmailForTriage => ({
  from: { address: "jonas.weber@example.de", name: "Jonas Weber" },
  to: ["support@lumenandloom.example"],
  subject,
  text,
  html: null,
  headers: {},
  contentType: "text/plain",
  receivedAt: new Date("2026-11-23T09:00:00Z"),
});

/** The whole local engine: classify the customer's email, then draft for the given facts and action. */
async function draftFor(subject: string, text: string, f: Facts, action: DecisionAction) {
  const received = email(subject, text);
  const classification = await model.classify(
    received,
    extractEntities(`${subject}\n${text}`, { prefixes: ["LL-"] }),
  );
  const draft = await model.draft({ email: received, classification, facts: f, tone, action });
  return { classification, draft, checks: checkDraft(draft, f, `${subject}\n${text}`) };
}

const whereIsMyOrder = {
  es: ["Pedido LL-10223", "Hola, ¿dónde está mi pedido LL-10223? Gracias"],
  de: ["Bestellung LL-10223", "Hallo, wo bleibt meine Bestellung LL-10223? Danke"],
  fr: ["Commande LL-10223", "Bonjour, où en est ma commande LL-10223 ? Merci"],
} as const;
/** Words each language's drafts use whatever the standing, and English ones they must not. */
const ownWords = {
  es: /\b(pedido|Hola|saludo)\b/,
  de: /\b(Bestellung|Ihre?|Grüße)\b/,
  fr: /\b(commande|Bonjour|cordialement)\b/,
} as const;
const standings: DeliveryStanding[] = [
  "not_shipped",
  "on_time",
  "late",
  "exception",
  "attempt_failed",
  "delivered",
  "returned",
];

describe.each(added)("a %s where-is-my-order", (language) => {
  const [subject, text] = whereIsMyOrder[language];

  it.each(standings)(
    "is answered in the customer's language when %s, and passes the checks",
    async (standing) => {
      const { classification, draft, checks } = await draftFor(
        subject,
        text,
        facts([order(standing)]),
        "review",
      );
      expect(classification.language).toBe(language);
      expect(draft.language).toBe(language);
      expect(draft.body).toMatch(ownWords[language]);
      expect(draft.body).not.toMatch(/\b(order|Tracking number|Best regards|Thanks)\b/);
      expect(draft.body).toContain("LL-10223");
      if (standing !== "not_shipped") expect(draft.body).toContain("DPD");
      expect(checks.filter((c) => !c.passed)).toEqual([]);
    },
  );

  it("gives the tracking number and link when the parcel is on its way", async () => {
    const { draft } = await draftFor(subject, text, facts([order("on_time")]), "auto_send");
    expect(draft.body).toContain("05212047135568");
    expect(draft.body).toContain("https://tracking.dpd.de/status/en_US/parcel/05212047135568");
    expect(draft.body.startsWith(language === "de" ? "Hallo Jonas," : "")).toBe(true);
  });

  it("asks for the order number when the order is not found, without inventing one", async () => {
    const f = facts([], { unknownOrderNumbers: ["LL-10223"], sender: { ...facts([]).sender, name: null } });
    const { draft, checks } = await draftFor(subject, text, f, "review");
    expect(draft.body).toContain("LL-10223");
    expect(draft.body).toMatch(ownWords[language]);
    expect(checks.filter((c) => !c.passed)).toEqual([]);
  });
});

describe("a request a person will handle", () => {
  it.each([
    [
      "es",
      "Reembolso",
      "Quiero un reembolso del pedido LL-10223, la lámpara llegó rota.",
      "Gracias por su mensaje",
    ],
    [
      "de",
      "Erstattung",
      "Die Lampe ist kaputt, ich möchte mein Geld zurück. Bestellung LL-10223.",
      "vielen Dank für Ihre Nachricht",
    ],
    [
      "fr",
      "Remboursement",
      "La lampe est arrivée cassée, je veux être remboursé. Commande LL-10223.",
      "Merci pour votre message",
    ],
  ])("gets a holding reply in %s that promises nothing", async (language, subject, text, thanks) => {
    const { classification, draft, checks } = await draftFor(
      subject,
      text,
      facts([order("delivered")]),
      "review",
    );
    expect(classification.language).toBe(language);
    expect(["refund", "damaged_or_wrong_item"]).toContain(classification.intent);
    expect(draft.body).toContain(thanks);
    expect(draft.body).toContain("LL-10223");
    expect(draft.body).not.toMatch(/reembols|erstatt|rembours/i);
    expect(checks.filter((c) => !c.passed)).toEqual([]);
  });
});

describe("German drafts", () => {
  it("address the customer formally (Sie), never with du", async () => {
    for (const standing of standings) {
      const { draft } = await draftFor(...whereIsMyOrder.de, facts([order(standing)]), "review");
      expect(draft.body).toMatch(/\b(Sie|Ihr\w*|Ihnen)\b/);
      expect(draft.body).not.toMatch(/\b(du|dich|dir|dein\w*)\b/i);
    }
  });
});
