/**
 * `GET …/mailFolders/{folder}/messages/delta` (also spelled `/microsoft.graph.delta`). A round starts with a
 * snapshot of the folder (newest first) paged by `Prefer: odata.maxpagesize` (default 10) through
 * `@odata.nextLink` (`$skiptoken`), and ends with an `@odata.deltaLink` (`$deltatoken`) that later returns only
 * what changed: messages created or updated in the folder (full, or `$select`ed, resources) and `@removed`
 * entries for messages deleted or moved out. Query options count on the first call only — the tokens carry
 * them; `$filter` takes only `receivedDateTime ge|gt {date}`, and the `changeType` option (created, updated,
 * deleted) narrows later rounds. Tokens can be replayed; after `expireDeltaTokens()` every old token answers
 * 410 `syncStateNotFound` with a `Location` to start over, as Graph's synchronization reset does.
 */
import type * as Graph from "@microsoft/microsoft-graph-types";
import type { ChangeKind, DeltaState, Mailbox, StoredMessage } from "../mailbox.ts";
import { messageResource, parseSelect } from "../resources.ts";
import {
  type Answer,
  badRequest,
  GRAPH_JSON,
  graphError,
  notFound,
  type OData,
  type ODataCollection,
} from "../wire.ts";
import { applied, renderOptions, type UserContext } from "./context.ts";

const DEFAULT_PAGE_SIZE = 10;
const MAX_PAGE_SIZE = 1000;
const CHANGE_TYPES: readonly ChangeKind[] = ["created", "updated", "deleted"];

export function delta(context: UserContext): Answer {
  const { mailbox } = context;
  const folder = mailbox.folder(context.params.folder ?? "");
  if (!folder) return notFound();
  const deltaPath = `${context.serviceRoot}/${context.userPath}/mailFolders('${folder.id}')/messages/delta`;
  const skipToken = context.query.get("$skiptoken");
  const deltaToken = context.query.get("$deltatoken");

  let state: DeltaState;
  if (skipToken || deltaToken) {
    const saved = mailbox.syncStates.get(skipToken ?? deltaToken ?? "");
    if (!saved || saved.folderId !== folder.id) {
      return graphError(
        410,
        "syncStateNotFound",
        "Resync required. The sync state is not found or has expired; replace the delta link with a new initial delta request.",
        { location: deltaPath },
      );
    }
    state = skipToken ? saved : nextRound(saved, mailbox);
  } else {
    const initial = firstRound(context, folder.id);
    if (!initial.ok) return initial.answer;
    state = initial.state;
  }

  const pageSize = Math.min(context.prefer.maxPageSize ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const pending = state.pending ?? [];
  const page = pending.slice(0, pageSize);
  const rest = pending.slice(pageSize);
  const options = renderOptions(context, state.select);
  const value = page.map((entry) => {
    const message = entry.removed ? undefined : mailbox.find(entry.immutableId);
    if (message && message.folderId === folder.id) return messageResource(message, options);
    return {
      "@odata.type": "#microsoft.graph.message",
      id: context.prefer.immutableIds ? entry.immutableId : entry.restId,
      "@removed": { reason: "deleted" },
    };
  });
  const body: ODataCollection<OData<Graph.Message> | Removed> = {
    "@odata.context": `${context.serviceRoot}/$metadata#Collection(message)`,
    value,
  };
  if (rest.length > 0) {
    body["@odata.nextLink"] = `${deltaPath}?$skiptoken=${mailbox.saveSyncState({ ...state, pending: rest })}`;
  } else {
    body["@odata.deltaLink"] =
      `${deltaPath}?$deltatoken=${mailbox.saveSyncState({ ...state, pending: undefined })}`;
  }
  const extra = context.prefer.maxPageSize === undefined ? [] : [`odata.maxpagesize=${pageSize}`];
  return { status: 200, body, headers: { "content-type": GRAPH_JSON, ...applied(context, extra) } };
}

/** A message gone from the folder since the last round: its id and why, nothing else. */
type Removed = OData<Pick<Graph.Message, "id">> & { "@removed": { reason: "deleted" | "changed" } };

function firstRound(
  context: UserContext,
  folderId: string,
): { ok: true; state: DeltaState } | { ok: false; answer: Answer } {
  const select = parseSelect(context.query.get("$select"));
  if (!select.ok) return select;
  const filter = context.query.get("$filter");
  let receivedAfter: DeltaState["receivedAfter"];
  if (filter) {
    const match = /^\s*receivedDateTime\s+(ge|gt)\s+(\S+)\s*$/i.exec(filter);
    const at = match ? Date.parse(match[2] ?? "") : Number.NaN;
    if (!match || Number.isNaN(at)) {
      return {
        ok: false,
        answer: badRequest(
          "The only supported $filter on message delta is receivedDateTime ge|gt {date}.",
          "ErrorInvalidUrlQueryFilter",
        ),
      };
    }
    receivedAfter = { at, inclusive: match[1]?.toLowerCase() === "ge" };
  }
  const changeTypeOption = context.query.get("changetype");
  const changeTypes = changeTypeOption
    ?.split(",")
    .map((item) => item.trim().toLowerCase())
    .filter((item): item is ChangeKind => CHANGE_TYPES.includes(item as ChangeKind));
  if (changeTypeOption && changeTypes?.length === 0) {
    return { ok: false, answer: badRequest(`Invalid changeType '${changeTypeOption}'.`) };
  }
  const state: DeltaState = {
    folderId,
    select: select.select,
    receivedAfter,
    changeTypes,
    watermark: context.mailbox.lastSeq,
    pending: [],
  };
  state.pending = context.mailbox
    .all(folderId)
    .filter((message) => received(state, message))
    .map((message) => ({ immutableId: message.immutableId, restId: message.restId, removed: false }));
  return { ok: true, state };
}

/** A later round: the changes since the last watermark, one entry per message, in order of last change. */
function nextRound(saved: DeltaState, mailbox: Mailbox): DeltaState {
  const changes = mailbox.changesSince(saved.folderId, saved.watermark);
  const byMessage = new Map<string, { kinds: Set<ChangeKind>; restId: string; last: ChangeKind }>();
  for (const change of changes) {
    const entry = byMessage.get(change.immutableId) ?? {
      kinds: new Set(),
      restId: change.restId,
      last: change.kind,
    };
    entry.kinds.add(change.kind);
    entry.restId = change.restId;
    entry.last = change.kind;
    byMessage.delete(change.immutableId);
    byMessage.set(change.immutableId, entry);
  }
  const pending: NonNullable<DeltaState["pending"]> = [];
  for (const [immutableId, entry] of byMessage) {
    const removed = entry.last === "deleted";
    const kind: ChangeKind = removed ? "deleted" : entry.kinds.has("created") ? "created" : "updated";
    if (saved.changeTypes && !saved.changeTypes.includes(kind)) continue;
    const message = removed ? undefined : mailbox.find(immutableId);
    if (message && !received(saved, message)) continue;
    pending.push({ immutableId, restId: entry.restId, removed });
  }
  return { ...saved, watermark: mailbox.lastSeq, pending };
}

function received(state: DeltaState, message: StoredMessage): boolean {
  const after = state.receivedAfter;
  if (!after) return true;
  return after.inclusive ? message.receivedAt >= after.at : message.receivedAt > after.at;
}
