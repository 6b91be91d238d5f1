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

  constructor(
    vocabulary: Iterable<string>,
    languageWords: ReadonlyMap<string, ReadonlySet<string>> = addedLanguageWords,
  ) {
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
    if (!own) return text.replace(firstLetters.tokens, (token) => this.shared.correction(token) ?? token);
    return text.replace(latinLetters.tokens, (token) => {
      if (own.knows(token) || this.shared.knows(token)) return token;
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
  private readonly byDeletion = new Map<string, string>();
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
      for (const variant of deletions(word))
        if (!this.byDeletion.has(variant)) this.byDeletion.set(variant, word);
    }
  }

  knows(token: string): boolean {
    return this.known.has(token);
  }

  /** The known word the token is one edit from (itself if known), or undefined. */
  correction(token: string): string | undefined {
    if (this.known.has(token)) return token;
    const exact = this.byDeletion.get(token);
    if (exact && this.allows(token, exact)) return exact;
    for (const variant of deletions(token)) {
      const word = this.byDeletion.get(variant) ?? (this.known.has(variant) ? variant : undefined);
      if (word && this.allows(token, word)) return word;
    }
    return undefined;
  }

  private allows(token: string, word: string): boolean {
    return !this.sameFirstLetter || token[0] === word[0];
  }
}

function* deletions(word: string): Generator<string> {
  for (let i = 0; i < word.length; i++) yield word.slice(0, i) + word.slice(i + 1);
}
