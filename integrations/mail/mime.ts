import PostalMime, { type Address } from "postal-mime";

/** An email as the triage pipeline reads it: decoded, with the headers the screen needs. */
export interface ParsedEmail {
  rfcMessageId: string | null;
  inReplyTo: string | null;
  references: string[];
  from: { address: string; name: string | null };
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  html: string | null;
  date: Date | null;
  /** Lower-cased header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  contentType: string;
  attachments: ParsedAttachment[];
}

/** A decoded MIME part that is not the body: a file, or an image the HTML shows by its Content-ID. */
export interface ParsedAttachment {
  filename: string | null;
  contentType: string;
  size: number;
  /** Angle brackets included, as in the part's Content-ID header. */
  contentId: string | null;
  /** Shown inside the HTML body (`Content-Disposition: inline` or referenced as `cid:`). */
  inline: boolean;
  content: Buffer;
}

export class MimeParseError extends Error {
  override name = "MimeParseError";
}

/** Headers kept with each message: those the screen and threading read, plus the envelope basics. */
const keptHeaders = new Set([
  "auto-submitted",
  "x-auto-response-suppress",
  "precedence",
  "list-id",
  "list-unsubscribe",
  "list-unsubscribe-post",
  "return-path",
  "content-type",
  "x-autoreply",
  "x-autorespond",
  "x-mailroom-send",
  "reply-to",
  "sender",
  "x-failed-recipients",
  "feedback-id",
  "x-spam-flag",
]);

export async function parseEmail(raw: Buffer | string): Promise<ParsedEmail> {
  let email: Awaited<ReturnType<typeof PostalMime.parse>>;
  try {
    email = await PostalMime.parse(raw, { attachmentEncoding: "arraybuffer" });
  } catch (error) {
    throw new MimeParseError(`unparseable MIME: ${(error as Error).message}`);
  }
  const headers: Record<string, string> = {};
  for (const h of email.headers) {
    if (!keptHeaders.has(h.key)) continue;
    headers[h.key] = headers[h.key] ? `${headers[h.key]}, ${h.value}` : h.value;
  }
  const from = firstMailbox(email.from);
  if (!from) throw new MimeParseError("no sender: the message has no parseable From address");
  const date = email.date ? new Date(email.date) : null;
  return {
    rfcMessageId: normaliseMessageId(email.messageId),
    inReplyTo: normaliseMessageId(email.inReplyTo),
    references: (email.references ?? "").match(/<[^<>\s]+>/g) ?? [],
    from: { address: from.address.toLowerCase(), name: from.name || null },
    to: addresses(email.to),
    cc: addresses(email.cc),
    subject: email.subject ?? "",
    text: email.text ?? "",
    html: email.html ?? null,
    date: date && !Number.isNaN(date.getTime()) ? date : null,
    headers,
    contentType:
      (headers["content-type"] ?? "text/plain").split(";")[0]?.trim().toLowerCase() ?? "text/plain",
    attachments: email.attachments.map((a) => {
      const content =
        typeof a.content === "string"
          ? Buffer.from(a.content, "utf8")
          : a.content instanceof ArrayBuffer
            ? Buffer.from(a.content)
            : Buffer.from(a.content.buffer, a.content.byteOffset, a.content.byteLength);
      return {
        filename: a.filename,
        contentType: a.mimeType,
        size: content.byteLength,
        contentId: a.contentId ?? null,
        inline: a.disposition === "inline" || a.related === true,
        content,
      };
    }),
  };
}

function firstMailbox(address: Address | undefined): { address: string; name: string } | null {
  if (!address) return null;
  if (address.address) return { address: address.address, name: address.name };
  const member = address.group?.[0];
  return member ? { address: member.address, name: member.name } : null;
}

function addresses(list: Address[] | undefined): string[] {
  return (list ?? [])
    .flatMap((a) => (a.group ? a.group.map((m) => m.address) : [a.address ?? ""]))
    .filter(Boolean);
}

function normaliseMessageId(value: string | undefined): string | null {
  const match = value?.match(/<[^<>\s]+>/);
  if (match) return match[0];
  const bare = value?.trim();
  return bare ? `<${bare}>` : null;
}
