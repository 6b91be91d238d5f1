import type { Intent } from "../types.ts";

/**
 * A multinomial naive Bayes over words and word pairs, trained when the engine loads on the project's
 * own example sentences (`examples/`): it reads a request the cue tables have no phrase for by the words
 * it shares with the examples ("the payment keeps failing" is billing-like in every word).
 * Word pairs keep a little order ("my account", "track my"); stop words count only inside pairs.
 */
export class WordModel {
  private readonly intents: Intent[];
  /** log P(feature | intent) per intent, for the features seen in training; others are not evidence. */
  private readonly logLikelihood = new Map<string, Float64Array>();

  constructor(training: Iterable<readonly [Intent, string]>, smoothing = 0.5) {
    const counts = new Map<Intent, Map<string, number>>();
    for (const [intent, text] of training) {
      const own = counts.get(intent) ?? new Map<string, number>();
      for (const feature of featuresOf(text)) own.set(feature, (own.get(feature) ?? 0) + 1);
      counts.set(intent, own);
    }
    this.intents = [...counts.keys()];
    const vocabulary = new Set([...counts.values()].flatMap((own) => [...own.keys()]));
    const totals = this.intents.map((intent) =>
      [...(counts.get(intent)?.values() ?? [])].reduce((a, b) => a + b, 0),
    );
    const denominators = totals.map((total) => Math.log(total + smoothing * vocabulary.size));
    for (const feature of vocabulary) {
      this.logLikelihood.set(
        feature,
        Float64Array.from(this.intents, (intent, i) => {
          const n = counts.get(intent)?.get(feature) ?? 0;
          return Math.log(n + smoothing) - (denominators[i] as number);
        }),
      );
    }
  }

  /**
   * P(intent | text) under equal priors, over the features the model knows; empty when it knows none
   * of the text's features, which says nothing about any intent.
   */
  posterior(text: string): Map<Intent, number> {
    const scores = new Float64Array(this.intents.length);
    let known = 0;
    for (const feature of featuresOf(text)) {
      const likelihood = this.logLikelihood.get(feature);
      if (!likelihood) continue;
      known++;
      for (let i = 0; i < scores.length; i++) scores[i] = (scores[i] as number) + (likelihood[i] as number);
    }
    if (known === 0) return new Map();
    const top = Math.max(...scores);
    let sum = 0;
    for (let i = 0; i < scores.length; i++) {
      scores[i] = Math.exp((scores[i] as number) - top);
      sum += scores[i] as number;
    }
    return new Map(this.intents.map((intent, i) => [intent, (scores[i] as number) / sum]));
  }
}

const stopWords = new Set(
  `a an the i me my we our you your it its is are was were be been am do does did to of in on at for
  with and or but so if this that there here have has had will would can could should please hi hello
  thanks thank just any some im ive
  el la los las un una y o de del en mi mis me te se lo por para con que es
  der die das ein eine und oder ich mein meine meinen mir mich sie ist zu von mit auf für bitte
  le les un une et ou je j mon ma mes me de du des en est à pour avec que qu
  și sa să în la cu de pe un o mea meu eu`.split(/\s+/),
);

/** Runs of Chinese characters, and words of other letters and digits ("订单ll10234" is two tokens). */
const tokens = /\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu;
const han = /^\p{Script=Han}/u;

/** Words and word pairs of a lower-cased text; Chinese, which has no spaces, as characters and their pairs. */
export function featuresOf(text: string): string[] {
  const features: string[] = [];
  let previous: string | undefined;
  for (const token of text.match(tokens) ?? []) {
    if (han.test(token)) {
      for (let i = 0; i < token.length; i++) {
        features.push(token[i] as string);
        if (i > 0) features.push(token.slice(i - 1, i + 1));
      }
      previous = undefined;
      continue;
    }
    if (/\d/.test(token)) {
      previous = undefined;
      continue;
    }
    const word = stem(token);
    if (!stopWords.has(token) && !stopWords.has(word)) features.push(word);
    if (previous) features.push(`${previous} ${word}`);
    previous = word;
  }
  return features;
}

/** Plural and tense endings off, so "payments" meets "payment" and "cancelling" meets "cancel". */
function stem(word: string): string {
  if (word.length > 5 && word.endsWith("ing")) return word.slice(0, -3).replace(/(.)\1$/, "$1");
  if (word.length > 4 && word.endsWith("ed")) return word.slice(0, -2).replace(/(.)\1$/, "$1");
  if (word.length > 3 && word.endsWith("s") && !word.endsWith("ss")) return word.slice(0, -1);
  return word;
}
