import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { and, eq, inArray } from "drizzle-orm";
import { expect } from "vitest";
import type { Executor } from "../../db/client.ts";
import { messageAttachments, messages } from "../../db/schema/index.ts";
import { parseEmail } from "../../integrations/mail/mime.ts";

/** Real-world MIME from two mail parsers' test suites (../shared/data/eml, kept outside the project). */
export const emlCorpus = fileURLToPath(new URL("../../../shared/data/eml", import.meta.url));

/** Every `.eml` file of the corpus, sorted. */
export const emlFiles = readdirSync(emlCorpus, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith(".eml"))
  .map((e) => join(e.parentPath, e.name))
  .sort();

/** A corpus file's name as the checks report it. */
export const emlName = (file: string) => relative(emlCorpus, file);

/**
 * Every corpus message arrived through a provider and the sync job: stored once, byte for byte, with the
 * subject, sender, decoded body and attachments (name, size, bytes) the parser gives, and no replacement
 * characters in the multi-charset ones. `providerIds` maps each file's name to the id the provider gave it.
 */
export async function expectCorpusStoredIntact(
  db: Executor,
  mailboxId: string,
  providerIds: Map<string, string>,
): Promise<void> {
  expect(emlFiles.length).toBeGreaterThan(100);
  const rows = await db
    .select()
    .from(messages)
    .where(and(eq(messages.mailboxId, mailboxId), eq(messages.direction, "inbound")));
  expect(rows).toHaveLength(emlFiles.length);
  const byId = new Map(rows.map((row) => [row.providerMessageId, row]));
  const attachments = await db
    .select({
      messageId: messageAttachments.messageId,
      filename: messageAttachments.filename,
      size: messageAttachments.size,
    })
    .from(messageAttachments)
    .where(
      inArray(
        messageAttachments.messageId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(messageAttachments.messageId, messageAttachments.position);
  for (const file of emlFiles) {
    const name = emlName(file);
    const row = byId.get(providerIds.get(name) ?? "missing");
    const bytes = readFileSync(file);
    expect(row?.raw?.equals(bytes), name).toBe(true);
    if (row?.parseError) continue;
    const expected = await parseEmail(bytes);
    expect(row?.subject, name).toBe(expected.subject);
    expect(row?.fromAddress, name).toBe(expected.from.address || "unknown");
    expect(row?.textBody, name).toBe(expected.text);
    expect(
      attachments.filter((a) => a.messageId === row?.id).map((a) => [a.filename, a.size]),
      name,
    ).toEqual(expected.attachments.map((a) => [a.filename, a.size]));
  }
  // Bodies come out decoded, not as transfer encodings or replacement characters.
  const multi = rows.filter((row) =>
    [...providerIds].some(([name, id]) => name.includes("multi_charset") && id === row.providerMessageId),
  );
  expect(multi.length).toBeGreaterThan(0);
  for (const row of multi) expect(row.textBody.includes("\uFFFD")).toBe(false);
}
