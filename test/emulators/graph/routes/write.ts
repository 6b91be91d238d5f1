/**
 * The message properties a client may write (POST /messages, PATCH, the `message` of createReply, reply and
 * sendMail), checked as Graph checks them: unknown properties and read-only ones are refused, recipients,
 * subject, body and headers change only on drafts, and `internetMessageHeaders` may only carry `X-` headers
 * (Graph's `InvalidInternetMessageHeader`).
 */
import { z } from "zod";
import type { FlagStatus, MessageContent, Recipient, StoredMessage } from "../mailbox.ts";
import { type Answer, graphError } from "../wire.ts";
import { type Parsed, parseWith } from "./context.ts";

const EmailAddress = z.looseObject({ address: z.string().trim().min(1), name: z.string().optional() });
const RecipientInput = z.looseObject({ emailAddress: EmailAddress });
const Recipients = z.array(RecipientInput);

export const MessageWrite = z.looseObject({
  subject: z.string().optional(),
  body: z
    .looseObject({
      contentType: z
        .string()
        .regex(/^(html|text)$/i, "contentType is text or html")
        .optional(),
      content: z.string().default(""),
    })
    .optional(),
  from: RecipientInput.optional(),
  toRecipients: Recipients.optional(),
  ccRecipients: Recipients.optional(),
  bccRecipients: Recipients.optional(),
  replyTo: Recipients.optional(),
  internetMessageHeaders: z.array(z.object({ name: z.string().min(1), value: z.string() })).optional(),
  categories: z.array(z.string()).optional(),
  importance: z
    .string()
    .regex(/^(low|normal|high)$/i, "importance is low, normal or high")
    .optional(),
  isRead: z.boolean().optional(),
  isDeliveryReceiptRequested: z.boolean().optional(),
  isReadReceiptRequested: z.boolean().optional(),
  inferenceClassification: z.enum(["focused", "other"]).optional(),
  flag: z.looseObject({ flagStatus: z.enum(["notFlagged", "flagged", "complete"]) }).optional(),
});
export type MessageWrite = z.infer<typeof MessageWrite>;

const WRITABLE = new Set(Object.keys(MessageWrite.shape));
const DRAFT_ONLY = new Set([
  "subject",
  "body",
  "from",
  "toRecipients",
  "ccRecipients",
  "bccRecipients",
  "replyTo",
  "internetMessageHeaders",
]);
const READ_ONLY = new Set([
  "id",
  "createdDateTime",
  "lastModifiedDateTime",
  "changeKey",
  "receivedDateTime",
  "sentDateTime",
  "hasAttachments",
  "internetMessageId",
  "bodyPreview",
  "parentFolderId",
  "conversationId",
  "conversationIndex",
  "isDraft",
  "webLink",
  "sender",
  "uniqueBody",
]);

/** Parses a message payload; `isDraft` false refuses what only drafts may change. */
export function parseMessageWrite(value: unknown, isDraft: boolean): Parsed<MessageWrite> {
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    return { ok: false, answer: graphError(400, "RequestBodyRead", "A message object was expected.") };
  }
  for (const key of Object.keys(value)) {
    if (key.startsWith("@odata.")) continue;
    if (READ_ONLY.has(key)) {
      return {
        ok: false,
        answer: graphError(
          400,
          "ErrorInvalidPropertySet",
          `The property '${key}' is read-only and cannot be set.`,
        ),
      };
    }
    if (!WRITABLE.has(key)) {
      return {
        ok: false,
        answer: graphError(
          400,
          "RequestBodyRead",
          `The property '${key}' does not exist on type 'microsoft.graph.message'. Make sure to only use property names that are defined by the type or mark the type as open type.`,
        ),
      };
    }
    if (!isDraft && DRAFT_ONLY.has(key)) {
      return {
        ok: false,
        answer: graphError(
          400,
          "ErrorInvalidPropertyUpdateSentMessage",
          "Update operation is not supported for this property on a sent message.",
        ),
      };
    }
  }
  const parsed = parseWith(MessageWrite, value);
  if (!parsed.ok) return parsed;
  const problem = headerProblem(parsed.value.internetMessageHeaders ?? []);
  return problem ? { ok: false, answer: problem } : parsed;
}

/** Graph only lets clients set `X-` headers on a message. */
function headerProblem(headers: Array<{ name: string }>): Answer | undefined {
  const bad = headers.find((header) => !/^x-/i.test(header.name));
  if (!bad) return undefined;
  return graphError(
    400,
    "InvalidInternetMessageHeader",
    `The internet message header name '${bad.name}' should start with 'x-' or 'X-'.`,
  );
}

export function emptyContent(): MessageContent {
  return {
    subject: "",
    body: { contentType: "text", content: "" },
    from: undefined,
    sender: undefined,
    toRecipients: [],
    ccRecipients: [],
    bccRecipients: [],
    replyTo: [],
    internetMessageHeaders: [],
    hasAttachments: false,
    importance: "normal",
  };
}

/** Applies the content part of a write (drafts). */
export function applyContent(content: MessageContent, write: MessageWrite): MessageContent {
  const recipients = (list: z.infer<typeof Recipients> | undefined, current: Recipient[]): Recipient[] =>
    list?.map((item) => ({
      name: item.emailAddress.name ?? item.emailAddress.address,
      address: item.emailAddress.address,
    })) ?? current;
  return {
    ...content,
    subject: write.subject ?? content.subject,
    body: write.body
      ? {
          contentType: write.body.contentType?.toLowerCase() === "html" ? "html" : "text",
          content: write.body.content,
        }
      : content.body,
    from: write.from ? recipients([write.from], [])[0] : content.from,
    toRecipients: recipients(write.toRecipients, content.toRecipients),
    ccRecipients: recipients(write.ccRecipients, content.ccRecipients),
    bccRecipients: recipients(write.bccRecipients, content.bccRecipients),
    replyTo: recipients(write.replyTo, content.replyTo),
    internetMessageHeaders: write.internetMessageHeaders ?? content.internetMessageHeaders,
    importance:
      (write.importance?.toLowerCase() as MessageContent["importance"] | undefined) ?? content.importance,
  };
}

/** Applies the flags any message takes (categories, read state, flag). */
export function applyFlags(message: StoredMessage, write: MessageWrite): void {
  if (write.categories) message.categories = [...write.categories];
  if (write.isRead !== undefined) message.isRead = write.isRead;
  if (write.flag) message.flagStatus = write.flag.flagStatus as FlagStatus;
  if (write.importance)
    message.content.importance = write.importance.toLowerCase() as MessageContent["importance"];
}

/** Recipients Exchange cannot resolve make the send fail (a draft may hold them). */
export function recipientProblem(content: MessageContent): Answer | undefined {
  const all = [...content.toRecipients, ...content.ccRecipients, ...content.bccRecipients];
  if (all.length === 0) {
    return graphError(
      400,
      "ErrorInvalidRecipients",
      "At least one recipient is not valid., A message can't be sent because it contains no recipients.",
    );
  }
  const bad = all.find((recipient) => !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(recipient.address));
  if (!bad) return undefined;
  return graphError(
    400,
    "ErrorInvalidRecipients",
    `At least one recipient is not valid., Recipient '${bad.address}' is not resolved. All recipients must be resolved before a message can be submitted.`,
  );
}
