import { describe, expect, it } from "vitest";
import { bitextToIntent } from "../../agent/eval/bitext.ts";
import { scoreClassification, scoreExtraction } from "../../agent/eval/metrics.ts";
import { intents } from "../../agent/types.ts";

describe("evaluation metrics", () => {
  it("scores per intent, macro-F1 and the confusion matrix", () => {
    const report = scoreClassification([
      { expected: "refund", predicted: "refund" },
      { expected: "refund", predicted: "return" },
      { expected: "return", predicted: "return" },
      { expected: "return", predicted: "return" },
    ]);
    expect(report.perIntent.refund).toEqual({ precision: 1, recall: 0.5, f1: 2 / 3, n: 2 });
    expect(report.perIntent.return).toMatchObject({ precision: 2 / 3, recall: 1, n: 2 });
    expect(report.macroF1).toBeCloseTo((2 / 3 + 0.8) / 2);
    expect(report.confusion.refund).toEqual({ refund: 1, return: 1 });
  });

  it("scores extraction as sets of values", () => {
    expect(
      scoreExtraction([
        { expected: ["42"], found: ["42", "7"] },
        { expected: ["9"], found: [] },
      ]),
    ).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5 });
  });

  it("maps every Bitext intent onto one of ours", () => {
    expect(Object.keys(bitextToIntent)).toHaveLength(27);
    for (const ours of Object.values(bitextToIntent)) expect(intents).toContain(ours);
  });
});
