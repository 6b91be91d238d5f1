import { readFileSync } from "node:fs";
import { z } from "zod";
import { plainTextEmail } from "../email.ts";
import type { TriageModel } from "../types.ts";
import { extractEntities } from "../understand/extract.ts";
import { bitextToIntent } from "./bitext.ts";
import { type ClassificationReport, scoreClassification, scoreExtraction } from "./metrics.ts";

/**
 * `npm run eval -- --dataset FILE.jsonl [--engine local] [--json]`: classify every labelled message,
 * then print per-intent precision/recall/F1, macro-F1, the confusion matrix and order-number
 * extraction scores (values compared with leading zeros stripped).
 */
const datasetRow = z.object({ text: z.string(), intent: z.string(), order_id: z.string().optional() });

export async function evaluateDataset(options: { dataset: string; model: TriageModel; json: boolean }) {
  const { model } = options;
  const rows = readFileSync(options.dataset, "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line, i) => {
      const parsed = datasetRow.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`line ${i + 1}: ${parsed.error.message}`);
      return parsed.data;
    });

  const pairs: { expected: string; predicted: string }[] = [];
  const extraction: { expected: string[]; found: string[] }[] = [];
  const format = { prefixes: [] };
  for (const row of rows) {
    const expected = bitextToIntent[row.intent];
    if (!expected) throw new Error(`no mapping for Bitext intent "${row.intent}" (agent/eval/bitext.ts)`);
    const entities = extractEntities(row.text, format);
    const classification = await model.classify(plainTextEmail(row.text), entities);
    pairs.push({ expected, predicted: classification.intent });
    extraction.push({
      expected: row.order_id ? [orderValue(row.order_id)] : [],
      found: entities.orderNumbers.map(orderValue),
    });
  }
  const report = scoreClassification(pairs);
  const orderNumber = scoreExtraction(extraction);
  if (options.json) {
    const perIntent = Object.fromEntries(
      Object.entries(report.perIntent).map(([k, v]) => [
        k,
        { ...v, precision: r(v.precision), recall: r(v.recall), f1: r(v.f1) },
      ]),
    );
    console.log(
      JSON.stringify({
        engine: model.name,
        n: report.n,
        macroF1: r(report.macroF1),
        perIntent,
        orderNumber: {
          precision: r(orderNumber.precision),
          recall: r(orderNumber.recall),
          f1: r(orderNumber.f1),
        },
      }),
    );
    return;
  }
  printReport(model.name, report, orderNumber);
}

/** Order numbers compare by value: prefix letters and leading zeros dropped ("#LL-00042" → "42"). */
function orderValue(value: string): string {
  return value.replace(/^[A-Z]*-?/i, "").replace(/^0+(?=\d)/, "");
}

const r = (x: number) => Math.round(x * 1000) / 1000;

function printReport(
  engine: string,
  report: ClassificationReport,
  order: { precision: number; recall: number; f1: number },
) {
  console.log(
    `engine ${engine}   n ${report.n}   accuracy ${r(report.accuracy)}   macro-F1 ${r(report.macroF1)}\n`,
  );
  console.log(
    `${"intent".padEnd(24)}${"precision".padStart(10)}${"recall".padStart(10)}${"f1".padStart(10)}${"n".padStart(7)}`,
  );
  for (const [intent, s] of Object.entries(report.perIntent)) {
    console.log(
      `${intent.padEnd(24)}${r(s.precision).toFixed(3).padStart(10)}${r(s.recall).toFixed(3).padStart(10)}${r(s.f1).toFixed(3).padStart(10)}${String(s.n).padStart(7)}`,
    );
  }
  const labels = Object.keys(report.perIntent);
  const predicted = [...new Set(Object.values(report.confusion).flatMap((row) => Object.keys(row)))].sort();
  console.log("\nconfusion (rows: expected, columns: predicted)");
  console.log(`${"".padEnd(18)}${predicted.map((p) => p.slice(0, 8).padStart(9)).join("")}`);
  for (const label of labels) {
    const row = report.confusion[label] ?? {};
    console.log(
      `${label.slice(0, 17).padEnd(18)}${predicted.map((p) => String(row[p] ?? 0).padStart(9)).join("")}`,
    );
  }
  console.log(
    `\norder numbers   precision ${r(order.precision)}   recall ${r(order.recall)}   f1 ${r(order.f1)}`,
  );
}
