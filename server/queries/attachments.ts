import { and, eq } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { attachmentContents, messageAttachments } from "../../db/schema/index.ts";

/** One attachment of one message with its content (null when it was not stored), or null if unknown. */
export async function attachmentDownload(db: Executor, messageId: string, attachmentId: string) {
  const [row] = await db
    .select({
      filename: messageAttachments.filename,
      contentType: messageAttachments.contentType,
      omitted: messageAttachments.omitted,
      content: attachmentContents.content,
    })
    .from(messageAttachments)
    .leftJoin(attachmentContents, eq(attachmentContents.sha256, messageAttachments.sha256))
    .where(and(eq(messageAttachments.id, attachmentId), eq(messageAttachments.messageId, messageId)));
  return row ?? null;
}
