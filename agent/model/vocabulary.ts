import { withPlainSpellings } from "./cues/language-cues.ts";
import { examples } from "./examples/index.ts";

/**
 * The everyday words of the example sentences, in every plain spelling: the typo corrector leaves
 * them as written ("changed" is not a typo of the cue "charged", nor "start" of the Romanian "spart")
 * but corrects nothing toward them, so a short word of one language is not read into a longer one of
 * another ("unde" is not "under").
 */
export const everydayWords: readonly string[] = withPlainSpellings([
  ...new Set(
    Object.values(examples).flatMap((language) =>
      Object.values(language).flatMap((sentences) =>
        sentences.flatMap((sentence) => sentence.toLowerCase().split(/[^\p{L}]+/u)),
      ),
    ),
  ),
]).filter(Boolean);
