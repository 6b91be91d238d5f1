import { parseArgs } from "node:util";
import { evaluateDataset } from "../../agent/eval/dataset.ts";
import { AnthropicModel } from "../../agent/model/anthropic/index.ts";
import { LocalModel } from "../../agent/model/local.ts";
import type { TriageModel } from "../../agent/types.ts";
import { loadConfig } from "../config.ts";
import { evaluateEmails, printEmailEval } from "./eval-emails.ts";

/**
 * `npm run eval -- --dataset FILE.jsonl [--engine local|anthropic] [--json]`: classifier and order-number scores
 * on labelled messages. `npm run eval -- --emails DIR [--json]`: whole-agent pass table on .eml files
 * with an expect.json. Exits non-zero when an email fails its expectations.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      dataset: { type: "string" },
      emails: { type: "string" },
      engine: { type: "string", default: "local" },
      json: { type: "boolean", default: false },
    },
  });
  const model = engineFor(values.engine ?? "local");
  if (values.dataset) {
    await evaluateDataset({ dataset: values.dataset, model, json: values.json ?? false });
    return 0;
  }
  if (values.emails) {
    const rows = await evaluateEmails(values.emails, model);
    printEmailEval(rows, values.json ?? false);
    return rows.every((r) => r.pass) ? 0 : 1;
  }
  console.error(
    "usage: npm run eval -- (--dataset FILE.jsonl | --emails DIR) [--engine local|anthropic] [--json]",
  );
  return 2;
}

/** `anthropic` reads the same settings as the server (ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL, model ids). */
function engineFor(name: string): TriageModel {
  if (name === "local") return new LocalModel();
  if (name !== "anthropic") throw new Error(`unknown engine "${name}": use local or anthropic`);
  const { model } = loadConfig({ ...process.env, MAILROOM_MODEL: "anthropic", MAILROOM_DEMO: "false" });
  return new AnthropicModel({
    apiKey: model.anthropicApiKey ?? "",
    baseURL: model.anthropicBaseUrl,
    classifyModel: model.classifyModel,
    draftModel: model.draftModel,
  });
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error((error as Error).message);
    process.exit(1);
  },
);
