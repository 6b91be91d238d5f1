import { renderDraft } from "../draft/render.ts";
import type {
  Classification,
  Draft,
  DraftInput,
  EmailForTriage,
  Entities,
  Intent,
  Sentiment,
  TriageModel,
} from "../types.ts";
import { detectLanguage } from "../understand/language.ts";
import { angryCues, intentCues, negativeCues } from "./keywords.ts";
import { TypoCorrector } from "./typos.ts";

/**
 * The offline engine: deterministic, fast, no key and no network. The demo's default and the fallback
 * when the hosted model is down. Classification scores cue words; drafts come from per-language templates.
 */
export class LocalModel implements TriageModel {
  readonly name = "local";

  async classify(email: EmailForTriage, entities: Entities): Promise<Classification> {
    const original = `${email.subject}\n${email.text}`;
    const text = wordsOf(typos.correct(original.toLowerCase()));
    const scores = new Map<Intent, number>();
    for (const { intent, weight, cues } of matchableCues) {
      const hits = cues.filter((cue) => text.includes(cue)).length;
      if (hits > 0) scores.set(intent, weight * (1 + Math.log2(hits)));
    }
    // A bare order number with no other ask is almost always "where is it?".
    if (scores.size === 0 && (entities.orderNumbers.length > 0 || entities.trackingNumbers.length > 0)) {
      scores.set("order_status", (scores.get("order_status") ?? 0) + 0.5);
    }
    const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1]);
    const [top, second] = ranked;
    const intent = top?.[0] ?? "other";
    const confidence = top ? confidenceOf(top[1], second?.[1] ?? 0) : 0.35;
    return {
      intent,
      confidence,
      language: detectLanguage(original),
      sentiment: sentimentOf(original),
      engine: this.name,
    };
  }

  async draft(input: DraftInput): Promise<Draft> {
    return renderDraft(input);
  }
}

/**
 * Cues match on words: punctuation becomes a space and the text is padded, so a cue written " add "
 * matches the word and not "address". Chinese has no spaces and matches as written.
 */
function wordsOf(text: string, pad = true): string {
  const words = text.replace(/[^\p{L}\p{N}]+/gu, " ");
  return pad ? ` ${words} ` : words;
}

/** The cues in the form the text is matched in, made once rather than per email. */
const matchableCues = (Object.entries(intentCues) as [Intent, { weight: number; cues: string[] }][]).map(
  ([intent, { weight, cues }]) => ({ intent, weight, cues: cues.map((cue) => wordsOf(cue, false)) }),
);

const typos = new TypoCorrector(
  Object.values(intentCues).flatMap((entry) => entry?.cues.flatMap((cue) => cue.split(/\s+/)) ?? []),
);

/** High when one intent clearly leads; a close second halves the lead's certainty. */
function confidenceOf(top: number, second: number): number {
  const strength = Math.min(1, 0.55 + top * 0.3);
  const margin = second === 0 ? 1 : Math.max(0, (top - second) / top);
  return Math.round(Math.min(0.97, strength * (0.6 + 0.4 * margin)) * 100) / 100;
}

function sentimentOf(original: string): Sentiment {
  const text = original.toLowerCase();
  // Shouting: a long run of capitals (not an order or tracking number, which mix in digits).
  if (angryCues.some((cue) => text.includes(cue)) || /\b[A-Z]{4,}(\s+[A-Z]{2,}){2,}\b/.test(original))
    return "angry";
  if (negativeCues.some((cue) => text.includes(cue))) return "negative";
  return "neutral";
}
