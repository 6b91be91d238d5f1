/**
 * The triage pipeline's vocabulary: what goes in (an email), what is understood (a classification),
 * what is known (facts), what is decided (a decision with reasons) and what is written (a draft).
 */

export const customerIntents = [
  "order_status",
  "delivery_problem",
  "change_order",
  "cancel",
  "return",
  "refund",
  "damaged_or_wrong_item",
  "product_question",
  "billing",
  "account",
  "complaint",
  "human_request",
  "feedback",
  "other",
] as const;
export const nonCustomerIntents = ["auto_reply", "bounce", "marketing", "spam"] as const;
export const intents = [...customerIntents, ...nonCustomerIntents] as const;
export type Intent = (typeof intents)[number];

export type Sentiment = "positive" | "neutral" | "negative" | "angry";

/** The email as the agent sees it: decoded text, sender and the headers the screen reads. */
export interface EmailForTriage {
  from: { address: string; name: string | null };
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  contentType: string;
  receivedAt: Date;
}

export interface Entities {
  orderNumbers: string[];
  trackingNumbers: string[];
  /** Addresses written in the text (a customer giving another contact address, say). */
  emails: string[];
  /** Phone numbers written in international form, normalised to E.164. */
  phones: string[];
}

export interface Classification {
  intent: Intent;
  confidence: number;
  language: string;
  sentiment: Sentiment;
  /** Which engine produced it ("local", "anthropic:claude-…"). */
  engine: string;
  /** A second thing the customer asks for, when there clearly is one ("where is it — and I want to change the address"). */
  secondary?: { intent: Intent; confidence: number } | null;
  /** How soon they need an answer; set by the pipeline from the text and the sentiment. */
  urgency?: "normal" | "high";
  /** A hosted model's bill for it; absent for the local engine. */
  usage?: ModelUsage;
}

/** Tokens a hosted model call used and what they cost at the model's list prices. */
export interface ModelUsage {
  model: string;
  inputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  costUsd: number;
}

export interface Tone {
  brandName: string;
  /** Who signs the replies, e.g. "The Lumen & Loom team". */
  signature: string;
  formality: "formal" | "friendly";
}

/**
 * How a shipment stands for the customer, derived from its carrier state and ETA.
 * `late` covers an ETA that passed undelivered.
 */
export type DeliveryStanding =
  | "not_shipped"
  | "on_time"
  | "late"
  | "exception"
  | "attempt_failed"
  | "delivered"
  | "returned";

export interface ShipmentFacts {
  carrier: string;
  trackingNumber: string;
  trackingUrl: string | null;
  state: string;
  estimatedDeliveryAt: string | null;
  deliveredAt: string | null;
  lastEvent: { description: string; location: string | null; occurredAt: string } | null;
  standing: DeliveryStanding;
  daysLate: number;
  /** In words, for reasons: "late: ETA 8 Nov passed". */
  standingReason: string;
}

export interface OrderFacts {
  number: string;
  status: string;
  placedAt: string;
  total: string;
  currency: string;
  lines: { title: string; quantity: number }[];
  shipments: ShipmentFacts[];
  /** The worst standing across the order's shipments (or not_shipped). */
  standing: DeliveryStanding;
}

export interface Facts {
  sender: { email: string; known: boolean; name: string | null; vip: boolean };
  /** Orders the sender owns that the email is about: the ones it names, or the sender's one open order. */
  orders: OrderFacts[];
  /** Order numbers the email names that exist but belong to someone else — never disclosed. */
  foreignOrderNumbers: string[];
  /** Order numbers the email names that the store does not know. */
  unknownOrderNumbers: string[];
  /** True when the order was inferred (the sender's only open order) rather than named. */
  orderInferred: boolean;
}

export type DecisionAction = "ignore" | "auto_send" | "review" | "escalate";

export interface DecisionReason {
  rule: string;
  detail: string;
}

export interface Decision {
  action: DecisionAction;
  reasons: DecisionReason[];
}

export interface Draft {
  subject: string;
  body: string;
  language: string;
  /** A hosted model's bill for it; absent for template drafts and for drafts written in one triage call (the classification carries that call's bill). */
  usage?: ModelUsage;
}

export interface CheckResult {
  check: string;
  passed: boolean;
  detail: string;
}

/** The model engines' port (DESIGN.md: `TriageModel`). */
export interface TriageModel {
  readonly name: string;
  classify(email: EmailForTriage, entities: Entities): Promise<Classification>;
  draft(input: DraftInput): Promise<Draft>;
  /**
   * Classify the email and write its reply in one call, from the facts looked up first. The pipeline
   * uses it when an engine has it (a hosted model: one round trip instead of two); the policy still
   * decides from the facts and the checks, and the reply is written without knowing that decision.
   */
  triage?(input: TriageInput): Promise<TriageAnswer>;
}

export interface TriageInput {
  email: EmailForTriage;
  entities: Entities;
  facts: Facts;
  tone: Tone;
}

export interface TriageAnswer {
  /** Carries the whole call's usage. */
  classification: Classification;
  /** Carries no usage: the call is billed once, on the classification. */
  draft: Draft;
}

export interface DraftInput {
  email: EmailForTriage;
  classification: Classification;
  facts: Facts;
  tone: Tone;
  /** What the policy decided; drafts for a person's review are worded as holding replies. */
  action: DecisionAction;
  /** A person asked for another version of the reply ("Regenerate" on the review page). */
  instruction?: RedraftInstruction;
}

/** The quick asks for a new version of a reply; every engine honours them. */
export const redraftPresets = ["shorter", "more_formal", "apologise", "offer_replacement"] as const;
export type RedraftPreset = (typeof redraftPresets)[number];

export interface RedraftInstruction {
  presets: RedraftPreset[];
  /** The person's own words ("mention that the warehouse closes at 5"); the hosted model follows them. */
  text: string | null;
  /** The reply as it stood, to be rewritten. */
  previous: string;
}

export class ModelUnavailableError extends Error {
  override name = "ModelUnavailableError";
}
