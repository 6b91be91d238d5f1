import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { count, eq, inArray, isNotNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attachmentContents, messageAttachments, messages } from "../../db/schema/index.ts";
import { type ParsedAttachment, parseEmail } from "../../integrations/mail/mime.ts";
import { SandboxMailbox } from "../../integrations/mail/sandbox/provider.ts";
import type { ConversationDetail } from "../../server/api/types.ts";
import { syncMailbox } from "../../server/domain/mail/sync-mailbox.ts";
import { contentDisposition, safeContentType, safeFilename } from "../../server/http/download.ts";
import { signedInClient } from "../helpers/auth.ts";
import { emlCorpus, emlFiles, emlName } from "../helpers/eml-corpus.ts";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.ts";

/** Small enough that a few corpus attachments (a 1,952-byte JPEG, a 2,361-byte S/MIME signature) exceed it. */
const cap = 1_500;
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/** The PDF in these six files is the same 1,026 bytes: stored once. */
const samePdf = [
  "mikel_mail/attachment_emails/attachment_message_rfc822.eml",
  "mikel_mail/attachment_emails/attachment_pdf.eml",
  "mikel_mail/attachment_emails/attachment_pdf_lf.eml",
  "mikel_mail/attachment_emails/attachment_pdf_non_ascii.eml",
  "mikel_mail/attachment_emails/attachment_pdf_non_ascii_lf.eml",
  "mikel_mail/mime_emails/raw_email_with_multipart_mixed_quoted_boundary.eml",
];
const tooLarge = "mikel_mail/attachment_emails/attachment_with_quoted_filename.eml";

