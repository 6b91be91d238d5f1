import { renderDraft } from "../../agent/draft/render.ts";
import { LocalModel } from "../../agent/model/local.ts";
import type {
  DecisionAction,
  EmailForTriage,
  Facts,
  Intent,
  OrderFacts,
  TriageModel,
} from "../../agent/types.ts";
import { extractEntities } from "../../agent/understand/extract.ts";
import { type MessagesRequestBody, type Responder, reply } from "../emulators/anthropic/index.ts";
import { orderFormat } from "./store-fixtures.ts";

/**
 * An emulator responder that answers like a competent model, reading only what the request carries:
 * it classifies the text between the <customer_email> delimiters with the local engine, and writes the
 * reply as the local template from the <facts> and <reply_task> blocks (record_triage: both at once).
 * So the Anthropic engine can be held to the same outcomes as the local one, and anything the request
 * leaves out, the answer lacks.
 */
export function competentModel(): Responder {
  const local = new LocalModel();
  const classify = async (email: EmailForTriage) => {
    const c = await local.classify(email, extractEntities(`${email.subject}\n${email.text}`, orderFormat));
    const { intent, confidence, language, sentiment, secondary } = c;
    return {
      intent,
      confidence,
      language,
      sentiment,
      secondary_intent: secondary?.intent ?? null,
      secondary_confidence: secondary?.confidence ?? null,
    };
  };
  return async (body) => {
    const tool = (body.tool_choice as { name?: string } | undefined)?.name;
    const prompt = userText(body);
    const email = emailIn(prompt);
    if (tool === "record_classification") return reply.toolUse(tool, await classify(email));
    if (tool === "write_reply") {
      const task = JSON.parse(between(prompt, "reply_task")) as ReplyTask;
      return reply.toolUse(tool, writeReply(email, prompt, task));
    }
    if (tool === "record_triage") {
      // Nothing is decided yet: "review" makes the template answer where-is-my-order questions from the
      // facts and hand anything else over — the reply a person could send as it is.
      const classification = await classify(email);
      const task = JSON.parse(between(prompt, "reply_task")) as ReplySettings;
      const { intent, language } = classification;
      const written = writeReply(email, prompt, { ...task, action: "review", intent, language });
      return reply.toolUse(tool, { classification, reply: written });
    }
    return reply.fault(400, "invalid_request_error", `competent model: no tool forced (${String(tool)})`);
  };
}

/** The local template, from what the request's <facts> block and the reply settings carry. */
function writeReply(email: EmailForTriage, prompt: string, task: ReplyTask) {
  const facts = JSON.parse(between(prompt, "facts")) as ModelFacts;
  const draft = renderDraft({
    email,
    classification: {
      intent: task.intent,
      confidence: 1,
      language: task.language,
      sentiment: "neutral",
      engine: "competent",
    },
    facts: {
      sender: { email: "", known: true, name: facts.customer.name, vip: false },
      orders: facts.orders,
      foreignOrderNumbers: [],
      unknownOrderNumbers: facts.unknownOrderNumbers,
      orderInferred: facts.orderInferred,
    } satisfies Facts,
    tone: { brandName: task.shop, signature: task.signature, formality: task.formality },
    action: task.action,
  });
  return { language: draft.language, body: draft.body };
}

/** An engine seen through the two-call port only (no `triage`): the pipeline classifies, then drafts. */
export function inTwoCalls(model: TriageModel): TriageModel {
  return {
    name: model.name,
    classify: (email, entities) => model.classify(email, entities),
    draft: (input) => model.draft(input),
  };
}

interface ModelFacts {
  customer: { name: string | null };
  orders: OrderFacts[];
  orderInferred: boolean;
  unknownOrderNumbers: string[];
}

type ReplySettings = Pick<ReplyTask, "shop" | "signature" | "formality">;

interface ReplyTask {
  action: DecisionAction;
  intent: Intent;
  language: string;
  shop: string;
  signature: string;
  formality: "formal" | "friendly";
}

/** The text of the first user turn: where the engine puts everything about the email. */
export function userText(body: MessagesRequestBody): string {
  const first = body.messages.find((m) => m.role === "user");
  if (!first) return "";
  if (typeof first.content === "string") return first.content;
  return first.content.map((block) => (block as { text?: string }).text ?? "").join("\n");
}

export function between(text: string, tag: string): string {
  const start = text.indexOf(`<${tag}>`);
  const end = text.indexOf(`</${tag}>`);
  if (start === -1 || end === -1) throw new Error(`competent model: no <${tag}> in the request`);
  return text.slice(start + tag.length + 2, end);
}

function emailIn(prompt: string): EmailForTriage {
  const inner = between(prompt, "customer_email").replace(/^\n/, "");
  const [first = "", ...rest] = inner.split("\n\n");
  return {
    from: { address: "unknown@example.com", name: null },
    to: [],
    subject: first.replace(/^Subject: /, ""),
    text: rest.join("\n\n").replace(/\n$/, ""),
    html: null,
    headers: {},
    contentType: "text/plain",
    receivedAt: new Date(),
  };
}
