import type { customerIntents, Intent } from "../../types.ts";

type CustomerIntent = (typeof customerIntents)[number];

/** Per intent: its weight when scores are compared, and its cues in every language. */
export type IntentCues = Partial<Record<Intent, { weight: number; cues: string[] }>>;

/**
 * One language's cue words for the local engine, merged into its tables by `keywords.ts`. Intent cues
 * are lower-case fragments matched on words (punctuation reads as a space; a leading or trailing space
 * anchors a cue to a word boundary). Sentiment cues match the lower-cased text as written. `other` has
 * no cues: it is what is left when nothing else matches.
 */
export interface LanguageCues {
  /** The language's tag, as `detectLanguage` returns it. */
  code: string;
  intents: Record<Exclude<CustomerIntent, "other">, string[]>;
  /** The customer is unhappy: a person reviews the reply. */
  negative: string[];
  /** The customer is angry, or threatens a bank dispute or the law: a person takes over. */
  angry: string[];
}

/** How a letter may be typed by someone without the keyboard for it; the umlauts have two habits. */
const plainForms: Record<string, string[]> = {
  ä: ["ae", "a"],
  ö: ["oe", "o"],
  ü: ["ue", "u"],
  ß: ["ss"],
};

/**
 * Customers often drop accents ("donde esta mi pedido", "ou est ma commande"), some of them only
 * ("dónde esta"), and type umlauts as "ue" or "u": each cue is returned in every such spelling.
 */
export function withPlainSpellings(cues: readonly string[]): string[] {
  const spellings = new Set<string>();
  for (const cue of cues) for (const spelling of spellingsOf(cue)) spellings.add(spelling);
  return [...spellings];
}

function spellingsOf(cue: string): string[] {
  let variants = [""];
  for (const letter of cue) {
    const plain = letter.normalize("NFD").replace(/\p{M}/gu, "");
    const forms = new Set([letter, ...(plainForms[letter] ?? [plain])]);
    variants = variants.flatMap((prefix) => [...forms].map((form) => prefix + form));
  }
  return variants;
}
