import { z } from "zod";
import { type CsvKind, parseCommerceCsv } from "../../../integrations/commerce/csv.ts";
import { timeZoneSchema } from "../../../integrations/commerce/values.ts";
import { type AppContext, withTransaction } from "../../context.ts";
import { type Actor, recordAudit } from "../audit.ts";
import { DomainError, InvalidInputError } from "../errors.ts";
import { applyCommerceUpdate } from "./apply-commerce-update.ts";

export const importCommerceCsvOptions = z.object({
  kind: z.enum(["orders", "shipments"]),
  timeZone: timeZoneSchema.default("UTC"),
  encoding: z.string().min(1).max(40).optional(),
});
export type ImportCommerceCsvOptions = z.input<typeof importCommerceCsvOptions>;

export interface CsvImportReport {
  rows: number;
  applied: number;
  encoding: string;
  errors: { line: number; problems: string[] }[];
}

/**
 * Import a CSV of orders or shipments. Every row is validated and applied in its own transaction,
 * so a broken row is reported with its line number and the good rows still land. Re-importing a
 * file changes nothing (upserts on natural keys).
 */
export async function importCommerceCsv(
  { ctx, actor }: { ctx: AppContext; actor: Actor },
  bytes: Buffer,
  options: ImportCommerceCsvOptions,
): Promise<CsvImportReport> {
  const { kind, timeZone, encoding } = importCommerceCsvOptions.parse(options);
  let parsed: ReturnType<typeof parseCommerceCsv>;
  try {
    parsed = parseCommerceCsv(bytes, kind as CsvKind, { timeZone, encoding });
  } catch (error) {
    throw new InvalidInputError(`the file cannot be read as a ${kind} CSV: ${(error as Error).message}`);
  }
  const report: CsvImportReport = {
    rows: parsed.rows.length,
    applied: 0,
    encoding: parsed.encoding,
    errors: [],
  };
  const now = ctx.clock();
  for (const row of parsed.rows) {
    if (!row.update) {
      report.errors.push({ line: row.line, problems: row.problems });
      continue;
    }
    const update = row.update;
    try {
      await withTransaction(ctx.db, (tx) => applyCommerceUpdate(tx, update, { now, source: "csv" }));
      report.applied++;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      report.errors.push({ line: row.line, problems: [error.message] });
    }
  }
  await recordAudit(ctx.db, {
    actor,
    action: "commerce.csv_imported",
    subjectType: "csv",
    subjectId: kind,
    data: {
      rows: report.rows,
      applied: report.applied,
      errors: report.errors.length,
      encoding: report.encoding,
    },
  });
  return report;
}
