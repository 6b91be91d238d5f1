/**
 * Customers type fast: "cancdling", "ordedr", "refnd". Words one edit away (a deletion, insertion,
 * substitution or swap) from a word the engine knows are read as that word, using symmetric deletes:
 * two words are within one edit when their one-deletion variants meet.
 */
export class TypoCorrector {
  private readonly known = new Set<string>();
  private readonly byDeletion = new Map<string, string>();

  constructor(vocabulary: Iterable<string>) {
    for (const word of vocabulary) {
      // Short words have too many neighbours to correct safely.
      if (word.length < 5 || !/^[a-zăâîșț]+$/.test(word)) continue;
      this.known.add(word);
      for (const variant of deletions(word))
        if (!this.byDeletion.has(variant)) this.byDeletion.set(variant, word);
    }
  }

  correct(text: string): string {
    return text.replace(/[a-zăâîșț]{4,}/g, (token) => {
      if (this.known.has(token)) return token;
      const exact = this.byDeletion.get(token);
      if (exact) return exact;
      for (const variant of deletions(token)) {
        const word = this.byDeletion.get(variant) ?? (this.known.has(variant) ? variant : undefined);
        if (word) return word;
      }
      return token;
    });
  }
}

function* deletions(word: string): Generator<string> {
  for (let i = 0; i < word.length; i++) yield word.slice(0, i) + word.slice(i + 1);
}
