import type { ScreenVerdict } from "./screen.ts";
import type {
  CheckResult,
  Classification,
  Decision,
  DecisionAction,
  DecisionReason,
  Facts,
  Intent,
} from "./types.ts";

export interface PolicySettings {
  /** Below this model confidence nothing is auto-sent (invariant 4). */
  autoSendMinConfidence: number;
  /** Orders worth more than this, in EUR, always go to a person. */
  highValueThreshold: number;
  /** Intents that may be answered without a person when every other rule allows it. */
  autoSendIntents: Intent[];
}

export const defaultPolicy: PolicySettings = {
  autoSendMinConfidence: 0.85,
  highValueThreshold: 500,
  autoSendIntents: ["order_status"],
};

export interface PolicyInput {
  screen: ScreenVerdict;
  /** null when the model could not be reached. */
  classification: Classification | null;
  facts: Facts | null;
  /** The customer's own words (subject + body), for the keyword rules. */
  text: string;
  checks: CheckResult[];
  /** The HTML carried text a reader would not see: a known prompt-injection channel. */
  hiddenText?: boolean;
}

const rank: Record<DecisionAction, number> = { ignore: 0, auto_send: 1, review: 2, escalate: 3 };

/** Words that always put a person on the conversation: legal or payment-dispute threats. */
const legalThreat =
  /\b(chargeback|charge back|dispute (the|this) (charge|payment)|lawyer|attorney|solicitor|legal action|small claims|take (you|this) to court|police|consumer protection|avocat|instanț|poliți|protecția consumatorului|anpc|abogad[oa]s?|denuncia\w*|contracargo|facua|anwalt\w*|rückbuchung|rücklastschrift|polizei|verbraucherzentrale|gerichtlich\w*|porter plainte|tribunal|opposition bancaire|dgccrf|mise en demeure)\b|律师|律師|起诉|起訴|报警|報警|消协|消保/iu;
/** Words addressed to a model rather than to a shop: a prompt injection, whatever else the email asks. */
const instructionsToModel =
  /ignore (all |any )?(the )?(previous|prior|above) (instructions|rules)|system (note|prompt|message)|you are (an? )?(ai|assistant|language model)|^\s*(assistant|system)\s*:|disregard (your|the) (rules|policy|instructions)/imu;
const cardNumber = /\b(?:\d[ -]?){13,19}\b/g;

/**
 * The policy: deterministic rules over facts, never over the model's free text. Every rule that fires
 * adds a reason; the most cautious action wins. The handovers in `alwaysHandOver` cannot be switched off.
 */
