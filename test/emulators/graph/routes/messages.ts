/**
 * Messages and folders: list (`$top`, `$skip`, `$select`, a small `$filter` subset, `@odata.nextLink`), get,
 * `$value` (the MIME bytes, `text/plain` as Graph labels them — read them as bytes, not text), PATCH,
 * DELETE, move, and create a draft; `mailFolders` list and get.
 */
import type * as Graph from "@microsoft/microsoft-graph-types";
import { z } from "zod";
import type { StoredMessage } from "../mailbox.ts";
import { newInternetMessageId, recompose } from "../mime.ts";
import { folderResource, messageResource, parseSelect } from "../resources.ts";
import {
  type Answer,
  badRequest,
  GRAPH_JSON,
  graphError,
  notFound,
  type OData,
  type ODataCollection,
} from "../wire.ts";
import { applied, jsonObject, parseWith, type Route, renderOptions, type UserContext } from "./context.ts";
import { applyContent, applyFlags, emptyContent, parseMessageWrite } from "./write.ts";

const DEFAULT_TOP = 10;
const MAX_TOP = 1000;

const Move = z.looseObject({ destinationId: z.string().min(1) });

type Filter = (message: StoredMessage) => boolean;

/** `$filter` terms joined by `and`: isRead, receivedDateTime, internetMessageId, conversationId. */
function parseFilter(value: string | null): Filter | undefined | "unsupported" {
  if (!value) return undefined;
  const tests: Filter[] = [];
  for (const term of value.split(/\s+and\s+/i)) {
    const isRead = /^\s*isRead\s+eq\s+(true|false)\s*$/i.exec(term);
    const received = /^\s*receivedDateTime\s+(ge|gt|le|lt)\s+(\S+)\s*$/i.exec(term);
    const equals = /^\s*(internetMessageId|conversationId)\s+eq\s+'((?:[^']|'')*)'\s*$/i.exec(term);
    if (isRead) {
      const wanted = isRead[1]?.toLowerCase() === "true";
      tests.push((message) => message.isRead === wanted);
    } else if (received && !Number.isNaN(Date.parse(received[2] ?? ""))) {
      const at = Date.parse(received[2] ?? "");
      const op = received[1]?.toLowerCase();
      tests.push((m) =>
        op === "ge"
          ? m.receivedAt >= at
          : op === "gt"
            ? m.receivedAt > at
            : op === "le"
              ? m.receivedAt <= at
              : m.receivedAt < at,
      );
    } else if (equals) {
      const wanted = (equals[2] ?? "").replace(/''/g, "'");
      const field = equals[1]?.toLowerCase() === "internetmessageid" ? "internetMessageId" : "conversationId";
      tests.push((message) => message[field] === wanted);
    } else return "unsupported";
  }
  return (message) => tests.every((test) => test(message));
}

function list(context: UserContext): Answer {
  const { mailbox, query } = context;
  const folderName = context.params.folder;
  const folder = folderName === undefined ? undefined : mailbox.folder(folderName);
  if (folderName !== undefined && !folder) return notFound();
  const select = parseSelect(query.get("$select"));
  if (!select.ok) return select.answer;
  const filter = parseFilter(query.get("$filter"));
  if (filter === "unsupported") {
    return badRequest(
      `emulator: $filter '${query.get("$filter")}' is not emulated (isRead, receivedDateTime, internetMessageId, conversationId only)`,
    );
  }
  const top = Number(query.get("$top") ?? DEFAULT_TOP);
  const skip = Number(query.get("$skip") ?? 0);
  if (!Number.isInteger(top) || top < 1 || !Number.isInteger(skip) || skip < 0) {
    return badRequest("Invalid $top or $skip value.", "ErrorInvalidUrlQuery");
  }
  const size = Math.min(top, MAX_TOP);
  const matching = mailbox.all(folder?.id).filter((message) => (filter ? filter(message) : true));
  const page = matching.slice(skip, skip + size);
  const body: ODataCollection<OData<Graph.Message>> = {
    "@odata.context": `${context.serviceRoot}/$metadata#users('${mailbox.userId}')/messages`,
    value: page.map((message) => messageResource(message, renderOptions(context, select.select))),
  };
  if (skip + size < matching.length) {
    const next = new URLSearchParams();
    for (const [key, value] of query) if (key !== "$skip" && key !== "$top") next.set(key, value);
    next.set("$top", String(size));
    next.set("$skip", String(skip + size));
    const folderPath = folder ? `/mailFolders('${folder.id}')` : "";
    body["@odata.nextLink"] =
      `${context.serviceRoot}/${context.userPath}${folderPath}/messages?${decodeURIComponent(next.toString())}`;
  }
  return { status: 200, body, headers: { "content-type": GRAPH_JSON, ...applied(context) } };
}

/** The message a path names, or the answer for a missing one (a stale regular id after a move included). */
export function messageOf(
  context: UserContext,
): { ok: true; message: StoredMessage } | { ok: false; answer: Answer } {
  const message = context.mailbox.find(context.params.id ?? "");
  const folderName = context.params.folder;
  if (!message) return { ok: false, answer: notFound() };
  if (folderName !== undefined && context.mailbox.folder(folderName)?.id !== message.folderId) {
    return { ok: false, answer: notFound() };
  }
  return { ok: true, message };
}

