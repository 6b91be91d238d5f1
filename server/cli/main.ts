import { readdir, readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { triageEmail } from "../../agent/pipeline.ts";
import type { EmailForTriage } from "../../agent/types.ts";
import { parseEmail } from "../../integrations/mail/mime.ts";
import { createRuntime } from "../bootstrap.ts";
import { ConfigError, loadConfig } from "../config.ts";
import { importCommerceCsv } from "../domain/commerce/import-commerce-csv.ts";
import { importOrders } from "../domain/commerce/import-orders.ts";
import { DomainError } from "../domain/errors.ts";
import { createLogger } from "../logger.ts";

const usage = `usage:
  mailroom triage <file.eml|dir>…   run each message through the agent (read-only) and print one JSON line each
  mailroom import <orders.json>     load customers, orders and shipments (shape: README, "Importing orders")
  mailroom import <file.csv> --kind orders|shipments [--time-zone Europe/Bucharest] [--encoding windows-1252]
                                    load a CSV export; prints a per-row error report (exit 1 when a row failed)`;

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (!command || command === "--help" || command === "-h" || args.length === 0) {
    console.error(usage);
    return command ? 0 : 2;
  }
  const config = loadConfig();
  const runtime = await createRuntime(config, { logger: createLogger("warn") });
  try {
    if (command === "triage") return await triage(runtime.ctx, args);
    if (command === "import" && args[0]?.toLowerCase().endsWith(".csv"))
      return await importCsv(runtime.ctx, args);
    if (command === "import") return await importFile(runtime.ctx, args[0] as string);
    console.error(`unknown command "${command}"\n${usage}`);
    return 2;
  } finally {
    await runtime.close();
  }
}

type Ctx = Awaited<ReturnType<typeof createRuntime>>["ctx"];

/** Dry run: nothing is stored or sent; the decision is what Mailroom would do with the message now. */
async function triage(ctx: Ctx, paths: string[]): Promise<number> {
  for (const file of await emlFiles(paths)) {
    try {
      const parsed = await parseEmail(await readFile(file));
      const email: EmailForTriage = {
        from: parsed.from,
        to: parsed.to,
        subject: parsed.subject,
        text: parsed.text,
        html: parsed.html,
        headers: parsed.headers,
        contentType: parsed.contentType,
        receivedAt: parsed.date ?? ctx.clock(),
      };
      const outcome = await triageEmail(ctx.agent, email);
      console.log(
        JSON.stringify({
          file,
          messageId: parsed.rfcMessageId,
          intent: outcome.classification?.intent ?? outcome.screen.kind,
          confidence: outcome.classification?.confidence ?? null,
          language: outcome.classification?.language ?? null,
          orderNumbers: outcome.entities.orderNumbers,
          action: outcome.decision.action,
          reasons: outcome.decision.reasons,
          draft: outcome.draft?.body ?? null,
        }),
      );
    } catch (error) {
      // Like the mailbox, the CLI keeps going: an unparseable message is reported as rejected, with why.
      console.log(JSON.stringify({ file, action: "rejected", error: (error as Error).message }));
    }
  }
  return 0;
}

async function importFile(ctx: Ctx, path: string): Promise<number> {
  const data = JSON.parse(await readFile(path, "utf8"));
  const report = await importOrders(ctx.db, data);
  console.log(JSON.stringify({ file: path, ...report }));
  return 0;
}

async function importCsv(ctx: Ctx, args: string[]): Promise<number> {
  const [path, ...flags] = args;
  const option = (name: string) => {
    const i = flags.indexOf(`--${name}`);
    return i >= 0 ? flags[i + 1] : undefined;
  };
  const kind = option("kind");
  if (kind !== "orders" && kind !== "shipments") {
    console.error(`--kind orders or --kind shipments is needed for a CSV\n${usage}`);
    return 2;
  }
  const report = await importCommerceCsv(
    { ctx, actor: { type: "system", name: "cli" } },
    await readFile(path as string),
    { kind, timeZone: option("time-zone"), encoding: option("encoding") },
  );
  console.log(JSON.stringify({ file: path, ...report }));
  return report.errors.length > 0 ? 1 : 0;
}

async function emlFiles(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const p of paths.map((x) => resolve(x))) {
    if ((await stat(p)).isDirectory()) {
      const entries = await readdir(p, { recursive: true, withFileTypes: true });
      for (const e of entries)
        if (e.isFile() && e.name.endsWith(".eml")) files.push(join(e.parentPath, e.name));
    } else files.push(p);
  }
  return files.sort();
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((error) => {
    if (error instanceof ConfigError || error instanceof DomainError || error instanceof SyntaxError) {
      console.error(error.message);
      process.exit(1);
    }
    console.error(error);
    process.exit(1);
  });
