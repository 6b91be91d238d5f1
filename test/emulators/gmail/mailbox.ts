/**
 * One user's mailbox: messages, labels, threads and the history log, with Gmail's rules for each.
 * - Threading: a message joins the thread of a message it names in `In-Reply-To`/`References` when the
 *   subjects match (reply prefixes ignored); a requested `threadId` is honoured only under the same subject
 *   rule (Gmail's documented send criteria); otherwise it starts a thread whose id is its own id.
 * - Every change takes a new, larger history id with random gaps (ids are not contiguous on Gmail either)
 *   and writes one record per message. Records older than the retention window are dropped; a
 *   `startHistoryId` below the oldest dropped record is out of range (404 upstream).
 */
import { normalizeSubject, type ParsedMessage, parseMessage } from "./mime.ts";
import type { Searchable } from "./query.ts";
import { newMessageId } from "./wire.ts";

export interface StoredMessage extends Searchable {
  id: string;
  threadId: string;
  raw: Buffer;
  labelIds: Set<string>;
  historyId: number;
  parsed: ParsedMessage;
  /** Arrival order, to break `internalDate` ties. */
  sequence: number;
}

export type HistoryType = "messageAdded" | "labelAdded" | "labelRemoved";

export interface HistoryRecord {
  id: number;
  /** Clock time of the change, for retention. */
  at: number;
  type: HistoryType;
  messageId: string;
  threadId: string;
  /** The message's labels right after the change. */
  labelIds: string[];
  /** For label changes: the labels added or removed. */
  changedLabelIds: string[];
}

export interface LabelRecord {
  id: string;
  name: string;
  type: "system" | "user";
  messageListVisibility?: string;
  labelListVisibility?: string;
}

export interface WatchState {
  topicName: string;
  labelIds: string[];
  labelFilterBehavior: string;
  historyId: number;
  expiration: number;
}

export const SYSTEM_LABELS = ["INBOX", "SENT", "UNREAD", "STARRED", "IMPORTANT", "TRASH", "SPAM", "DRAFT"];

export interface AddOptions {
  labelIds: string[];
  internalDate: number;
  /** Used as is (test deliveries). */
  forcedThreadId?: string;
  /** Honoured only when the thread exists and the subject matches (sends). */
  requestedThreadId?: string;
}

export class Mailbox {
  readonly labels = new Map<string, LabelRecord>();
  watch: WatchState | undefined;
  historyId: number;
  private readonly messages = new Map<string, StoredMessage>();
  private history: HistoryRecord[] = [];
  /** Records at or below this id were dropped. */
  private historyFloor = 0;
  private nextUserLabel = 1;

  constructor(
    readonly address: string,
    private readonly now: () => number,
    private readonly retentionMs: number,
  ) {
    this.historyId = 1000 + Math.floor(Math.random() * 1000);
    for (const id of SYSTEM_LABELS) this.labels.set(id, { id, name: id, type: "system" });
  }

  get(id: string): StoredMessage | undefined {
    return this.messages.get(id);
  }

  /** Newest first by `internalDate`, as `messages.list` orders. */
  all(): StoredMessage[] {
    return [...this.messages.values()].sort(
      (a, b) => b.internalDate - a.internalDate || (b.id > a.id ? 1 : -1),
    );
  }

  thread(threadId: string): StoredMessage[] {
    return [...this.messages.values()]
      .filter((message) => message.threadId === threadId)
      .sort((a, b) => a.internalDate - b.internalDate || a.sequence - b.sequence);
  }

  add(raw: Buffer, options: AddOptions): StoredMessage {
    const parsed = parseMessage(raw);
    const id = newMessageId();
    const message: StoredMessage = {
      id,
      threadId: options.forcedThreadId ?? this.threadFor(parsed, options.requestedThreadId) ?? id,
      raw,
      labelIds: new Set(options.labelIds),
      internalDate: options.internalDate,
      historyId: 0,
      parsed,
      sequence: this.messages.size,
      headers: parsed.root.headers,
      messageId: parsed.messageId,
    };
    this.messages.set(id, message);
    this.record("messageAdded", message, []);
    return message;
  }

  /** The first label id in `ids` that does not exist here, if any. */
  unknownLabel(ids: readonly string[]): string | undefined {
    return ids.find((id) => !this.labels.has(id));
  }

  /** Applies a label change; writes history only for labels that really changed. */
  modify(message: StoredMessage, add: readonly string[], remove: readonly string[]): void {
    const added = add.filter((id) => !message.labelIds.has(id));
    for (const id of added) message.labelIds.add(id);
    const removed = remove.filter((id) => message.labelIds.delete(id));
    if (added.length > 0) this.record("labelAdded", message, added);
    if (removed.length > 0) this.record("labelRemoved", message, removed);
  }

  createLabel(fields: Omit<LabelRecord, "id" | "type">): LabelRecord | undefined {
    const taken = [...this.labels.values()].some(
      (label) => label.name.toLowerCase() === fields.name.toLowerCase(),
    );
    if (taken) return undefined;
    const label: LabelRecord = { ...fields, id: `Label_${this.nextUserLabel++}`, type: "user" };
    this.labels.set(label.id, label);
    return label;
  }

  /** `label:` search terms name labels by id or by name (Gmail also accepts `-` for spaces and `/`). */
  labelIdOf(nameOrId: string): string | undefined {
    if (this.labels.has(nameOrId)) return nameOrId;
    const wanted = nameOrId.toLowerCase().replace(/[-/\s]+/g, " ");
    for (const label of this.labels.values()) {
      if (label.name.toLowerCase().replace(/[-/\s]+/g, " ") === wanted) return label.id;
    }
    return undefined;
  }

  /** Records after `startHistoryId`, or `"expired"` when some of them were already dropped. */
  historySince(startHistoryId: number): HistoryRecord[] | "expired" {
    this.prune();
    if (startHistoryId < this.historyFloor) return "expired";
    return this.history.filter((record) => record.id > startHistoryId);
  }

  /** Drops every record: any older `startHistoryId` now gets a 404, the current one still works. */
  expireHistory(): void {
    this.history = [];
    this.historyFloor = this.historyId;
  }

  records(): readonly HistoryRecord[] {
    return this.history;
  }

  private threadFor(parsed: ParsedMessage, requested: string | undefined): string | undefined {
    const subject = normalizeSubject(parsed.subject);
    if (requested) {
      const sameSubject = this.thread(requested).some((m) => normalizeSubject(m.parsed.subject) === subject);
      if (sameSubject) return requested;
    }
    for (const referenced of parsed.replyTo) {
      for (const message of this.messages.values()) {
        if (message.messageId === referenced && normalizeSubject(message.parsed.subject) === subject) {
          return message.threadId;
        }
      }
    }
    return undefined;
  }

  private record(type: HistoryType, message: StoredMessage, changedLabelIds: string[]): void {
    this.historyId += 1 + Math.floor(Math.random() * 3);
    message.historyId = this.historyId;
    this.history.push({
      id: this.historyId,
      at: this.now(),
      type,
      messageId: message.id,
      threadId: message.threadId,
      labelIds: [...message.labelIds],
      changedLabelIds,
    });
    this.prune();
  }

  private prune(): void {
    const cutoff = this.now() - this.retentionMs;
    let dropped = 0;
    while (dropped < this.history.length && (this.history[dropped]?.at ?? Infinity) < cutoff) dropped += 1;
    if (dropped === 0) return;
    this.historyFloor = this.history[dropped - 1]?.id ?? this.historyFloor;
    this.history = this.history.slice(dropped);
  }
}