export function messageAnswer(context: UserContext, message: StoredMessage, status = 200): Answer {
  return {
    status,
    body: {
      "@odata.context": `${context.serviceRoot}/$metadata#users('${context.mailbox.userId}')/messages/$entity`,
      ...messageResource(message, renderOptions(context, undefined)),
    },
    headers: { "content-type": GRAPH_JSON, ...applied(context) },
  };
}

function get(context: UserContext): Answer {
  const found = messageOf(context);
  if (!found.ok) return found.answer;
  const select = parseSelect(context.query.get("$select"));
  if (!select.ok) return select.answer;
  return {
    status: 200,
    body: {
      "@odata.context": `${context.serviceRoot}/$metadata#users('${context.mailbox.userId}')/messages/$entity`,
      ...messageResource(found.message, renderOptions(context, select.select)),
    },
    headers: { "content-type": GRAPH_JSON, ...applied(context) },
  };
}

function mimeValue(context: UserContext): Answer {
  const found = messageOf(context);
  if (!found.ok) return found.answer;
  return { status: 200, raw: { bytes: found.message.raw, contentType: "text/plain" } };
}

async function update(context: UserContext): Promise<Answer> {
  const found = messageOf(context);
  if (!found.ok) return found.answer;
  const { message } = found;
  const body = jsonObject(context);
  if (!body.ok) return body.answer;
  const write = parseMessageWrite(body.value, message.isDraft);
  if (!write.ok) return write.answer;
  if (message.isDraft) message.content = applyContent(message.content, write.value);
  applyFlags(message, write.value);
  context.mailbox.touch(message);
  if (message.isDraft) await recompose(message, context.mailbox.address);
  return messageAnswer(context, message);
}

function remove(context: UserContext): Answer {
  const found = messageOf(context);
  if (!found.ok) return found.answer;
  context.mailbox.remove(found.message);
  return { status: 204 };
}

function move(context: UserContext): Answer {
  const found = messageOf(context);
  if (!found.ok) return found.answer;
  const body = jsonObject(context);
  if (!body.ok) return body.answer;
  const parsed = parseWith(Move, body.value);
  if (!parsed.ok) return parsed.answer;
  const folder = context.mailbox.folder(parsed.value.destinationId);
  if (!folder) return graphError(400, "ErrorInvalidIdMalformed", "Id is malformed.");
  context.mailbox.move(found.message, folder.id);
  return messageAnswer(context, found.message, 201);
}

/** `POST /messages`: a draft in Drafts, with an internetMessageId already assigned (as Exchange does). */
async function createDraft(context: UserContext): Promise<Answer> {
  const body = jsonObject(context);
  if (!body.ok) return body.answer;
  const write = parseMessageWrite(body.value, true);
  if (!write.ok) return write.answer;
  const now = context.now;
  const message = context.mailbox.build({
    folder: "drafts",
    raw: Buffer.alloc(0),
    content: applyContent(emptyContent(), write.value),
    internetMessageId: newInternetMessageId(),
    inReplyTo: undefined,
    references: [],
    isRead: true,
    isDraft: true,
    receivedAt: now,
    sentAt: undefined,
    categories: write.value.categories,
  });
  await recompose(message, context.mailbox.address);
  return messageAnswer(context, context.mailbox.insert(message), 201);
}

function listFolders(context: UserContext): Answer {
  return {
    status: 200,
    body: {
      "@odata.context": `${context.serviceRoot}/$metadata#users('${context.mailbox.userId}')/mailFolders`,
      value: [...context.mailbox.folders.values()].map((folder) => folderResource(context.mailbox, folder)),
    } satisfies ODataCollection<Graph.MailFolder>,
    headers: { "content-type": GRAPH_JSON },
  };
}

function getFolder(context: UserContext): Answer {
  const folder = context.mailbox.folder(context.params.folder ?? "");
  if (!folder) return notFound();
  return {
    status: 200,
    body: folderResource(context.mailbox, folder),
    headers: { "content-type": GRAPH_JSON },
  };
}

const IN_FOLDER = "(?:/mailFolders/(?<folder>[^/]+))?";
const MESSAGE = `^${IN_FOLDER}/messages/(?<id>[^/]+)`;

export const messageRoutes: Route<UserContext>[] = [
  { method: "GET", pattern: /^\/mailFolders$/i, handle: listFolders },
  { method: "GET", pattern: /^\/mailFolders\/(?<folder>[^/]+)$/i, handle: getFolder },
  { method: "GET", pattern: new RegExp(`^${IN_FOLDER}/messages$`, "i"), handle: list },
  { method: "POST", pattern: /^\/messages$/i, handle: createDraft },
  { method: "GET", pattern: new RegExp(`${MESSAGE}$`, "i"), handle: get },
  { method: "GET", pattern: new RegExp(`${MESSAGE}/\\$value$`, "i"), handle: mimeValue },
  { method: "PATCH", pattern: new RegExp(`${MESSAGE}$`, "i"), handle: update },
  { method: "DELETE", pattern: new RegExp(`${MESSAGE}$`, "i"), handle: remove },
  { method: "POST", pattern: new RegExp(`${MESSAGE}/move$`, "i"), handle: move },
];
