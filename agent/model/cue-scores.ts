import type { Intent } from "../types.ts";
import { type CueHit, CueMatcher } from "./cue-matcher.ts";
import { withPlainSpellings } from "./cues/language-cues.ts";
import { type Topics, topics } from "./cues/topics.ts";
import { intentCues } from "./keywords.ts";

type Topic = keyof Topics;
type CueRef = { intent: Intent; id: number } | { topic: Topic };

/**
 * Cues match on words: punctuation becomes a space and the text is padded, so a cue written " add "
 * matches the word and not "address". Chinese has no spaces and matches as written.
 */
export function wordsOf(text: string, pad = true): string {
  const words = text.replace(/[^\p{L}\p{N}]+/gu, " ");
  return pad ? ` ${words} ` : words;
}

const cueTable = (Object.entries(intentCues) as [Intent, { weight: number; cues: string[] }][]).map(
  ([intent, { weight, cues }]) => ({
    intent,
    weight,
    cues: [...new Set(cues.map((cue) => wordsOf(cue, false)))],
  }),
);
const weights = new Map(cueTable.map(({ intent, weight }) => [intent, weight]));

/** Every intent cue and topic word, found in one pass over the text. */
const matcher = new CueMatcher<CueRef>([
  ...cueTable.flatMap(({ intent, cues }) => cues.map((cue, id) => [cue, { intent, id }] as const)),
  ...(Object.entries(topics) as [Topic, string[]][]).flatMap(([topic, words]) =>
    withPlainSpellings(words).map((word) => [wordsOf(word, false), { topic }] as const),
  ),
]);

const longestCue = Math.max(
  ...cueTable.flatMap(({ cues }) => cues.map((cue) => cue.length)),
  ...Object.values(topics).flatMap((words) => withPlainSpellings(words).map((word) => word.length)),
);

/**
 * Per intent, its weight grown by the log of how many of its cues the text holds; where cues overlap the
 * longest counts. Then the verbs are read with what they are about (`cues/topics.ts`) and the taxonomy's
 * precedence applied:
 * - "cancel", "change", "lost", "never received" said of an account, a password or a newsletter, with
 *   no order named, are `account`;
 * - "where is", "still waiting for", "track" said of a refund are `refund` (where the money is);
 * - a damaged or wrong item wins over the return or refund asked for: the cause decides the handling.
 */
export function cueScores(text: string): Map<Intent, number> {
  const hits = matcher.find(text);
  const found = new Map<Intent, Set<number>>();
  const named = new Set<Topic>();
  hits.forEach((hit, i) => {
    const cue = hit.value;
    if ("topic" in cue) {
      // "bank account" names the customer's bank, not the "account" inside it.
      if (!insideLonger(hits, i, (other) => "topic" in other)) named.add(cue.topic);
      return;
    }
    // The longest phrase wins: "track" in "track my" is one piece of evidence, not two, and the
    // "account" and "paypal" in "paypal account" (a payment topic) none.
    if (insideLonger(hits, i, (other) => "intent" in other || other.topic === "payment")) return;
    const ids = found.get(cue.intent) ?? new Set<number>();
    ids.add(cue.id);
    found.set(cue.intent, ids);
  });
  const scores = new Map<Intent, number>();
  for (const [intent, ids] of found)
    scores.set(intent, (weights.get(intent) ?? 1) * (1 + Math.log2(ids.size)));
  if (named.has("account") && !named.has("order"))
    giveWay(scores, ["cancel", "change_order", "order_status", "delivery_problem"], "account");
  if (named.has("refund")) giveWay(scores, ["order_status"], "refund");
  if (scores.has("damaged_or_wrong_item")) giveWay(scores, ["return", "refund"], "damaged_or_wrong_item");
  return scores;
}

/**
 * Whether a longer hit that `counts` spans hit i. Hits come in order of where they end, so only those
 * ending with it or up to the longest cue's length later can: a long email costs no more per hit.
 */
function insideLonger(hits: CueHit<CueRef>[], i: number, counts: (other: CueRef) => boolean): boolean {
  const inner = hits[i] as CueHit<CueRef>;
  const spans = (outer: CueHit<CueRef>) =>
    outer.start <= inner.start && outer.end - outer.start > inner.end - inner.start && counts(outer.value);
  for (let j = i - 1; j >= 0 && (hits[j] as CueHit<CueRef>).end === inner.end; j--)
    if (spans(hits[j] as CueHit<CueRef>)) return true;
  for (let j = i + 1; j < hits.length && (hits[j] as CueHit<CueRef>).end <= inner.start + longestCue; j++)
    if (spans(hits[j] as CueHit<CueRef>)) return true;
  return false;
}

/** The verbs' intents step aside and the topic's intent scores at least what the strongest of them did. */
function giveWay(scores: Map<Intent, number>, verbs: Intent[], to: Intent): void {
  const strongest = Math.max(0, ...verbs.map((intent) => scores.get(intent) ?? 0));
  if (strongest === 0) return;
  for (const intent of verbs) scores.delete(intent);
  scores.set(to, Math.max(scores.get(to) ?? 0, strongest));
}
