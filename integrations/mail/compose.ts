import MailComposer from "nodemailer/lib/mail-composer/index.js";
import type { OutgoingReply } from "./types.ts";

/**
 * Build the RFC 5322 bytes of a reply: CRLF line endings, RFC 2047 encoded non-ASCII headers, and the
 * threading headers (RFC 5322 §3.6.4) that make the customer's own mail client thread it.
 */
export async function composeReply(reply: OutgoingReply, date: Date): Promise<Buffer> {
  const composer = new MailComposer({
    from: { name: reply.from.name, address: reply.from.address },
    to: reply.to,
    cc: reply.cc.length > 0 ? reply.cc : undefined,
    bcc: reply.bcc.length > 0 ? reply.bcc : undefined,
    subject: reply.subject,
    text: reply.text,
    html: reply.html ?? undefined,
    messageId: reply.rfcMessageId,
    inReplyTo: reply.inReplyTo ?? undefined,
    references: reply.references.length > 0 ? reply.references : undefined,
    date,
    headers: reply.headers,
    textEncoding: "quoted-printable",
  });
  const message = composer.compile();
  // Gmail's messages.send (and the sandbox) deliver to the Bcc header's addresses and strip it before
  // sending; MailComposer would leave it out of the bytes, and the blind copies with it.
  message.keepBcc = true;
  return message.build();
}

/** "Re: " once, whatever the customer's client already put there. */
export function replySubject(subject: string): string {
  const bare = subject.replace(/^\s*((re|aw|sv|fw|fwd|răspuns|回复|回覆)\s*[:：]\s*)+/i, "").trim();
  return bare ? `Re: ${bare}` : "Re: your message";
}

/** The locale dates are written in for each language Mailroom writes (English dates otherwise). */
const dateLocales: Record<string, string> = {
  en: "en-GB",
  ro: "ro-RO",
  "zh-Hans": "zh-CN",
  "zh-Hant": "zh-TW",
  es: "es-ES",
  de: "de-DE",
  fr: "fr-FR",
};

export function dateLocaleOf(language: string): string {
  return dateLocales[language] ?? "en-GB";
}