export function decide(input: PolicyInput, settings: PolicySettings): Decision {
  const { screen, classification: c, facts, text } = input;
  if (!screen.isCustomer) {
    return { action: "ignore", reasons: [{ rule: screen.rule ?? "screen", detail: screen.detail ?? "" }] };
  }
  const reasons: (DecisionReason & { action: DecisionAction })[] = [];
  const fire = (action: DecisionAction, rule: string, detail: string) =>
    reasons.push({ action, rule, detail });

  // Handovers no setting can switch off.
  const threat = legalThreat.exec(text);
  if (threat) fire("escalate", "handover.legal_or_chargeback", `the customer wrote "${threat[0]}"`);
  if (containsCardNumber(text))
    fire("review", "handover.financial_details", "the email contains a card number");
  if (c?.sentiment === "angry") fire("escalate", "handover.angry", "the customer is angry");
  if (c?.intent === "human_request")
    fire("review", "handover.human_request", "the customer asked for a person");
  const injected = instructionsToModel.exec(text);
  if (injected)
    fire(
      "review",
      "input.instructions_to_model",
      `the email addresses the assistant: "${injected[0].trim()}"`,
    );
  if (input.hiddenText) {
    fire("review", "input.hidden_text", "the email hides text from its reader (a prompt-injection channel)");
  }

  if (!c || !facts) {
    fire("review", "model.unavailable", "the model could not classify this email; a person decides");
  } else {
    if (!settings.autoSendIntents.includes(c.intent)) {
      fire("review", "intent.needs_person", `intent "${c.intent}" is not answered automatically`);
    }
    if (c.confidence < settings.autoSendMinConfidence) {
      fire(
        "review",
        "confidence.low",
        `confidence ${c.confidence.toFixed(2)} < ${settings.autoSendMinConfidence}`,
      );
    }
    if (c.sentiment === "negative") fire("review", "sentiment.negative", "the customer sounds unhappy");
    if (facts.foreignOrderNumbers.length > 0) {
      fire(
        "review",
        "order.not_owned",
        `order ${facts.foreignOrderNumbers.join(", ")} belongs to another customer`,
      );
    }
    if (facts.orders.length === 0) {
      const detail =
        facts.unknownOrderNumbers.length > 0
          ? `no order ${facts.unknownOrderNumbers.join(", ")} for ${facts.sender.email}`
          : `no order identified for ${facts.sender.email}`;
      fire("review", "order.not_found", detail);
    }
    if (facts.orders.length > 1) fire("review", "order.several", "the email is about several orders");
    if (facts.sender.vip) fire("review", "customer.vip", "VIP customer");
    for (const order of facts.orders) {
      const eur = inEuros(Number(order.total), order.currency);
      if (eur === null || eur > settings.highValueThreshold) {
        const detail = eur === null ? "in a currency without a known rate" : `≈ ${Math.round(eur)} EUR`;
        fire(
          "review",
          "order.high_value",
          `order ${order.number} is ${order.total} ${order.currency} (${detail})`,
        );
      }
      for (const s of order.shipments) {
        if (s.standing === "late" || s.standing === "exception" || s.standing === "attempt_failed") {
          fire("review", `shipment.${s.standing}`, `${s.carrier} ${s.trackingNumber}: ${s.standingReason}`);
        } else if (s.standing === "delivered" || s.standing === "returned") {
          fire("review", `shipment.${s.standing}`, `${s.carrier} ${s.trackingNumber}: ${s.standingReason}`);
        }
      }
    }
  }
  for (const check of input.checks) {
    if (!check.passed) fire("review", `check.${check.check}`, check.detail);
  }

  if (reasons.length === 0) {
    const order = facts?.orders[0];
    return {
      action: "auto_send",
      reasons: [
        {
          rule: "policy.auto_send",
          detail: `${c?.intent} (confidence ${c?.confidence.toFixed(2)}) for order ${order?.number}: ${
            order?.shipments[0]?.standingReason ?? "not shipped yet"
          }`,
        },
      ],
    };
  }
  const action = reasons.reduce<DecisionAction>(
    (a, r) => (rank[r.action] > rank[a] ? r.action : a),
    "review",
  );
  return { action, reasons: reasons.map(({ rule, detail }) => ({ rule, detail })) };
}

/**
 * Rough EUR value of one unit of each currency, only for the high-value band (a threshold, not
 * accounting): within a few percent is enough. An unknown currency counts as high value.
 */
const euroPerUnit: Record<string, number> = {
  EUR: 1,
  USD: 0.92,
  GBP: 1.17,
  CHF: 1.05,
  RON: 0.2,
  PLN: 0.23,
  HUF: 0.0025,
  CZK: 0.04,
  SEK: 0.088,
  DKK: 0.134,
  CNY: 0.13,
  HKD: 0.118,
  TWD: 0.029,
  JPY: 0.0062,
  CAD: 0.67,
  AUD: 0.6,
};

export function inEuros(amount: number, currency: string): number | null {
  const rate = euroPerUnit[currency.toUpperCase()];
  return rate === undefined ? null : amount * rate;
}

/** A 13–19 digit run that passes the Luhn check: a payment card number. */
export function containsCardNumber(text: string): boolean {
  for (const match of text.matchAll(cardNumber)) {
    const digits = match[0].replace(/\D/g, "");
    if (digits.length >= 13 && digits.length <= 19 && luhn(digits)) return true;
  }
  return false;
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}