describe.each(["pglite", "postgres"] as const)("attachments of the MIME corpus (%s)", (database) => {
  let rt: TestRuntime;
  /** Provider id → the attachments the parser finds in that file. */
  const expected = new Map<string, ParsedAttachment[]>();
  const providerIdOf = new Map<string, string>();

  beforeAll(async () => {
    rt = await createTestRuntime({
      database,
      queue: "in-process",
      workers: false,
      env: { MAILROOM_ATTACHMENT_MAX_BYTES: String(cap) },
    });
    const sandbox = new SandboxMailbox(rt.ctx.db, rt.mailboxId);
    for (const file of emlFiles) {
      const raw = readFileSync(file);
      const delivered = await sandbox.deliver(raw);
      providerIdOf.set(emlName(file), delivered.providerMessageId);
      expected.set(delivered.providerMessageId, (await parseEmail(raw).catch(() => null))?.attachments ?? []);
    }
    await syncMailbox(rt.ctx, rt.mailboxId);
  }, 120_000);
  afterAll(() => rt?.dispose());

  const attachmentsOf = async (providerMessageId: string) =>
    rt.ctx.db
      .select({
        id: messageAttachments.id,
        messageId: messageAttachments.messageId,
        filename: messageAttachments.filename,
        contentType: messageAttachments.contentType,
        size: messageAttachments.size,
        inline: messageAttachments.inline,
        sha256: messageAttachments.sha256,
        omitted: messageAttachments.omitted,
        content: attachmentContents.content,
      })
      .from(messageAttachments)
      .innerJoin(messages, eq(messages.id, messageAttachments.messageId))
      .leftJoin(attachmentContents, eq(attachmentContents.sha256, messageAttachments.sha256))
      .where(eq(messages.providerMessageId, providerMessageId))
      .orderBy(messageAttachments.position);

  it("keeps every attachment's metadata, and its exact bytes when within the cap", async () => {
    let kept = 0;
    let omitted = 0;
    for (const [providerId, parsed] of expected) {
      const rows = await attachmentsOf(providerId);
      expect(rows).toHaveLength(parsed.length);
      parsed.forEach((attachment, i) => {
        const row = rows[i];
        expect(row?.filename).toBe(attachment.filename?.replaceAll("\0", "") ?? null);
        expect(row?.contentType).toBe(attachment.contentType);
        expect(row?.size).toBe(attachment.size);
        expect(row?.inline).toBe(attachment.inline);
        if (attachment.size <= cap) {
          kept++;
          expect(row?.omitted).toBeNull();
          expect(row?.content?.equals(attachment.content)).toBe(true);
        } else {
          omitted++;
          expect(row?.omitted).toBe("too_large");
          expect(row?.sha256).toBeNull();
          expect(row?.content).toBeNull();
        }
      });
    }
    // The corpus really exercises both sides of the cap.
    expect(kept).toBeGreaterThan(30);
    expect(omitted).toBeGreaterThan(3);
  });

  it("stores each distinct content once, however many messages carry it", async () => {
    const distinct = new Set(
      [...expected.values()].flat().flatMap((a) => (a.size <= cap ? [sha256(a.content)] : [])),
    );
    const [stored] = await rt.ctx.db.select({ n: count() }).from(attachmentContents);
    expect(stored?.n).toBe(distinct.size);

    const pdfRows = (await Promise.all(samePdf.map((f) => attachmentsOf(providerIdOf.get(f) ?? "")))).map(
      (rows) => rows.find((r) => r.filename === "broken.pdf"),
    );
    expect(pdfRows.every((r) => r?.sha256 === pdfRows[0]?.sha256 && r?.sha256)).toBe(true);
    const [pdfBlobs] = await rt.ctx.db
      .select({ n: count() })
      .from(attachmentContents)
      .where(eq(attachmentContents.sha256, pdfRows[0]?.sha256 ?? ""));
    expect(pdfBlobs?.n).toBe(1);
  });

  it("adds no content for the same attachment arriving again in a new message", async () => {
    const [before] = await rt.ctx.db.select({ n: count() }).from(attachmentContents);
    const again = await new SandboxMailbox(rt.ctx.db, rt.mailboxId).deliver(
      readFileSync(`${emlCorpus}/${samePdf[1]}`),
    );
    await syncMailbox(rt.ctx, rt.mailboxId);
    const rows = await attachmentsOf(again.providerMessageId);
    expect(rows.map((r) => r.filename)).toEqual(["broken.pdf"]);
    const [after] = await rt.ctx.db.select({ n: count() }).from(attachmentContents);
    expect(after?.n).toBe(before?.n);
    // A second sync of what is already stored adds no attachment rows either (invariant 1).
    const [rowsBefore] = await rt.ctx.db.select({ n: count() }).from(messageAttachments);
    await syncMailbox(rt.ctx, rt.mailboxId);
    const [rowsAfter] = await rt.ctx.db.select({ n: count() }).from(messageAttachments);
    expect(rowsAfter?.n).toBe(rowsBefore?.n);
  });

  it("never fails a message for an attachment over the cap", async () => {
    const [row] = await rt.ctx.db
      .select({ status: messages.status, parseError: messages.parseError })
      .from(messages)
      .where(eq(messages.providerMessageId, providerIdOf.get(tooLarge) ?? ""));
    expect(row).toEqual({ status: "received", parseError: null });
    expect((await attachmentsOf(providerIdOf.get(tooLarge) ?? "")).map((r) => r.omitted)).toEqual([
      "too_large",
    ]);
  });

  it("lists attachments in the thread and downloads the original bytes as a file", async () => {
    const agent = await signedInClient(rt, "agent");
    const [message] = await rt.ctx.db
      .select({ id: messages.id, conversationId: messages.conversationId })
      .from(messages)
      .where(eq(messages.providerMessageId, providerIdOf.get("postal_mime/mimetorture.eml") ?? ""));
    const detail = (await (
      await agent.get(`/api/conversations/${message?.conversationId}`)
    ).json()) as ConversationDetail;
    const listed = detail.messages.find((m) => m.id === message?.id)?.attachments ?? [];
    const parsed = expected.get(providerIdOf.get("postal_mime/mimetorture.eml") ?? "") ?? [];
    expect(listed.map((a) => [a.filename, a.size])).toEqual(parsed.map((a) => [a.filename, a.size]));

    for (const [i, view] of listed.entries()) {
      const response = await agent.get(`/api/messages/${message?.id}/attachments/${view.id}`);
      expect(response.status).toBe(200);
      expect(Buffer.from(await response.arrayBuffer()).equals(parsed[i]?.content ?? Buffer.alloc(1))).toBe(
        true,
      );
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="/);
    }
    const html = listed.find((a) => a.filename === "htmlfile.html");
    const htmlResponse = await agent.get(`/api/messages/${message?.id}/attachments/${html?.id}`);
    expect(htmlResponse.headers.get("content-type")).toBe("application/octet-stream");
    const png = listed.find((a) => a.filename === "smiley-3.png");
    const pngResponse = await agent.get(`/api/messages/${message?.id}/attachments/${png?.id}`);
    expect(pngResponse.headers.get("content-type")).toBe("image/png");
  });

  it("names a non-ASCII file exactly (RFC 5987) and refuses what was not stored or belongs elsewhere", async () => {
    const agent = await signedInClient(rt, "agent");
    const [nonAscii] = await attachmentsOf(
      providerIdOf.get("mikel_mail/attachment_emails/attachment_nonascii_filename.eml") ?? "",
    );
    const response = await agent.get(`/api/messages/${nonAscii?.messageId}/attachments/${nonAscii?.id}`);
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="ci_le.txt"; filename*=UTF-8''ci%C3%ABle.txt`,
    );
    expect(response.headers.get("content-type")).toBe("text/plain");

    const [omitted] = await attachmentsOf(providerIdOf.get(tooLarge) ?? "");
    const refused = await agent.get(`/api/messages/${omitted?.messageId}/attachments/${omitted?.id}`);
    expect(refused.status).toBe(404);
    expect(((await refused.json()) as { message: string }).message).toMatch(/too_large/);
    // An attachment id under another message's id is not found.
    const elsewhere = await agent.get(`/api/messages/${omitted?.messageId}/attachments/${nonAscii?.id}`);
    expect(elsewhere.status).toBe(404);
  });

  it("keeps no content row that no attachment references", async () => {
    const referenced = await rt.ctx.db
      .selectDistinct({ sha256: messageAttachments.sha256 })
      .from(messageAttachments)
      .where(isNotNull(messageAttachments.sha256));
    const [all] = await rt.ctx.db.select({ n: count() }).from(attachmentContents);
    const [matched] = await rt.ctx.db
      .select({ n: count() })
      .from(attachmentContents)
      .where(
        inArray(
          attachmentContents.sha256,
          referenced.map((r) => r.sha256 ?? ""),
        ),
      );
    expect(matched?.n).toBe(all?.n);
  });
});

describe("download headers for a sender's file", () => {
  it("keeps only the last path segment and drops control, bidi-override and reserved characters", () => {
    expect(safeFilename("../../etc/passwd")).toBe("passwd");
    expect(safeFilename("C:\\Users\\x\\evil.bat")).toBe("evil.bat");
    expect(safeFilename("invoice\u202Efdp.exe")).toBe("invoice_fdp.exe");
    expect(safeFilename('a"b\r\nc.txt')).toBe("a_b__c.txt");
    expect(safeFilename(null)).toBe("attachment");
    expect(safeFilename(" .. ")).toBe("attachment");
  });

  it("cannot be broken out of: quotes and separators never reach the header unescaped", () => {
    const header = contentDisposition('x"; filename="evil.html');
    expect(header.startsWith("attachment; filename=\"x_; filename=_evil.html\"; filename*=UTF-8''")).toBe(
      true,
    );
    expect(header).not.toMatch(/[\r\n]/);
  });

  it("passes harmless types without parameters and sends anything else as bytes", () => {
    expect(safeContentType("Application/PDF; name=x.pdf")).toBe("application/pdf");
    expect(safeContentType("text/html")).toBe("application/octet-stream");
    expect(safeContentType("image/svg+xml")).toBe("application/octet-stream");
    expect(safeContentType("")).toBe("application/octet-stream");
  });
});
