/**
 * Replying and sending, Exchange's way:
 * - `createReply` / `createReplyAll` make an editable draft in Drafts: `RE: ` subject, recipients from the
 *   original's Reply-To (else From), the comment above a quoted original, the original's conversation, and
 *   `In-Reply-To` / `References` in its MIME (Graph has no property for them: read `$value`);
 * - `/send` submits a draft: it moves to Sent Items (a new regular id) and is logged as sent;
 * - `/reply` / `/replyAll` do both in one call (202);
 * - `sendMail` sends a new message (202, no id back); it cannot thread, since clients may set only `X-` headers;
 * - `comment` and `message.body` together are refused (400), as Graph refuses them.
 */
import { z } from "zod";
import type { Mailbox, MessageContent, NewMessage, Recipient, StoredMessage } from "../mailbox.ts";
import { escapeHtml, newInternetMessageId, recompose } from "../mime.ts";
import { type Answer, badRequest, graphDate } from "../wire.ts";
import { jsonObject, parseWith, type Route, type UserContext } from "./context.ts";
import { messageAnswer, messageOf } from "./messages.ts";
import {
  applyContent,
  emptyContent,
  type MessageWrite,
  parseMessageWrite,
  recipientProblem,
} from "./write.ts";

const ReplyRequest = z.looseObject({ comment: z.string().optional(), message: z.unknown().optional() });
const SendMailRequest = z.looseObject({
  message: z.unknown(),
  saveToSentItems: z.union([z.boolean(), z.enum(["true", "false"])]).optional(),
});

type ReplyKind = "reply" | "replyAll";

/** Parses `{comment, message}` and builds the reply draft's fields. */
function replyFields(
  context: UserContext,
  original: StoredMessage,
  kind: ReplyKind,
): { ok: true; init: NewMessage } | { ok: false; answer: Answer } {
  const body = jsonObject(context);
  if (!body.ok) return body;
  const request = parseWith(ReplyRequest, body.value);
  if (!request.ok) return request;
  let write: MessageWrite | undefined;
  if (request.value.message !== undefined) {
    const parsed = parseMessageWrite(request.value.message, true);
    if (!parsed.ok) return parsed;
    write = parsed.value;
  }
  if (request.value.comment !== undefined && write?.body !== undefined) {
    return {
      ok: false,
      answer: badRequest("A reply can carry a comment or a message body, not both.", "ErrorInvalidRequest"),
    };
  }
  let content = quotedReply(context.mailbox, original, kind, request.value.comment ?? "");
  if (write) content = applyContent(content, write);
  return {
    ok: true,
    init: {
      folder: "drafts",
      raw: Buffer.alloc(0),
      content,
      internetMessageId: newInternetMessageId(),
      inReplyTo: original.internetMessageId,
      references: [...new Set([...original.references, original.internetMessageId])],
      isRead: true,
      isDraft: true,
      receivedAt: context.now,
      sentAt: undefined,
      categories: write?.categories,
    },
  };
}

function quotedReply(
  mailbox: Mailbox,
  original: StoredMessage,
  kind: ReplyKind,
  comment: string,
): MessageContent {
  const source = original.content;
  const self = mailbox.address.toLowerCase();
  const notSelf = (recipient: Recipient) => recipient.address.toLowerCase() !== self;
  const to = source.replyTo.length > 0 ? source.replyTo : source.from ? [source.from] : [];
  const toRecipients = kind === "replyAll" ? unique([...to, ...source.toRecipients.filter(notSelf)]) : to;
  const subject = /^re:/i.test(source.subject.trim()) ? source.subject : `RE: ${source.subject}`;
  const quoted =
    source.body.contentType === "html"
      ? (/<body[^>]*>([\s\S]*)<\/body>/i.exec(source.body.content)?.[1] ?? source.body.content)
      : `<div>${escapeHtml(source.body.content).replace(/\r?\n/g, "<br>")}</div>`;
  const header = [
    `<b>From:</b> ${escapeHtml(source.from?.name ?? "")} &lt;${escapeHtml(source.from?.address ?? "")}&gt;`,
    `<b>Sent:</b> ${graphDate(original.sentAt ?? original.receivedAt)}`,
    `<b>To:</b> ${source.toRecipients.map((recipient) => escapeHtml(recipient.address)).join("; ")}`,
    `<b>Subject:</b> ${escapeHtml(source.subject)}`,
  ].join("<br>");
  return {
    ...emptyContent(),
    subject,
    toRecipients,
    ccRecipients: kind === "replyAll" ? source.ccRecipients.filter(notSelf) : [],
    body: {
      contentType: "html",
      content: `<html><body><div>${escapeHtml(comment)}</div><hr><div id="divRplyFwdMsg">${header}</div>${quoted}</body></html>`,
    },
  };
}

