import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { count, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decisions, messages, sandboxMail } from "../../db/schema/index.ts";
import { SandboxMailbox } from "../../integrations/mail/sandbox/provider.ts";
import { syncMailbox } from "../../server/domain/mail/sync-mailbox.ts";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.ts";

/** Real-world MIME from two mail parsers' test suites (../shared/data/eml, kept outside the project). */
const corpus = fileURLToPath(new URL("../../../shared/data/eml", import.meta.url));
const files = readdirSync(corpus, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith(".eml"))
  .map((e) => join(e.parentPath, e.name))
  .sort();

/** Machine mail in the corpus: DSNs, bounces and an abuse report (ARF). Never answered. */
const machineMail = [
  "mikel_mail/multipart_report_emails/multi_address_bounce1.eml",
  "mikel_mail/multipart_report_emails/multi_address_bounce2.eml",
  "mikel_mail/multipart_report_emails/multipart_report_multiple_status.eml",
  "mikel_mail/multipart_report_emails/report_422.eml",
  "mikel_mail/multipart_report_emails/report_530.eml",
  "postal_mime/arf.eml",
  "postal_mime/bounce.eml",
];

describe.each(["pglite", "postgres"] as const)(
  "the real-world MIME corpus through sandbox and triage (%s)",
  (database) => {
    let rt: TestRuntime;
    const providerIds = new Map<string, string>();

    beforeAll(async () => {
      rt = await createTestRuntime({ database, queue: "in-process" });
      const sandbox = new SandboxMailbox(rt.ctx.db, rt.mailboxId);
      for (const file of files) {
        const delivered = await sandbox.deliver(readFileSync(file));
        providerIds.set(relative(corpus, file), delivered.providerMessageId);
      }
      await syncMailbox(rt.ctx, rt.mailboxId);
      await rt.settle(60_000);
    }, 120_000);
    afterAll(() => rt.dispose());

    it("has the corpus beside the project", () => {
      expect(files.length).toBeGreaterThan(100);
    });

    it("stores every message exactly once, byte for byte (count in = count stored)", async () => {
      const [stored] = await rt.ctx.db
        .select({ n: count() })
        .from(messages)
        .where(eq(messages.direction, "inbound"));
      expect(stored?.n).toBe(files.length);
      const rows = await rt.ctx.db
        .select({ raw: messages.raw, id: messages.providerMessageId })
        .from(messages);
      const sent = await rt.ctx.db
        .select({ raw: sandboxMail.raw, id: sandboxMail.providerMessageId })
        .from(sandboxMail);
      for (const row of rows) {
        expect(row.raw?.equals(sent.find((s) => s.id === row.id)?.raw ?? Buffer.alloc(0))).toBe(true);
      }
    });

    it("triages every parseable message and keeps the unparseable ones visible as rejected", async () => {
      const rows = await rt.ctx.db
        .select({ status: messages.status, parseError: messages.parseError })
        .from(messages);
      expect(rows.filter((r) => r.status === "received")).toEqual([]);
      for (const r of rows.filter((r) => r.status === "rejected")) expect(r.parseError).toBeTruthy();
      const [decided] = await rt.ctx.db.select({ n: count() }).from(decisions);
      expect(decided?.n).toBe(rows.filter((r) => r.status === "triaged").length);
    });

    it("ignores every bounce, DSN and abuse report", async () => {
      const ids = machineMail.map((f) => providerIds.get(f) ?? "missing");
      const rows = await rt.ctx.db
        .select({ id: messages.providerMessageId, action: decisions.action })
        .from(messages)
        .innerJoin(decisions, eq(decisions.messageId, messages.id))
        .where(inArray(messages.providerMessageId, ids));
      expect(rows).toHaveLength(machineMail.length);
      expect(rows.every((r) => r.action === "ignore")).toBe(true);
    });

    it("decodes bodies to readable text in every charset", async () => {
      const rows = await rt.ctx.db
        .select({ subject: messages.subject, text: messages.textBody, id: messages.providerMessageId })
        .from(messages);
      const byFile = (f: string) => rows.find((r) => r.id === providerIds.get(f));
      expect(byFile("mikel_mail/plain_emails/basic_email.eml")?.text).toMatch(/\w+/);
      // No replacement characters where the charset was declared correctly.
      const multi = rows.filter((r) =>
        [...providerIds.entries()].some(([f, id]) => f.includes("multi_charset") && id === r.id),
      );
      expect(multi.length).toBeGreaterThan(0);
      for (const r of multi) expect(r.text.includes("\uFFFD")).toBe(false);
    });
  },
);
