import { createHash } from "node:crypto";
import { inArray } from "drizzle-orm";
import type { Executor } from "../../../db/client.ts";
import { attachmentContents, messageAttachments } from "../../../db/schema/index.ts";
import type { ParsedAttachment } from "../../../integrations/mail/mime.ts";
import type { Config } from "../../config.ts";

export type AttachmentLimits = Config["mail"];

/** Keeps one insert statement's parameters well below what a driver buffers comfortably. */
const batchBytes = 16 * 1024 * 1024;

/**
 * Record the attachments of messages just stored, in the caller's transaction: every attachment's
 * metadata, and its content once by SHA-256 however many messages (of this page or earlier) carry it.
 * Content over the cap is left out and the row says so (`omitted: "too_large"`); the message itself is
 * never refused for it (its raw MIME is kept whole anyway).
 */
export async function storeAttachments(
  tx: Executor,
  stored: { messageId: string; attachments: ParsedAttachment[] }[],
  limits: AttachmentLimits,
): Promise<void> {
  const rows: (typeof messageAttachments.$inferInsert)[] = [];
  const contents = new Map<string, Buffer>();
  for (const { messageId, attachments } of stored)
    attachments.forEach((attachment, position) => {
      const kept = attachment.size <= limits.attachmentMaxBytes;
      const sha256 = kept ? createHash("sha256").update(attachment.content).digest("hex") : null;
      if (sha256) contents.set(sha256, attachment.content);
      rows.push({
        messageId,
        position,
        // Postgres text holds no NUL; a sender's filename may.
        filename: attachment.filename?.replaceAll("\0", "") ?? null,
        contentType: attachment.contentType.replaceAll("\0", ""),
        size: attachment.size,
        contentId: attachment.contentId?.replaceAll("\0", "") ?? null,
        inline: attachment.inline,
        sha256,
        omitted: kept ? null : "too_large",
      });
    });
  if (rows.length === 0) return;

  // Content already stored is not sent to the database again.
  if (contents.size > 0) {
    const known = await tx
      .select({ sha256: attachmentContents.sha256 })
      .from(attachmentContents)
      .where(inArray(attachmentContents.sha256, [...contents.keys()]));
    for (const { sha256 } of known) contents.delete(sha256);
  }
  for (const batch of bySize([...contents], batchBytes))
    await tx
      .insert(attachmentContents)
      .values(batch.map(([sha256, content]) => ({ sha256, size: content.byteLength, content })))
      // A concurrent sync stored the same bytes first: they are the same bytes.
      .onConflictDoNothing({ target: attachmentContents.sha256 });
  await tx.insert(messageAttachments).values(rows);
}

/** Consecutive groups of at most `limit` bytes (a bigger item alone). */
function bySize(items: [string, Buffer][], limit: number): [string, Buffer][][] {
  const batches: [string, Buffer][][] = [];
  let current: [string, Buffer][] = [];
  let bytes = 0;
  for (const item of items) {
    if (current.length > 0 && bytes + item[1].byteLength > limit) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += item[1].byteLength;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
