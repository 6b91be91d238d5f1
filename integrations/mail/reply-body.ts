/**
 * The text and HTML bodies of what Mailroom sends, the way a mail client writes them: the reply, the
 * mailbox's signature, then the customer's message quoted below ("On …, … wrote:"); or a note followed by
 * the forwarded message. The quote is made from the customer's text, never their HTML, so nothing they
 * embedded (a tracking pixel, a script) travels back out in our mail.
 */

import { dateLocaleOf } from "./compose.ts";

export interface Signature {
  text: string | null;
  /** Sanitised when it was saved. */
  html: string | null;
}

export interface QuotedMessage {
  at: Date;
  from: { address: string; name: string | null };
  text: string;
}

export interface ForwardedMessage extends QuotedMessage {
  to: string[];
  subject: string;
}

export interface MailBodies {
  text: string;
  html: string;
  /** What the person or model wrote, signed, without the quoted or forwarded message: the thread shows this. */
  written: string;
}

/** Long threads quote everything before them; past this the quote is cut. */
const maxQuotedChars = 20_000;

const attributions: Record<string, (date: string, who: string) => string> = {
  en: (date, who) => `On ${date}, ${who} wrote:`,
  ro: (date, who) => `Pe ${date}, ${who} a scris:`,
  "zh-Hans": (date, who) => `${date}，${who} 写道：`,
  "zh-Hant": (date, who) => `${date}，${who} 寫道：`,
  es: (date, who) => `El ${date}, ${who} escribió:`,
  de: (date, who) => `Am ${date} schrieb ${who}:`,
  fr: (date, who) => `Le ${date}, ${who} a écrit :`,
};

export function replyBodies({
  body,
  signature,
  quoted,
  language,
}: {
  body: string;
  signature: Signature | null;
  quoted: QuotedMessage | null;
  language: string;
}): MailBodies {
  const signatureText = signature?.text?.trim() || null;
  // RFC 3676 §4.3: "-- " on its own line starts a signature, so clients can fold it away.
  const text = [body.trimEnd(), ...(signatureText ? [`-- \n${signatureText}`] : [])];
  const html = [paragraphs(body), signatureBlock(signature)].filter(Boolean);
  const written = text.join("\n\n");
  if (quoted) {
    const said = attribution(quoted, language);
    const original = cut(quoted.text.trimEnd());
    text.push(`${said}\n${original.replace(/^/gm, "> ")}`);
    html.push(
      `<div class="quote"><p>${escapeHtml(said)}</p>` +
        `<blockquote type="cite" style="margin:0 0 0 0.8ex;border-left:1px solid #ccc;padding-left:1ex">` +
        `${paragraphs(original)}</blockquote></div>`,
    );
  }
  return { text: text.join("\n\n"), html: document(html.join("\n")), written };
}

/** A person passes the customer's message on (to the warehouse, say), with a note above it. */
export function forwardBodies({
  note,
  forwarded,
  signature,
}: {
  note: string;
  forwarded: ForwardedMessage;
  signature: Signature | null;
}): MailBodies {
  const header = [
    "---------- Forwarded message ---------",
    `From: ${who(forwarded.from)}`,
    `Date: ${forwarded.at.toUTCString()}`,
    `Subject: ${forwarded.subject}`,
    ...(forwarded.to.length > 0 ? [`To: ${forwarded.to.join(", ")}`] : []),
  ];
  const original = cut(forwarded.text.trimEnd());
  const signed = replyBodies({ body: note, signature, quoted: null, language: "en" });
  return {
    written: signed.written,
    text: `${signed.text}\n\n${header.join("\n")}\n\n${original}`,
    html: document(
      `${paragraphs(note)}\n${signatureBlock(signature)}\n` +
        `<div class="forwarded"><p>${header.map(escapeHtml).join("<br>")}</p>${paragraphs(original)}</div>`,
    ),
  };
}

/** The HTML signature, or the text one as HTML when there is no HTML one. */
function signatureBlock(signature: Signature | null): string {
  const text = signature?.text?.trim() || null;
  const html = signature?.html?.trim() || (text ? paragraphs(text) : null);
  return html ? `<div class="signature">${html}</div>` : "";
}

function attribution(quoted: QuotedMessage, language: string): string {
  const locale = dateLocaleOf(language);
  const date = new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "UTC",
  }).format(quoted.at);
  const say = attributions[language] ?? (attributions.en as (date: string, who: string) => string);
  return say(`${date} UTC`, who(quoted.from));
}

function who(from: { address: string; name: string | null }): string {
  return from.name ? `${from.name} <${from.address}>` : from.address;
}

function cut(text: string): string {
  return text.length > maxQuotedChars ? `${text.slice(0, maxQuotedChars)}\n[…]` : text;
}

/** Plain text as HTML: blank lines part paragraphs, single newlines break lines. */
function paragraphs(text: string): string {
  return text
    .trim()
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, "<br>")}</p>`)
    .join("\n");
}

function document(body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"></head><body>\n${body}\n</body></html>`;
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}
