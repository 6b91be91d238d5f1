/**
 * `users.getProfile`, `users.labels.list|create`, `users.watch` and `users.stop`.
 */
import { z } from "zod";
import { labelResource } from "../resources.ts";
import { type Answer, badRequest, googleError } from "../wire.ts";
import { type GmailRoute, jsonBody, type RouteContext } from "./context.ts";

/** `users.watch` expires after 7 days; Google asks for a renewal at least that often (daily is advised). */
export const WATCH_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

const CreateLabel = z.looseObject({
  name: z.string().trim().min(1),
  messageListVisibility: z.enum(["show", "hide"]).optional(),
  labelListVisibility: z.enum(["labelShow", "labelShowIfUnread", "labelHide"]).optional(),
});

const WatchRequest = z.looseObject({
  topicName: z.string().optional(),
  labelIds: z.array(z.string()).optional(),
  labelFilterBehavior: z.enum(["include", "exclude", "INCLUDE", "EXCLUDE"]).optional(),
  /** The deprecated spelling of `labelFilterBehavior`. */
  labelFilterAction: z.enum(["include", "exclude", "INCLUDE", "EXCLUDE"]).optional(),
});

function profile({ mailbox }: RouteContext): Answer {
  const messages = mailbox.all();
  return {
    status: 200,
    body: {
      emailAddress: mailbox.address,
      messagesTotal: messages.length,
      threadsTotal: new Set(messages.map((message) => message.threadId)).size,
      historyId: String(mailbox.historyId),
    },
  };
}

function listLabels({ mailbox }: RouteContext): Answer {
  return { status: 200, body: { labels: [...mailbox.labels.values()].map(labelResource) } };
}

function createLabel(context: RouteContext): Answer {
  const body = jsonBody(context, CreateLabel);
  if (!body.ok) return body.answer;
  const { name, messageListVisibility, labelListVisibility } = body.value;
  const label = context.mailbox.createLabel({ name, messageListVisibility, labelListVisibility });
  if (!label) return googleError(409, "Label name exists or conflicts");
  return { status: 200, body: labelResource(label) };
}

function watch(context: RouteContext): Answer {
  const body = jsonBody(context, WatchRequest);
  if (!body.ok) return body.answer;
  const { topicName, labelIds = [], labelFilterBehavior, labelFilterAction } = body.value;
  if (!topicName || !/^projects\/[^/]+\/topics\/[^/]+$/.test(topicName)) {
    return badRequest("Invalid topicName does not match projects/SOME-ANDROID-PROJECT/topics/*");
  }
  const unknown = context.mailbox.unknownLabel(labelIds);
  if (unknown) return badRequest(`Invalid label: ${unknown}`);
  const expiration = context.now + WATCH_LIFETIME_MS;
  context.mailbox.watch = {
    topicName,
    labelIds,
    labelFilterBehavior: (labelFilterBehavior ?? labelFilterAction ?? "include").toLowerCase(),
    historyId: context.mailbox.historyId,
    expiration,
  };
  return {
    status: 200,
    body: { historyId: String(context.mailbox.historyId), expiration: String(expiration) },
  };
}

function stop(context: RouteContext): Answer {
  context.mailbox.watch = undefined;
  return { status: 204 };
}

export const userRoutes: GmailRoute[] = [
  { method: "GET", pattern: /^\/profile$/, handle: profile },
  { method: "GET", pattern: /^\/labels$/, handle: listLabels },
  { method: "POST", pattern: /^\/labels$/, handle: createLabel },
  { method: "POST", pattern: /^\/watch$/, handle: watch },
  { method: "POST", pattern: /^\/stop$/, handle: stop },
];
