export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  /** How many examples carry this label. */
  n: number;
}

export interface ClassificationReport {
  n: number;
  accuracy: number;
  macroF1: number;
  perIntent: Record<string, ClassScores>;
  /** confusion[expected][predicted] = count */
  confusion: Record<string, Record<string, number>>;
}

/** Per-label precision, recall and F1, macro-F1 over the labels that occur in the gold set. */
export function scoreClassification(pairs: { expected: string; predicted: string }[]): ClassificationReport {
  const labels = [...new Set(pairs.map((p) => p.expected))].sort();
  const confusion: Record<string, Record<string, number>> = {};
  for (const { expected, predicted } of pairs) {
    const row = confusion[expected] ?? {};
    row[predicted] = (row[predicted] ?? 0) + 1;
    confusion[expected] = row;
  }
  const perIntent: Record<string, ClassScores> = {};
  for (const label of labels) {
    const tp = pairs.filter((p) => p.expected === label && p.predicted === label).length;
    const predicted = pairs.filter((p) => p.predicted === label).length;
    const actual = pairs.filter((p) => p.expected === label).length;
    perIntent[label] = { ...prf(tp, predicted, actual), n: actual };
  }
  const f1s = Object.values(perIntent).map((s) => s.f1);
  return {
    n: pairs.length,
    accuracy: pairs.filter((p) => p.expected === p.predicted).length / Math.max(1, pairs.length),
    macroF1: f1s.reduce((a, b) => a + b, 0) / Math.max(1, f1s.length),
    perIntent,
    confusion,
  };
}

/** Set-based scores for extracted values (order numbers), summed over all examples. */
export function scoreExtraction(pairs: { expected: string[]; found: string[] }[]): Omit<ClassScores, "n"> {
  let tp = 0;
  let found = 0;
  let expected = 0;
  for (const p of pairs) {
    const gold = new Set(p.expected);
    const got = new Set(p.found);
    tp += [...got].filter((v) => gold.has(v)).length;
    found += got.size;
    expected += gold.size;
  }
  return prf(tp, found, expected);
}

function prf(tp: number, predicted: number, actual: number) {
  const precision = predicted === 0 ? 0 : tp / predicted;
  const recall = actual === 0 ? 0 : tp / actual;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}