function unique(recipients: Recipient[]): Recipient[] {
  const seen = new Set<string>();
  return recipients.filter((recipient) => {
    const key = recipient.address.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function createReplyOf(kind: ReplyKind) {
  return async (context: UserContext): Promise<Answer> => {
    const found = messageOf(context);
    if (!found.ok) return found.answer;
    const fields = replyFields(context, found.message, kind);
    if (!fields.ok) return fields.answer;
    const draft = context.mailbox.build(fields.init);
    await recompose(draft, context.mailbox.address);
    return messageAnswer(context, context.mailbox.insert(draft), 201);
  };
}

function replyOf(kind: ReplyKind) {
  return async (context: UserContext): Promise<Answer> => {
    const found = messageOf(context);
    if (!found.ok) return found.answer;
    const fields = replyFields(context, found.message, kind);
    if (!fields.ok) return fields.answer;
    const problem = recipientProblem(fields.init.content);
    if (problem) return problem;
    await submit(context, { ...fields.init, folder: "sentitems", isDraft: false }, true);
    return { status: 202 };
  };
}

async function send(context: UserContext): Promise<Answer> {
  const found = messageOf(context);
  if (!found.ok) return found.answer;
  const { message } = found;
  if (!message.isDraft) return badRequest("Only a draft message can be sent.", "ErrorInvalidOperation");
  const problem = recipientProblem(message.content);
  if (problem) return problem;
  message.isDraft = false;
  message.content = fromOwner(context.mailbox, message.content);
  message.sentAt = context.now;
  message.receivedAt = context.now;
  await recompose(message, context.mailbox.address);
  context.mailbox.move(message, context.mailbox.wellKnown("sentitems").id);
  context.state.recordSent(context.mailbox, message);
  return { status: 202 };
}

async function sendMail(context: UserContext): Promise<Answer> {
  const body = jsonObject(context);
  if (!body.ok) return body.answer;
  const request = parseWith(SendMailRequest, body.value);
  if (!request.ok) return request.answer;
  const write = parseMessageWrite(request.value.message, true);
  if (!write.ok) return write.answer;
  const content = applyContent(emptyContent(), write.value);
  const problem = recipientProblem(content);
  if (problem) return problem;
  const save = String(request.value.saveToSentItems ?? true) === "true";
  await submit(
    context,
    {
      folder: "sentitems",
      raw: Buffer.alloc(0),
      content,
      internetMessageId: newInternetMessageId(),
      inReplyTo: undefined,
      references: [],
      isRead: true,
      isDraft: false,
      receivedAt: context.now,
      sentAt: context.now,
      categories: write.value.categories,
    },
    save,
  );
  return { status: 202 };
}

/** A message leaving the mailbox: composed, saved to Sent Items unless told not to, and logged as sent. */
async function submit(context: UserContext, init: NewMessage, save: boolean): Promise<void> {
  const sent = {
    ...init,
    content: fromOwner(context.mailbox, init.content),
    sentAt: context.now,
    receivedAt: context.now,
  };
  const message = context.mailbox.build(sent);
  await recompose(message, context.mailbox.address);
  if (save) context.mailbox.insert(message);
  context.state.recordSent(context.mailbox, message);
}

/** Exchange stamps the mailbox owner as sender (and as From unless the client set one, e.g. send-as). */
function fromOwner(mailbox: Mailbox, content: MessageContent): MessageContent {
  const owner = { name: "", address: mailbox.address };
  return { ...content, from: content.from ?? owner, sender: owner };
}

const MESSAGE = "^(?:/mailFolders/(?<folder>[^/]+))?/messages/(?<id>[^/]+)";

export const replyRoutes: Route<UserContext>[] = [
  { method: "POST", pattern: new RegExp(`${MESSAGE}/createReply$`, "i"), handle: createReplyOf("reply") },
  {
    method: "POST",
    pattern: new RegExp(`${MESSAGE}/createReplyAll$`, "i"),
    handle: createReplyOf("replyAll"),
  },
  { method: "POST", pattern: new RegExp(`${MESSAGE}/reply$`, "i"), handle: replyOf("reply") },
  { method: "POST", pattern: new RegExp(`${MESSAGE}/replyAll$`, "i"), handle: replyOf("replyAll") },
  { method: "POST", pattern: new RegExp(`${MESSAGE}/send$`, "i"), handle: send },
  { method: "POST", pattern: /^\/sendMail$/i, handle: sendMail },
];
