import { eq } from "drizzle-orm";
import sanitizeHtml from "sanitize-html";
import { z } from "zod";
import { mailboxes } from "../../../db/schema/index.ts";
import { type AppContext, withTransaction } from "../../context.ts";
import { type Actor, recordAudit } from "../audit.ts";
import { NotFoundError } from "../errors.ts";
import { forgetMailbox } from "./providers.ts";

export const updateMailboxSignatureInput = z.object({
  mailboxId: z.uuid(),
  /** Empty or absent: no signature of that kind. */
  text: z.string().max(2000).optional(),
  html: z.string().max(20_000).optional(),
});
export type UpdateMailboxSignatureInput = z.infer<typeof updateMailboxSignatureInput>;

/**
 * The signature every reply from this mailbox ends with. Its HTML goes into mail customers open, so it
 * keeps only what a signature needs: text formatting, links, and images (a logo) on https.
 */
export async function updateMailboxSignature(
  { ctx, actor }: { ctx: AppContext; actor: Actor },
  input: UpdateMailboxSignatureInput,
): Promise<{ text: string | null; html: string | null }> {
  const { mailboxId, text, html } = updateMailboxSignatureInput.parse(input);
  const signature = { text: text?.trim() || null, html: html?.trim() ? signatureHtml(html) || null : null };
  await withTransaction(ctx.db, async (tx) => {
    const [updated] = await tx
      .update(mailboxes)
      .set({ signatureText: signature.text, signatureHtml: signature.html })
      .where(eq(mailboxes.id, mailboxId))
      .returning({ address: mailboxes.address });
    if (!updated) throw new NotFoundError(`mailbox ${mailboxId} not found`);
    await recordAudit(tx, {
      actor,
      action: "mailbox.signature_changed",
      subjectType: "mailbox",
      subjectId: mailboxId,
      data: { address: updated.address, text: signature.text, html: signature.html },
    });
  });
  forgetMailbox(ctx, mailboxId);
  return signature;
}

export function signatureHtml(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: [...sanitizeHtml.defaults.allowedTags, "img", "font"],
    allowedAttributes: { a: ["href", "title"], img: ["src", "alt", "width", "height"], font: ["color"] },
    allowedSchemes: ["https", "mailto", "tel"],
    allowedSchemesByTag: { img: ["https"] },
    allowProtocolRelative: false,
    // An image whose source was not https is left with none: drop it.
    exclusiveFilter: (frame) => frame.tag === "img" && !frame.attribs.src,
  }).trim();
}
