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
import { urgencyOf } from "./understand/urgency.ts";

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

/**
 * screen → understand → look up → decide → draft → check (DESIGN.md, "The flow of one customer email").
 * An engine that can (`TriageModel.triage`) understands and drafts in one call after the look-up.
 */
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

  const lookUp = () => agent.facts({ senderEmail: email.from.address, orderNumbers: entities.orderNumbers });
  const judge = (classification: Classification | null, facts: Facts, checks: CheckResult[]) =>
    decide({ screen, classification, facts, text, checks, hiddenText }, agent.policy);
  const understood = answersInOneCall(agent.model)
    ? await triageInOneCall(agent.model, { email, entities, tone: agent.tone }, lookUp)
    : await classifyThenDraft(agent.model, { email, entities, tone: agent.tone }, lookUp, (c, facts) =>
        judge(c, facts, []),
      );
  const { facts } = understood;
  if (!understood.classification) {
    const decision = judge(null, facts, []);
    return { screen, entities, classification: null, facts, decision, draft: null, checks: [] };
  }

  const { draft, fallback } = understood;
  const classification = {
    ...understood.classification,
    urgency: urgencyOf(text, understood.classification.sentiment),
  };
  const checks = checkDraft(draft, facts, text);
  const decided = judge(classification, facts, checks);
  const decision = fallback ? withPerson(decided, fallback) : decided;
  return { screen, entities, classification, facts, decision, draft, checks };
}

/** What the model made of one customer email; no classification when it could not be reached. */
type Understood =
  | { facts: Facts; classification: null }
  | { facts: Facts; classification: Classification; draft: Draft; fallback: DecisionReason | null };

interface EmailInContext {
  email: EmailForTriage;
  entities: Entities;
  tone: Tone;
}

type OneCallModel = TriageModel & Required<Pick<TriageModel, "triage">>;

function answersInOneCall(model: TriageModel): model is OneCallModel {
  return typeof model.triage === "function";
}

/**
 * One model call: the look-up first (a quick read), then classification and reply together. A call that
 * fails ends like a failed classification in the two-call path: no draft, and a person decides.
 */
async function triageInOneCall(
  model: OneCallModel,
  { email, entities, tone }: EmailInContext,
  lookUp: () => Promise<Facts>,
): Promise<Understood> {
  const facts = await lookUp();
  try {
    const { classification, draft } = await model.triage({ email, entities, facts, tone });
    return { facts, classification, draft, fallback: null };
  } catch (error) {
    if (!(error instanceof ModelUnavailableError)) throw error;
    return { facts, classification: null };
  }
}

/**
 * Two model calls: classification (beside the look-up), then the reply, worded for what the policy
 * decides without the draft's checks.
 */
async function classifyThenDraft(
  model: TriageModel,
  { email, entities, tone }: EmailInContext,
  lookUp: () => Promise<Facts>,
  decideWithoutChecks: (classification: Classification, facts: Facts) => Decision,
): Promise<Understood> {
  const [classification, facts] = await Promise.all([classifyOrNull(model, email, entities), lookUp()]);
  if (!classification) return { facts, classification };
  const action = decideWithoutChecks(classification, facts).action;
  const { draft, fallback } = await draftOrTemplate(model, { email, classification, facts, tone, action });
  return { facts, classification, draft, fallback };
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
