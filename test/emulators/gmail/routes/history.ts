/**
 * `users.history.list`: records after `startHistoryId`, oldest first, filtered by `historyTypes` and
 * `labelId`, paged by `maxResults` (default 100, max 500). A `startHistoryId` older than the retained
 * history answers 404, which tells a client to fall back to a full sync.
 */
import type { HistoryRecord } from "../mailbox.ts";
import { historyResource, pagePosition, pageToken } from "../resources.ts";
import { type Answer, badRequest, notFound } from "../wire.ts";
import { type GmailRoute, maxResults, type RouteContext } from "./context.ts";

const HISTORY_TYPES: readonly string[] = ["messageAdded", "messageDeleted", "labelAdded", "labelRemoved"];

function list(context: RouteContext): Answer {
  const { mailbox, query } = context;
  const start = query.get("startHistoryId");
  if (start === null) return badRequest("Missing required parameter: startHistoryId");
  if (!/^\d+$/.test(start))
    return badRequest(`Invalid value at 'start_history_id' (TYPE_UINT64), "${start}"`);
  const types = query.getAll("historyTypes");
  const unknownType = types.find((type) => !HISTORY_TYPES.includes(type));
  if (unknownType) return badRequest(`Invalid value at 'history_types', "${unknownType}"`);
  const limit = maxResults(query, 100, 500);
  if (!limit.ok) return limit.answer;
  const after = pagePosition(query.get("pageToken"));
  if (after === undefined) return badRequest("Invalid pageToken");

  const records = mailbox.historySince(Number(start));
  if (records === "expired") return notFound();
  const labelId = query.get("labelId");
  const matching = records.filter(
    (record) =>
      record.id > after &&
      (types.length === 0 || types.includes(record.type)) &&
      (labelId === null || touchesLabel(record, labelId)),
  );
  const page = matching.slice(0, limit.value);
  const body: Record<string, unknown> = { historyId: String(mailbox.historyId) };
  if (page.length > 0) body.history = page.map(historyResource);
  const last = page.at(-1);
  if (last && matching.length > page.length) body.nextPageToken = pageToken(last.id);
  return { status: 200, body };
}

function touchesLabel(record: HistoryRecord, labelId: string): boolean {
  return record.labelIds.includes(labelId) || record.changedLabelIds.includes(labelId);
}

export const historyRoutes: GmailRoute[] = [{ method: "GET", pattern: /^\/history$/, handle: list }];
