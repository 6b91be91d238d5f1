/**
 * MIME in and out. Delivered mail is parsed with postal-mime (the app's own parser) into the fields Graph
 * shows, and its bytes are kept untouched for `$value`. Drafts and sent mail are composed with nodemailer's
 * MailComposer from the JSON message, the way Exchange renders an item as MIME: `Message-ID`, `In-Reply-To`
 * and `References` for replies, the client's `X-` headers, an HTML or text body.
 */
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import PostalMime, { type Address } from "postal-mime";
import type { HeaderPair, MessageContent, Recipient, StoredMessage } from "./mailbox.ts";
import { randomToken } from "./wire.ts";

export interface ParsedInbound {
  content: MessageContent;
  internetMessageId: string | undefined;
  inReplyTo: string | undefined;
  references: string[];
  sentAt: number | undefined;
}

export async function parseInbound(raw: Buffer): Promise<ParsedInbound> {
  const email = await PostalMime.parse(raw, { attachmentEncoding: "arraybuffer" });
  const headers: HeaderPair[] = email.headers.map((header) => ({
    name: header.originalKey,
    value: header.value,
  }));
  const from = firstMailbox(email.from);
  const sentAt = email.date ? Date.parse(email.date) : Number.NaN;
  return {
    content: {
      subject: email.subject ?? "",
      body: email.html
        ? { contentType: "html", content: email.html }
        : { contentType: "text", content: email.text ?? "" },
      from,
      sender: firstMailbox(email.sender) ?? from,
      toRecipients: mailboxes(email.to),
      ccRecipients: mailboxes(email.cc),
      bccRecipients: mailboxes(email.bcc),
      replyTo: mailboxes(email.replyTo),
      internetMessageHeaders: headers,
      hasAttachments: email.attachments.some((attachment) => attachment.disposition !== "inline"),
      importance: importanceOf(headers),
    },
    internetMessageId: messageIdsIn(email.messageId)[0],
    inReplyTo: messageIdsIn(email.inReplyTo)[0],
    references: messageIdsIn(email.references),
    sentAt: Number.isNaN(sentAt) ? undefined : sentAt,
  };
}

export interface Outbound {
  content: MessageContent;
  from: Recipient;
  internetMessageId: string;
  inReplyTo: string | undefined;
  references: string[];
  date: number;
}

/** The MIME of a draft or a sent message; Bcc is kept only on drafts, as a sent copy would not carry it. */
export async function composeOutbound(message: Outbound, options: { keepBcc: boolean }): Promise<Buffer> {
  const { content } = message;
  const headers: Record<string, string> = {};
  for (const header of content.internetMessageHeaders) headers[header.name] = header.value;
  const composer = new MailComposer({
    from: address(message.from),
    to: content.toRecipients.map(address),
    cc: content.ccRecipients.length > 0 ? content.ccRecipients.map(address) : undefined,
    bcc: options.keepBcc && content.bccRecipients.length > 0 ? content.bccRecipients.map(address) : undefined,
    replyTo: content.replyTo.length > 0 ? content.replyTo.map(address) : undefined,
    subject: content.subject,
    messageId: message.internetMessageId,
    inReplyTo: message.inReplyTo,
    references: message.references.length > 0 ? message.references : undefined,
    date: new Date(message.date),
    headers,
    ...(content.body.contentType === "html"
      ? { html: content.body.content }
      : { text: content.body.content }),
  });
  const node = composer.compile();
  if (options.keepBcc) node.keepBcc = true;
  return node.build();
}

/** Exchange-style `Message-ID` for items created through the API. */
export function newInternetMessageId(): string {
  return `<EMU${randomToken(18).replace(/[-_]/g, "x")}@EMU0PR01MB0001.emulator.prod.outlook.com>`;
}

/** Plain text as the HTML Outlook stores for it. */
export function textToHtml(text: string): string {
  const escaped = escapeHtml(text).replace(/\r?\n/g, "<br>\r\n");
  return `<html><head>\r\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\r\n</head><body><div>${escaped}</div></body></html>`;
}

export function htmlToText(html: string): string {
  return html
    .replace(/<(style|script|head)[^>]*>[\s\S]*?<\/\1>/gi, "")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|div|tr|h\d)>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );
}

/** `bodyPreview`: the first 255 characters of the text, whitespace collapsed. */
export function previewOf(body: MessageContent["body"]): string {
  const text = body.contentType === "html" ? htmlToText(body.content) : body.content;
  return text.replace(/\s+/g, " ").trim().slice(0, 255);
}

export function messageIdsIn(value: string | undefined): string[] {
  return value?.match(/<[^<>\s]+>/g) ?? [];
}

function importanceOf(headers: HeaderPair[]): MessageContent["importance"] {
  const value = headers
    .find((header) => /^(importance|x-priority)$/i.test(header.name))
    ?.value.trim()
    .toLowerCase();
  if (value === "high" || value?.startsWith("1") || value?.startsWith("2")) return "high";
  if (value === "low" || value?.startsWith("4") || value?.startsWith("5")) return "low";
  return "normal";
}

function address(recipient: Recipient): { name: string; address: string } {
  return { name: recipient.name, address: recipient.address };
}

function mailboxes(addresses: Address[] | undefined): Recipient[] {
  const result: Recipient[] = [];
  for (const entry of addresses ?? []) {
    if (entry.group)
      result.push(
        ...entry.group.map((member) => ({ name: member.name || member.address, address: member.address })),
      );
    else if (entry.address) result.push({ name: entry.name || entry.address, address: entry.address });
  }
  return result;
}

function firstMailbox(entry: Address | undefined): Recipient | undefined {
  return entry ? mailboxes([entry])[0] : undefined;
}

/** Re-renders the MIME of a draft or a message being sent from its current fields. */
export async function recompose(message: StoredMessage, owner: string): Promise<void> {
  message.raw = await composeOutbound(
    {
      content: message.content,
      from: message.content.from ?? { name: "", address: owner },
      internetMessageId: message.internetMessageId,
      inReplyTo: message.inReplyTo,
      references: message.references,
      date: message.sentAt ?? message.modifiedAt,
    },
    { keepBcc: message.isDraft },
  );
}

/** The first header of that name in a raw message, unfolded (for tests reading what was sent). */
export function headerOf(raw: Buffer, name: string): string | undefined {
  const text = raw.toString("utf8");
  const end = text.search(/\r?\n\r?\n/);
  const block = (end === -1 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, " ");
  const wanted = name.toLowerCase();
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === wanted)
      return line.slice(colon + 1).trim();
  }
  return undefined;
}
