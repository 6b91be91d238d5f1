/**
 * Stored state rendered as Graph's JSON: the message and mailFolder resources, `$select` (case-insensitive,
 * unknown properties refused as Graph refuses them), ids in the form the request preferred, and the body in
 * the form `Prefer: outlook.body-content-type` asked for (HTML by default, as Outlook stores it).
 * `internetMessageHeaders` is only returned when selected, as on Graph.
 */
import type * as Graph from "@microsoft/microsoft-graph-types";
import type { Folder, Mailbox, Recipient, StoredMessage } from "./mailbox.ts";
import { htmlToText, previewOf, textToHtml } from "./mime.ts";
import { type Answer, graphDate, graphError, type OData } from "./wire.ts";

export const MESSAGE_PROPERTIES = [
  "id",
  "createdDateTime",
  "lastModifiedDateTime",
  "changeKey",
  "categories",
  "receivedDateTime",
  "sentDateTime",
  "hasAttachments",
  "internetMessageId",
  "subject",
  "bodyPreview",
  "importance",
  "parentFolderId",
  "conversationId",
  "conversationIndex",
  "isDeliveryReceiptRequested",
  "isReadReceiptRequested",
  "isRead",
  "isDraft",
  "webLink",
  "inferenceClassification",
  "body",
  "sender",
  "from",
  "toRecipients",
  "ccRecipients",
  "bccRecipients",
  "replyTo",
  "flag",
  "internetMessageHeaders",
] as const satisfies readonly (keyof Graph.Message)[];
type MessageProperty = (typeof MESSAGE_PROPERTIES)[number];

/** Returned only when asked for by `$select`. */
const SELECT_ONLY = new Set(["internetMessageHeaders"]);

export interface RenderOptions {
  immutableIds: boolean;
  /** Canonical property names; undefined for the default set. */
  select: string[] | undefined;
  bodyContentType: "html" | "text" | undefined;
}

/** `$select` → canonical names, or the 400 Graph gives for a property the type does not have. */
export function parseSelect(
  value: string | null,
): { ok: true; select: string[] | undefined } | { ok: false; answer: Answer } {
  if (value === null || value.trim() === "") return { ok: true, select: undefined };
  const select: string[] = [];
  for (const item of value.split(",")) {
    const wanted = item.trim().toLowerCase();
    const name = MESSAGE_PROPERTIES.find((property) => property.toLowerCase() === wanted);
    if (!name) {
      return {
        ok: false,
        answer: graphError(
          400,
          "RequestBroker--ParseUri",
          `Could not find a property named '${item.trim()}' on type 'microsoft.graph.message'.`,
        ),
      };
    }
    if (!select.includes(name)) select.push(name);
  }
  return { ok: true, select };
}

export function messageId(message: StoredMessage, immutableIds: boolean): string {
  return immutableIds ? message.immutableId : message.restId;
}

/** Typed property by property against Graph's `message`, so a wrong shape fails `npm run typecheck`. */
export function messageResource(message: StoredMessage, options: RenderOptions): OData<Graph.Message> {
  const { content } = message;
  const id = messageId(message, options.immutableIds);
  const all: { [P in MessageProperty]-?: () => Graph.Message[P] } = {
    id: () => id,
    createdDateTime: () => graphDate(message.createdAt),
    lastModifiedDateTime: () => graphDate(message.modifiedAt),
    changeKey: () => message.changeKey,
    categories: () => [...message.categories],
    receivedDateTime: () => graphDate(message.receivedAt),
    sentDateTime: () => (message.sentAt === undefined ? null : graphDate(message.sentAt)),
    hasAttachments: () => content.hasAttachments,
    internetMessageId: () => message.internetMessageId,
    subject: () => content.subject,
    bodyPreview: () => previewOf(content.body),
    importance: () => content.importance,
    parentFolderId: () => message.folderId,
    conversationId: () => message.conversationId,
    conversationIndex: () => message.conversationIndex.toString("base64"),
    isDeliveryReceiptRequested: () => false,
    isReadReceiptRequested: () => false,
    isRead: () => message.isRead,
    isDraft: () => message.isDraft,
    webLink: () =>
      `https://outlook.office365.com/owa/?ItemID=${encodeURIComponent(id)}&exvsurl=1&viewmodel=ReadMessageItem`,
    inferenceClassification: () => "focused",
    body: () => bodyIn(content.body, options.bodyContentType),
    sender: () => (content.sender ? emailAddress(content.sender) : null),
    from: () => (content.from ? emailAddress(content.from) : null),
    toRecipients: () => content.toRecipients.map(emailAddress),
    ccRecipients: () => content.ccRecipients.map(emailAddress),
    bccRecipients: () => content.bccRecipients.map(emailAddress),
    replyTo: () => content.replyTo.map(emailAddress),
    flag: () => ({ flagStatus: message.flagStatus }),
    internetMessageHeaders: () => content.internetMessageHeaders.map(({ name, value }) => ({ name, value })),
  };
  const names = options.select ?? MESSAGE_PROPERTIES.filter((name) => !SELECT_ONLY.has(name));
  const resource: Record<string, unknown> = { "@odata.etag": `W/"${message.changeKey}"`, id };
  for (const name of names) resource[name] = all[name as MessageProperty]?.();
  return resource as OData<Graph.Message>;
}

/** `sizeInBytes` is in Graph v1.0's mailFolder but not yet in @microsoft/microsoft-graph-types. */
export function folderResource(mailbox: Mailbox, folder: Folder): Graph.MailFolder & { sizeInBytes: number } {
  const messages = mailbox.all(folder.id);
  return {
    id: folder.id,
    displayName: folder.displayName,
    parentFolderId: mailbox.userId,
    childFolderCount: 0,
    unreadItemCount: messages.filter((message) => !message.isRead).length,
    totalItemCount: messages.length,
    sizeInBytes: messages.reduce((sum, message) => sum + message.raw.length, 0),
    isHidden: false,
  };
}

function bodyIn(body: StoredMessage["content"]["body"], wanted: "html" | "text" | undefined): Graph.ItemBody {
  const contentType = wanted ?? "html";
  if (contentType === body.contentType) return { contentType, content: body.content };
  return {
    contentType,
    content: contentType === "html" ? textToHtml(body.content) : htmlToText(body.content),
  };
}

function emailAddress(recipient: Recipient): Graph.Recipient {
  return { emailAddress: { name: recipient.name || recipient.address, address: recipient.address } };
}
