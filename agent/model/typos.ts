import { markerLanguage } from "../understand/language.ts";
import { addedLanguageWords } from "./keywords.ts";

/**
 * Customers type fast: "cancdling", "ordedr", "refnd". Words one edit away (a deletion, insertion,
 * substitution or swap) from a word the engine knows are read as that word, using symmetric deletes:
 * two words are within one edit when their one-deletion variants meet.
 *
 * A word only a later-added language uses is a correction only in text of that language: "profile"
 * is one edit from the French "profil" and "live" from "livre", but in English they are not typos.
 */
export class TypoCorrector {
  private readonly shared: Vocabulary;
  private readonly byLanguage = new Map<string, Vocabulary>();

  private readonly plain: ReadonlySet<string>;

  /**
   * `plainWords`: everyday words that are never typos but never corrections either: "changed" is not
   * "charged", while the Romanian "unde" must not become an everyday "under".
   */
  constructor(
    vocabulary: Iterable<string>,
    languageWords: ReadonlyMap<string, ReadonlySet<string>> = addedLanguageWords,
    plainWords: Iterable<string> = [],
  ) {
    this.plain = new Set(plainWords);
    const sharedWords: string[] = [];
    const ownWords = new Map<string, string[]>();
    for (const word of vocabulary) {
      const languages = [...languageWords].filter(([, words]) => words.has(word)).map(([code]) => code);
      if (languages.length === 0) sharedWords.push(word);
      for (const language of languages) {
        const words = ownWords.get(language) ?? [];
        words.push(word);
        ownWords.set(language, words);
      }
    }
    this.shared = new Vocabulary(sharedWords, firstLetters);
    for (const [language, words] of ownWords) {
      this.byLanguage.set(language, new Vocabulary(words, latinLetters, { sameFirstLetter: true }));
    }
  }

  correct(text: string): string {
    const language = markerLanguage(text);
    const own = language ? this.byLanguage.get(language) : undefined;
    if (!own)
      return text.replace(firstLetters.tokens, (token) =>
        this.plain.has(token) ? token : (this.shared.correction(token) ?? token),
      );
    return text.replace(latinLetters.tokens, (token) => {
      if (own.knows(token) || this.shared.knows(token) || this.plain.has(token)) return token;
      return own.correction(token) ?? this.shared.correction(token) ?? token;
    });
  }
}

interface Alphabet {
  /** A whole vocabulary word. */
  word: RegExp;
  /** The tokens worth correcting in a text: four letters or more. */
  tokens: RegExp;
}

/** English and Romanian, the first languages. */
const firstLetters: Alphabet = { word: /^[a-zăâîșț]+$/, tokens: /[a-zăâîșț]{4,}/g };
/** Adds the accented letters of Spanish, German and French. */
const latinLetters: Alphabet = {
  word: /^[a-zß-öø-ÿăâîșțœ]+$/,
  tokens: /[a-zß-öø-ÿăâîșțœ]{4,}/g,
};

class Vocabulary {
  private readonly known = new Set<string>();
  private readonly byDeletion = new Map<string, string[]>();
  private readonly sameFirstLetter: boolean;

  /**
   * `sameFirstLetter`: the first languages' correction was tuned against real typos; the added ones
   * have no such data, so they correct only within a first letter, which keeps real words apart
   * ("passée" is not a typo of "cassée", nor "payé" of "rayé").
   */
  constructor(words: Iterable<string>, alphabet: Alphabet, options: { sameFirstLetter?: boolean } = {}) {
    this.sameFirstLetter = options.sameFirstLetter ?? false;
    for (const word of words) {
      // Short words have too many neighbours to correct safely.
      if (word.length < 5 || !alphabet.word.test(word)) continue;
      this.known.add(word);
      for (const variant of deletions(word)) {
        const words = this.byDeletion.get(variant);
        if (!words) this.byDeletion.set(variant, [word]);
        else if (!words.includes(word)) words.push(word);
      }
    }
  }

  knows(token: string): boolean {
    return this.known.has(token);
  }

  /** The known word the token is one edit from (itself if known), or undefined. */
  correction(token: string): string | undefined {
    if (this.known.has(token)) return token;
    // A letter missing from the token, then a letter too many, then one mistyped or swapped.
    const longer = this.byDeletion.get(token)?.find((word) => this.allows(token, word));
    if (longer) return longer;
    for (const variant of deletions(token)) {
      if (this.known.has(variant) && this.allows(token, variant)) return variant;
      const word = this.byDeletion.get(variant)?.find((candidate) => this.allows(token, candidate));
      if (word) return word;
    }
    return undefined;
  }

  /**
   * Deletions can meet two edits apart ("create" and "rebate" both give "reate"): a word is a correction
   * only when it really is one substitution or one swap of neighbours away, or one letter longer or shorter.
   */
  private allows(token: string, word: string): boolean {
    return (!this.sameFirstLetter || token[0] === word[0]) && withinOneEdit(token, word);
  }
}

function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let start = 0;
  while (start < a.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const restA = a.slice(start, endA);
  const restB = b.slice(start, endB);
  if (restA.length <= 1 && restB.length <= 1) return true;
  return restA.length === 2 && restB.length === 2 && restA[0] === restB[1] && restA[1] === restB[0];
}

function* deletions(word: string): Generator<string> {
  for (let i = 0; i < word.length; i++) yield word.slice(0, i) + word.slice(i + 1);
}
