/**
 * Stored state rendered as Gmail's JSON resources. int64 fields (`historyId`, `internalDate`) are decimal
 * strings, as on the wire; `sizeEstimate` is the raw size in bytes.
 */
import type { HistoryRecord, LabelRecord, StoredMessage } from "./mailbox.ts";
import type { Header, MimeNode } from "./mime.ts";
import type { GmailHistory, GmailLabel, GmailMessage, GmailMessagePart } from "./wire.ts";

export const MESSAGE_FORMATS = ["minimal", "full", "raw", "metadata"] as const;
export type MessageFormat = (typeof MESSAGE_FORMATS)[number];

export function messageResource(
  message: StoredMessage,
  format: MessageFormat,
  metadataHeaders: string[] = [],
): GmailMessage {
  const resource: GmailMessage = {
    id: message.id,
    threadId: message.threadId,
    labelIds: [...message.labelIds],
    snippet: message.parsed.snippet,
    sizeEstimate: message.raw.length,
    historyId: String(message.historyId),
    internalDate: String(message.internalDate),
  };
  if (format === "raw") resource.raw = message.raw.toString("base64url");
  if (format === "full") resource.payload = partResource(message.parsed.root, "");
  if (format === "metadata") {
    const wanted = metadataHeaders.map((name) => name.toLowerCase());
    const headers = message.parsed.root.headers.filter(
      (header) => wanted.length === 0 || wanted.includes(header.name.toLowerCase()),
    );
    resource.payload = { mimeType: message.parsed.root.mimeType, headers: headerList(headers) };
  }
  return resource;
}

/** The part tree as Gmail gives it with `format=full`: part ids "", "0", "0.1"…, body data base64url. */
function partResource(node: MimeNode, partId: string): GmailMessagePart {
  const part: GmailMessagePart = {
    partId,
    mimeType: node.mimeType,
    filename: node.filename,
    headers: headerList(node.headers),
    body: { size: node.content.length },
  };
  if (node.parts.length > 0) {
    part.body = { size: 0 };
    part.parts = node.parts.map((child, index) =>
      partResource(child, partId ? `${partId}.${index}` : `${index}`),
    );
  } else if (node.content.length > 0) {
    part.body = { size: node.content.length, data: node.content.toString("base64url") };
  }
  return part;
}

function headerList(headers: Header[]): Array<{ name: string; value: string }> {
  return headers.map(({ name, value }) => ({ name, value }));
}

export function historyResource(record: HistoryRecord): GmailHistory {
  const ref = { id: record.messageId, threadId: record.threadId };
  const message = { ...ref, labelIds: record.labelIds };
  const history: GmailHistory = { id: String(record.id), messages: [ref] };
  if (record.type === "messageAdded") history.messagesAdded = [{ message }];
  if (record.type === "labelAdded") history.labelsAdded = [{ message, labelIds: record.changedLabelIds }];
  if (record.type === "labelRemoved") history.labelsRemoved = [{ message, labelIds: record.changedLabelIds }];
  return history;
}

export function labelResource(label: LabelRecord): GmailLabel {
  const resource: GmailLabel = { id: label.id, name: label.name, type: label.type };
  if (label.messageListVisibility) resource.messageListVisibility = label.messageListVisibility;
  if (label.labelListVisibility) resource.labelListVisibility = label.labelListVisibility;
  return resource;
}

/** Opaque page tokens over a number (an offset, or the last history id sent), base64url so callers don't parse them. */
export function pageToken(position: number): string {
  return Buffer.from(`page:${position}`).toString("base64url");
}

/** The position a token stands for; 0 without a token, `undefined` for a token this emulator never issued. */
export function pagePosition(token: string | null): number | undefined {
  if (!token) return 0;
  const match = /^page:(\d+)$/.exec(Buffer.from(token, "base64url").toString("utf8"));
  return match ? Number(match[1]) : undefined;
}
