import { z } from "zod";
import { intents } from "../../types.ts";
import { strictJsonSchema, type Tool } from "./client.ts";

/**
 * What the model answers, as zod schemas: the tools' input schemas are derived from them (in the form
 * strict tool use accepts), and every answer is parsed with them — constrained decoding narrows what the
 * model can say, it does not make the answer ours to trust.
 */
export const ClassificationOutput = z.object({
  intent: z
    .enum(intents)
    .describe("What the customer wants, from the taxonomy. Use other only when nothing else fits."),
  confidence: z
    .number()
    .min(0)
    .max(1)
    .describe("How sure you are of the intent, 0 to 1, calibrated as the handbook describes."),
  language: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/, "a language code such as en, de, zh-Hans")
    .describe("The language the customer wrote in: en, de, es, fr, ro, zh-Hans, zh-Hant, it, nl, pt, pl…"),
  sentiment: z
    .enum(["positive", "neutral", "negative", "angry"])
    .describe("How the customer feels, as the handbook defines the four values."),
  secondary_intent: z
    .enum(intents)
    .nullable()
    .describe("A second, different request in the same email; null when it asks one thing."),
  secondary_confidence: z
    .number()
    .min(0)
    .max(1)
    .nullable()
    .describe("How sure you are of the secondary intent; null when there is none."),
});
export type ClassificationOutput = z.infer<typeof ClassificationOutput>;

export const ReplyOutput = z.object({
  language: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/, "a language code such as en, de, zh-Hans")
    .describe("The language the reply is written in: the customer's."),
  body: z
    .string()
    .trim()
    .min(20, "the reply is empty or too short to be a reply")
    .max(4000, "the reply is too long: keep it under 250 words")
    .describe("The reply as plain text: greeting, answer, next step, sign-off with the signature."),
});
export type ReplyOutput = z.infer<typeof ReplyOutput>;

/**
 * Classification and reply in one answer, for the one-call path. The parts are not `.describe()`d: a
 * described nested object comes out of the JSON-schema conversion as `$ref`s; the tool description says it.
 */
export const TriageOutput = z.object({ classification: ClassificationOutput, reply: ReplyOutput });
export type TriageOutput = z.infer<typeof TriageOutput>;

export const classificationTool: Tool = {
  name: "record_classification",
  description:
    "Record how one customer email is classified. Recording changes nothing in the store and sends nothing; it is the only output of a classification request.",
  input_schema: strictJsonSchema(ClassificationOutput),
  strict: true,
};

export const replyTool: Tool = {
  name: "write_reply",
  description:
    "Hand a reply draft for one customer email to the support system. Nothing is sent by this call: the store's rules and its people decide whether and when the draft goes out.",
  input_schema: strictJsonSchema(ReplyOutput),
  strict: true,
};

export const triageTool: Tool = {
  name: "record_triage",
  description:
    "Record how one customer email is classified (classification, as record_classification records it) and hand over a reply draft for it (reply, as write_reply hands it over), in one answer. Nothing is changed in the store and nothing is sent by this call: the store's rules and its people decide whether and when the draft goes out.",
  input_schema: strictJsonSchema(TriageOutput),
  strict: true,
};

/** Zod issues as one line the model can act on: "confidence: Too big: expected number to be <=1". */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "input"}: ${issue.message}`).join("; ");
}
