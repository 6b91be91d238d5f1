import type { Intent } from "../types.ts";
import { german } from "./cues/de.ts";
import { firstAngryCues, firstLanguages, firstNegativeCues } from "./cues/en-ro-zh.ts";
import { spanish } from "./cues/es.ts";
import { french } from "./cues/fr.ts";
import { type IntentCues, type LanguageCues, withPlainSpellings } from "./cues/language-cues.ts";

/**
 * The local engine's cue words per intent, in every language it reads: English, Romanian and Chinese
 * in `cues/en-ro-zh.ts`, each language added since in a file of its own. Each cue is a lower-case
 * fragment matched on the words of subject + body and scored per intent by `cue-scores.ts`.
 * Written from the taxonomy, not learnt from any data set.
 */
const addedLanguages: LanguageCues[] = [spanish, german, french];

export const intentCues: IntentCues = withLanguages(firstLanguages, addedLanguages);

/**
 * The cue words only an added language uses, per language: the typo corrector reads a word one edit
 * from "profil" as a typo only in French text, never the English "profile".
 */
export const addedLanguageWords: ReadonlyMap<string, ReadonlySet<string>> = (() => {
  const firstWords = new Set(
    Object.values(firstLanguages).flatMap((entry) => entry.cues.flatMap(wordsOfCue)),
  );
  const byLanguage = new Map<string, Set<string>>();
  for (const language of addedLanguages) {
    const words = Object.values(language.intents).flatMap((cues) =>
      withPlainSpellings(cues).flatMap(wordsOfCue),
    );
    byLanguage.set(language.code, new Set(words.filter((word) => !firstWords.has(word))));
  }
  return byLanguage;
})();

function wordsOfCue(cue: string): string[] {
  return cue.split(/\s+/).filter(Boolean);
}

/**
 * Each added language's cues join the intent's list after the first languages', in every plain spelling,
 * once: a cue listed twice would count as two hits.
 */
function withLanguages(first: IntentCues, added: LanguageCues[]): IntentCues {
  const merged: IntentCues = {};
  for (const [intent, entry] of Object.entries(first) as [Intent, { weight: number; cues: string[] }][]) {
    const cues = [...entry.cues];
    const seen = new Set(cues);
    for (const language of added) {
      const own = language.intents[intent as keyof LanguageCues["intents"]] ?? [];
      for (const cue of withPlainSpellings(own)) {
        if (!seen.has(cue)) cues.push(cue);
        seen.add(cue);
      }
    }
    merged[intent] = { weight: entry.weight, cues };
  }
  return merged;
}

export const negativeCues = [
  ...firstNegativeCues,
  ...addedLanguages.flatMap((language) => withPlainSpellings(language.negative)),
];
export const angryCues = [
  ...firstAngryCues,
  ...addedLanguages.flatMap((language) => withPlainSpellings(language.angry)),
];
