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
import { cueScores, wordsOf } from "./cue-scores.ts";
import { examples } from "./examples/index.ts";
import { addedLanguageWords, angryCues, intentCues, negativeCues } from "./keywords.ts";
import { TypoCorrector } from "./typos.ts";
import { everydayWords } from "./vocabulary.ts";
import { WordModel } from "./word-model.ts";

/**
 * The offline engine: deterministic, fast, no key and no network. The demo's default and the fallback
 * when the hosted model is down. Drafts come from per-language templates. The intent is read from the
 * typo-corrected subject and body twice:
 * 1. Cue phrases per intent (`keywords.ts`, `cues/`), found in one pass (`cue-matcher.ts`) and read with
 *    what their verbs are about (`cue-scores.ts`: "cancel my account" is `account`, "track my refund"
 *    is `refund`, a damaged item wins over a return). Written from the taxonomy.
 * 2. A naive Bayes over words and word pairs (`word-model.ts`), trained as the module loads on the
 *    project's own example sentences (`examples/`, ~640 in six languages, none from a data set).
 * The cues lead. Where they found intents the word model re-ranks those (settling close calls) and, if
 * it finds the cues' choice unlikely, caps the confidence below auto-send. Where they found none, the
 * word model names the intent when it is likelier than all the others together, at a confidence no
 * auto-send accepts. `npm run eval -- --dataset` measures it on Bitext's dev split, which it never
 * trains on.
 */
export class LocalModel implements TriageModel {
  readonly name = "local";

  async classify(email: EmailForTriage, entities: Entities): Promise<Classification> {
    const original = `${email.subject}\n${email.text}`;
    const text = wordsOf(typos.correct(original.toLowerCase()));
    const { intent, confidence, secondary } = intentOf(text, entities);
    return {
      intent,
      confidence,
      secondary,
      language: detectLanguage(original),
      sentiment: sentimentOf(original),
      engine: this.name,
    };
  }

  async draft(input: DraftInput): Promise<Draft> {
    return renderDraft(input);
  }
}

const typos = new TypoCorrector(
  Object.values(intentCues).flatMap((entry) => entry?.cues.flatMap((cue) => cue.split(/\s+/)) ?? []),
  addedLanguageWords,
  everydayWords,
);

/** How much the word model's probability (0–1) adds to a cue score (one cue: 0.8 to 1.5). */
const wordWeight = 0.5;
/** Below this word-model probability for the cues' intent, the reading is disputed… */
const disputedBelow = 0.1;
/** …and its confidence is at most this, under the default auto-send bar. */
const disputedConfidence = 0.7;
/** Alone, the word model must find its intent likelier than all the others together. */
const wordModelMinProbability = 0.5;

/** A runner-up intent scoring at least this share of the leader's is a second request in the same email. */
const secondaryShare = 0.3;

type Reading = { intent: Intent; confidence: number; secondary: Classification["secondary"] };

function intentOf(text: string, entities: Entities): Reading {
  const scores = cueScores(text);
  const words = wordModel.posterior(text);
  if (scores.size > 0) {
    for (const [intent, score] of scores) scores.set(intent, score + wordWeight * (words.get(intent) ?? 0));
    const [top, second] = [...scores.entries()].sort((a, b) => b[1] - a[1]);
    if (top) {
      const confidence = confidenceOf(top[1], second?.[1] ?? 0);
      // The cues' reading against the words': a person looks ("everything arrived, thanks!").
      const disputed = words.size > 0 && (words.get(top[0]) ?? 0) < disputedBelow;
      const secondary =
        second && second[1] >= secondaryShare * top[1]
          ? { intent: second[0], confidence: Math.round((second[1] / (top[1] + second[1])) * 100) / 100 }
          : null;
      return {
        intent: top[0],
        confidence: disputed ? Math.min(confidence, disputedConfidence) : confidence,
        secondary,
      };
    }
  }
  const [best] = [...words.entries()].sort((a, b) => b[1] - a[1]);
  if (best && best[0] !== "other" && best[1] >= wordModelMinProbability)
    return { intent: best[0], confidence: wordModelConfidence(best[1]), secondary: null };
  // A bare order number with no other ask is almost always "where is it?".
  if (entities.orderNumbers.length > 0 || entities.trackingNumbers.length > 0)
    return { intent: "order_status", confidence: confidenceOf(0.5, 0), secondary: null };
  return { intent: "other", confidence: 0.35, secondary: null };
}

const wordModel = new WordModel(
  Object.values(examples).flatMap((language) =>
    (Object.entries(language) as [Intent, readonly string[]][]).flatMap(([intent, sentences]) =>
      sentences.map((sentence) => [intent, wordsOf(typos.correct(sentence.toLowerCase()))] as const),
    ),
  ),
);

/**
 * The word model alone is a guess from vocabulary, not a phrase the customer wrote: 0.45–0.6, below
 * any auto-send threshold, so a person reads what it decided.
 */
function wordModelConfidence(probability: number): number {
  return Math.round((0.3 + 0.3 * probability) * 100) / 100;
}

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
