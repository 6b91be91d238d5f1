import { checkDraft } from "./check.ts";
import { renderDraft } from "./draft/render.ts";
import { decide, type PolicySettings } from "./policy.ts";
import { type ScreenVerdict, screenEmail } from "./screen.ts";
import {
  type CheckResult,
  type Classification,
  type Decision,
  type DecisionReason,
  type Draft,
  type DraftInput,
  type EmailForTriage,
  type Entities,
  type Facts,
  ModelUnavailableError,
  type Tone,
  type TriageModel,
} from "./types.ts";
import { cleanBody } from "./understand/clean.ts";
import { extractEntities, type OrderNumberFormat } from "./understand/extract.ts";

/** Where facts come from: the commerce tables in production, anything in a benchmark of the agent alone. */
export type FactsSource = (query: { senderEmail: string; orderNumbers: string[] }) => Promise<Facts>;

export interface TriageAgent {
  model: TriageModel;
  facts: FactsSource;
  policy: PolicySettings;
  tone: Tone;
  orderFormat: OrderNumberFormat;
  /** The store's own addresses: mail from them is never answered. */
  ownAddresses: readonly string[];
}

export interface TriageOutcome {
  screen: ScreenVerdict;
  entities: Entities;
  classification: Classification | null;
  facts: Facts | null;
  decision: Decision;
  draft: Draft | null;
  checks: CheckResult[];
}

/** screen → understand → look up → decide → draft → check (DESIGN.md, "The flow of one customer email"). */
export async function triageEmail(agent: TriageAgent, received: EmailForTriage): Promise<TriageOutcome> {
  const screen = screenEmail(received, agent.ownAddresses);
  // The agent reads what the customer wrote this time and could see; the stored message keeps all of it.
  const body = cleanBody(received.text, received.html);
  const email = { ...received, text: body.text };
  const hiddenText = body.hadHiddenText;
  const entities = extractEntities(`${email.subject}\n${email.text}`, agent.orderFormat);
  const text = `${email.subject}\n${email.text}`;
  if (!screen.isCustomer) {
    const decision = decide(
      { screen, classification: null, facts: null, text, checks: [], hiddenText },
      agent.policy,
    );
    return { screen, entities, classification: null, facts: null, decision, draft: null, checks: [] };
  }

  const [classification, facts] = await Promise.all([
    classifyOrNull(agent.model, email, entities),
    agent.facts({ senderEmail: email.from.address, orderNumbers: entities.orderNumbers }),
  ]);
  const provisional = decide({ screen, classification, facts, text, checks: [], hiddenText }, agent.policy);
  if (!classification)
    return { screen, entities, classification, facts, decision: provisional, draft: null, checks: [] };

  const { draft, fallback } = await draftOrTemplate(agent.model, {
    email,
    classification,
    facts,
    tone: agent.tone,
    action: provisional.action,
  });
  const checks = checkDraft(draft, facts, text);
  const decided = decide({ screen, classification, facts, text, checks, hiddenText }, agent.policy);
  const decision = fallback ? withPerson(decided, fallback) : decided;
  return { screen, entities, classification, facts, decision, draft, checks };
}

/**
 * Invariant 4 for drafts: a reply the model could not write becomes the local template, and a person
 * sends it — the decision says the draft is a template, so the reviewer knows what they are reading.
 */
async function draftOrTemplate(
  model: TriageModel,
  input: DraftInput,
): Promise<{ draft: Draft; fallback: DecisionReason | null }> {
  try {
    return { draft: await model.draft(input), fallback: null };
  } catch (error) {
    if (!(error instanceof ModelUnavailableError)) throw error;
    const detail = `the model could not write the reply (${error.message}); the draft is the store's template`;
    return { draft: renderDraft(input), fallback: { rule: "model.draft_unavailable", detail } };
  }
}

/** At least review: an automatic send becomes a person's, a review or escalation keeps its reasons. */
function withPerson(decision: Decision, reason: DecisionReason): Decision {
  if (decision.action === "auto_send") return { action: "review", reasons: [reason] };
  return { action: decision.action, reasons: [...decision.reasons, reason] };
}

/** Invariant 4: when the model is unavailable, the mail queues for review instead of failing. */
async function classifyOrNull(model: TriageModel, email: EmailForTriage, entities: Entities) {
  try {
    return await model.classify(email, entities);
  } catch (error) {
    if (error instanceof ModelUnavailableError) return null;
    throw error;
  }
}
