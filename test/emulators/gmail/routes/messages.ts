/**
 * `users.messages.list|get|modify|batchModify` and `users.threads.get`.
 */
import { z } from "zod";
import type { StoredMessage } from "../mailbox.ts";
import { parseQuery } from "../query.ts";
import {
  MESSAGE_FORMATS,
  type MessageFormat,
  messageResource,
  pagePosition,
  pageToken,
} from "../resources.ts";
import { type Answer, badRequest, notFound } from "../wire.ts";
import { type GmailRoute, jsonBody, maxResults, type RouteContext } from "./context.ts";

const LabelChange = z.object({
  addLabelIds: z.array(z.string()).optional(),
  removeLabelIds: z.array(z.string()).optional(),
});

const BatchModify = LabelChange.extend({
  ids: z.array(z.string()).min(1).max(1000),
});

function list(context: RouteContext): Answer {
  const { mailbox, query } = context;
  const limit = maxResults(query, 100, 500);
  if (!limit.ok) return limit.answer;
  const offset = pagePosition(query.get("pageToken"));
  if (offset === undefined) return badRequest("Invalid pageToken");
  const labelIds = query.getAll("labelIds");
  const search = parseQuery(query.get("q") ?? "", context.now, (name) => mailbox.labelIdOf(name));
  if (!search.ok) return badRequest(search.message);
  // Spam and trash stay hidden unless asked for, by flag, by label or by `in:`.
  const showSpamTrash =
    query.get("includeSpamTrash") === "true" ||
    search.includesSpamTrash ||
    labelIds.some((id) => id === "SPAM" || id === "TRASH");
  const matching = mailbox
    .all()
    .filter((message) => showSpamTrash || !(message.labelIds.has("SPAM") || message.labelIds.has("TRASH")))
    .filter((message) => labelIds.every((id) => message.labelIds.has(id)))
    .filter(search.test);
  const page = matching.slice(offset, offset + limit.value);
  if (page.length === 0) return { status: 200, body: { resultSizeEstimate: 0 } };
  const body: Record<string, unknown> = {
    messages: page.map((message) => ({ id: message.id, threadId: message.threadId })),
    resultSizeEstimate: matching.length,
  };
  if (offset + page.length < matching.length) body.nextPageToken = pageToken(offset + page.length);
  return { status: 200, body };
}

function formatOf(query: URLSearchParams): MessageFormat | undefined {
  const format = query.get("format") ?? "full";
  return (MESSAGE_FORMATS as readonly string[]).includes(format) ? (format as MessageFormat) : undefined;
}

function get(context: RouteContext): Answer {
  const message = context.mailbox.get(context.params.id ?? "");
  if (!message) return notFound();
  const format = formatOf(context.query);
  if (!format) return badRequest(`Invalid value at 'format', "${context.query.get("format")}"`);
  return { status: 200, body: messageResource(message, format, context.query.getAll("metadataHeaders")) };
}

/** Every label id must exist before anything changes, as the API refuses the whole call. */
function checkLabels(context: RouteContext, change: z.infer<typeof LabelChange>): Answer | undefined {
  const unknown = context.mailbox.unknownLabel([
    ...(change.addLabelIds ?? []),
    ...(change.removeLabelIds ?? []),
  ]);
  return unknown === undefined ? undefined : badRequest(`Invalid label: ${unknown}`);
}

function modify(context: RouteContext): Answer {
  const message = context.mailbox.get(context.params.id ?? "");
  if (!message) return notFound();
  const change = jsonBody(context, LabelChange);
  if (!change.ok) return change.answer;
  const problem = checkLabels(context, change.value);
  if (problem) return problem;
  context.mailbox.modify(message, change.value.addLabelIds ?? [], change.value.removeLabelIds ?? []);
  return {
    status: 200,
    body: { id: message.id, threadId: message.threadId, labelIds: [...message.labelIds] },
  };
}

function batchModify(context: RouteContext): Answer {
  const change = jsonBody(context, BatchModify);
  if (!change.ok) return change.answer;
  const problem = checkLabels(context, change.value);
  if (problem) return problem;
  const messages: StoredMessage[] = [];
  for (const id of change.value.ids) {
    const message = context.mailbox.get(id);
    if (!message) return notFound();
    messages.push(message);
  }
  for (const message of messages) {
    context.mailbox.modify(message, change.value.addLabelIds ?? [], change.value.removeLabelIds ?? []);
  }
  return { status: 204 };
}

function getThread(context: RouteContext): Answer {
  const messages = context.mailbox.thread(context.params.id ?? "");
  if (messages.length === 0) return notFound();
  const format = formatOf(context.query);
  if (!format) return badRequest(`Invalid value at 'format', "${context.query.get("format")}"`);
  const metadataHeaders = context.query.getAll("metadataHeaders");
  return {
    status: 200,
    body: {
      id: context.params.id,
      historyId: String(Math.max(...messages.map((message) => message.historyId))),
      messages: messages.map((message) => messageResource(message, format, metadataHeaders)),
    },
  };
}

export const messageRoutes: GmailRoute[] = [
  { method: "GET", pattern: /^\/messages$/, handle: list },
  { method: "POST", pattern: /^\/messages\/batchModify$/, handle: batchModify },
  { method: "GET", pattern: /^\/messages\/(?<id>[^/]+)$/, handle: get },
  { method: "POST", pattern: /^\/messages\/(?<id>[^/]+)\/modify$/, handle: modify },
  { method: "GET", pattern: /^\/threads\/(?<id>[^/]+)$/, handle: getThread },
];
