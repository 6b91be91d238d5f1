/**
 * Just enough RFC 5322 / MIME to answer like Gmail: header lines (unfolded, RFC 2047 decoded), the part tree
 * with transfer encodings undone, the threading ids, and a snippet. Parsing works on a latin1 view of the raw
 * bytes so offsets stay byte offsets; the stored raw message itself is never rewritten (except a missing
 * `Message-ID` on send, as Gmail adds one).
 */
import { randomBytes } from "node:crypto";

export interface Header {
  name: string;
  value: string;
}

export interface MimeNode {
  headers: Header[];
  /** Lower-case `type/subtype`; `text/plain` when absent (RFC 2045 §5.2). */
  mimeType: string;
  filename: string;
  /** The content with its transfer encoding undone; empty for multipart nodes. */
  content: Buffer;
  parts: MimeNode[];
}

export interface ParsedMessage {
  root: MimeNode;
  messageId: string | undefined;
  /** Every id named by `In-Reply-To` and `References`, angle brackets kept. */
  replyTo: string[];
  subject: string;
  snippet: string;
}

const SNIPPET_LENGTH = 200;
const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function parseMessage(raw: Buffer): ParsedMessage {
  const root = parseNode(raw.toString("latin1"));
  return {
    root,
    messageId: messageIdsIn(headerValue(root.headers, "message-id"))[0],
    replyTo: [
      ...messageIdsIn(headerValue(root.headers, "in-reply-to")),
      ...messageIdsIn(headerValue(root.headers, "references")),
    ],
    subject: headerValue(root.headers, "subject") ?? "",
    snippet: snippetOf(root),
  };
}

export function headerValue(headers: Header[], name: string): string | undefined {
  const wanted = name.toLowerCase();
  return headers.find((header) => header.name.toLowerCase() === wanted)?.value;
}

/** Threads match on the subject without reply/forward prefixes, as Gmail's threading does. */
export function normalizeSubject(subject: string): string {
  return subject
    .replace(/^\s*((re|fwd?|aw|sv|wg|antw)\s*(\[\d+\])?\s*:\s*)+/i, "")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

/** Gmail adds a `Message-ID` to a sent message that has none (at the top of the header block here). */
export function ensureMessageId(raw: Buffer): Buffer {
  const text = raw.toString("latin1");
  const headerEnd = text.search(/\r?\n\r?\n/);
  const headerBlock = headerEnd === -1 ? text : text.slice(0, headerEnd);
  if (/^message-id:/im.test(headerBlock)) return raw;
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const id = `<emu.${randomBytes(12).toString("hex")}@mail.gmail.com>`;
  return Buffer.concat([Buffer.from(`Message-ID: ${id}${eol}`, "latin1"), raw]);
}

/** Any MIME entity (a multipart upload body, say), headers included. */
export function parseEntity(raw: Buffer): MimeNode {
  return parseNode(raw.toString("latin1"));
}

function parseNode(text: string): MimeNode {
  const split = /\r?\n\r?\n/.exec(text);
  const headerText = split ? text.slice(0, split.index) : text;
  const body = split ? text.slice(split.index + split[0].length) : "";
  const headers = parseHeaders(headerText);
  const contentType = parseParams(headerValue(headers, "content-type") ?? "text/plain");
  const mimeType = contentType.value.toLowerCase() || "text/plain";
  const disposition = parseParams(headerValue(headers, "content-disposition") ?? "");
  const filename = disposition.params.filename ?? contentType.params.name ?? "";
  const boundary = contentType.params.boundary;
  if (mimeType.startsWith("multipart/") && boundary) {
    const parts = splitMultipart(body, boundary).map(parseNode);
    return { headers, mimeType, filename, content: Buffer.alloc(0), parts };
  }
  const encoding = (headerValue(headers, "content-transfer-encoding") ?? "7bit").trim().toLowerCase();
  return { headers, mimeType, filename, content: decodeTransfer(body, encoding), parts: [] };
}

function parseHeaders(text: string): Header[] {
  const headers: Header[] = [];
  for (const line of text.split(/\r?\n/)) {
    const last = headers.at(-1);
    if (/^[ \t]/.test(line) && last) {
      last.value += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    headers.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() });
  }
  // Header bytes may be UTF-8 (RFC 6532) or RFC 2047 encoded words; Gmail shows both decoded.
  return headers.map(({ name, value }) => ({
    name,
    value: decodeEncodedWords(Buffer.from(value, "latin1").toString("utf8")),
  }));
}

function decodeEncodedWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[bq]\?[^?]*\?=)\s+(?==\?)/gi, "$1")
    .replace(
      /=\?([^?*]+)(?:\*[^?]*)?\?([bq])\?([^?]*)\?=/gi,
      (_word, charset: string, kind: string, text) => {
        const bytes =
          kind.toLowerCase() === "b"
            ? Buffer.from(text, "base64")
            : Buffer.from(decodeQuotedPrintable(text.replace(/_/g, " ")), "latin1");
        return decodeCharset(bytes, charset);
      },
    );
}

export function decodeCharset(bytes: Buffer, charset: string): string {
  try {
    return new TextDecoder(charset.trim().toLowerCase()).decode(bytes);
  } catch {
    return bytes.toString("utf8");
  }
}

function parseParams(value: string): { value: string; params: Record<string, string> } {
  const semicolon = value.indexOf(";");
  const head = (semicolon === -1 ? value : value.slice(0, semicolon)).trim();
  const params: Record<string, string> = {};
  const rest = semicolon === -1 ? "" : value.slice(semicolon);
  for (const match of rest.matchAll(/;\s*([^=;\s]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g)) {
    const key = (match[1] ?? "").toLowerCase();
    let param = (match[2] ?? "").trim();
    if (param.startsWith('"')) param = param.slice(1, -1).replace(/\\(.)/g, "$1");
    // RFC 2231 `filename*=utf-8''na%C3%AFve.pdf`
    if (key.endsWith("*")) {
      const encoded = /^([^']*)'[^']*'(.*)$/.exec(param);
      params[key.slice(0, -1)] = encoded ? safeDecodeUri(encoded[2] ?? "") : param;
    } else params[key] = param;
  }
  return { value: head, params };
}

function safeDecodeUri(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function splitMultipart(body: string, boundary: string): string[] {
  const escaped = boundary.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const delimiter = new RegExp(`(?:^|\\r?\\n)--${escaped}(--)?[ \\t]*(?:\\r?\\n|$)`, "g");
  const parts: string[] = [];
  let start = -1;
  for (const match of body.matchAll(delimiter)) {
    if (start >= 0) parts.push(body.slice(start, match.index));
    if (match[1]) return parts;
    start = match.index + match[0].length;
  }
  // No close delimiter: the last part runs to the end, as lenient readers (and Gmail) take it.
  if (start >= 0) parts.push(body.slice(start));
  return parts;
}

function decodeTransfer(body: string, encoding: string): Buffer {
  if (encoding === "base64") return Buffer.from(body.replace(/[^A-Za-z0-9+/=_-]/g, ""), "base64");
  if (encoding === "quoted-printable") return Buffer.from(decodeQuotedPrintable(body), "latin1");
  return Buffer.from(body, "latin1");
}

function decodeQuotedPrintable(text: string): string {
  return text
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-Fa-f]{2})/g, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

function messageIdsIn(value: string | undefined): string[] {
  return value?.match(/<[^<>\s]+>/g) ?? [];
}

function snippetOf(root: MimeNode): string {
  const plain = findLeaf(root, "text/plain");
  const html = plain ? undefined : findLeaf(root, "text/html");
  const leaf = plain ?? html;
  if (!leaf) return "";
  const charset = parseParams(headerValue(leaf.headers, "content-type") ?? "").params.charset ?? "utf-8";
  let text = decodeCharset(leaf.content, charset);
  if (html) text = htmlToText(text);
  const collapsed = text.replace(/\s+/g, " ").trim().slice(0, SNIPPET_LENGTH);
  // Gmail's snippets are HTML-escaped (a well-known quirk: `don&#39;t`).
  return collapsed.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

function findLeaf(node: MimeNode, mimeType: string): MimeNode | undefined {
  const attachment = /^\s*attachment/i.test(headerValue(node.headers, "content-disposition") ?? "");
  if (node.parts.length === 0) return node.mimeType === mimeType && !attachment ? node : undefined;
  for (const part of node.parts) {
    const found = findLeaf(part, mimeType);
    if (found) return found;
  }
  return undefined;
}

function htmlToText(html: string): string {
  return html
    .replace(/<(style|script)[^>]*>[\s\S]*?<\/\1>/gi, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}
