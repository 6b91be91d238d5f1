/**
 * One user's mailbox as Exchange keeps it: well-known folders, messages, conversations, and a change log per
 * folder that delta queries read.
 * - Ids: every message has an immutable id and a regular ("REST") id. The regular id changes whenever the
 *   message changes folder (move, a draft being sent); a stale one then answers 404, as on Exchange. Requests
 *   may use either form; `Prefer: IdType="ImmutableId"` only decides which form answers carry.
 * - Conversations: a message joins the conversation of a message it names in `In-Reply-To` or `References`
 *   (no subject rule, unlike Gmail); otherwise it starts one. `conversationIndex` grows 5 bytes per reply.
 * - Every change appends to the log (`created`, `updated`, `deleted` per folder); a move is a `deleted` in
 *   the old folder and a `created` in the new one. Delta states (see delta.ts) are kept here so that
 *   `expireDeltaTokens()` can drop them all.
 */
import { randomBytes } from "node:crypto";
import { newChangeKey, newConversationId, newImmutableId, newRestId, randomToken } from "./wire.ts";

export const WELL_KNOWN_FOLDERS = {
  inbox: "Inbox",
  drafts: "Drafts",
  sentitems: "Sent Items",
  deleteditems: "Deleted Items",
  archive: "Archive",
  junkemail: "Junk Email",
  outbox: "Outbox",
} as const;
export type WellKnownFolder = keyof typeof WELL_KNOWN_FOLDERS;

export interface Folder {
  id: string;
  wellKnownName: WellKnownFolder;
  displayName: string;
}

export interface Recipient {
  name: string;
  address: string;
}

export interface HeaderPair {
  name: string;
  value: string;
}

/** What a message says; drafts edit it through PATCH, received and sent messages keep it. */
export interface MessageContent {
  subject: string;
  body: { contentType: "html" | "text"; content: string };
  from: Recipient | undefined;
  sender: Recipient | undefined;
  toRecipients: Recipient[];
  ccRecipients: Recipient[];
  bccRecipients: Recipient[];
  replyTo: Recipient[];
  /** Received: every MIME header. Drafts and sent items: only the `X-` headers the client set. */
  internetMessageHeaders: HeaderPair[];
  hasAttachments: boolean;
  importance: "low" | "normal" | "high";
}

export type FlagStatus = "notFlagged" | "flagged" | "complete";

export interface StoredMessage {
  immutableId: string;
  restId: string;
  folderId: string;
  /** The MIME `$value` serves: delivered bytes exactly, or composed for drafts and sends. */
  raw: Buffer;
  content: MessageContent;
  internetMessageId: string;
  inReplyTo: string | undefined;
  references: string[];
  conversationId: string;
  conversationIndex: Buffer;
  categories: string[];
  isRead: boolean;
  isDraft: boolean;
  flagStatus: FlagStatus;
  createdAt: number;
  modifiedAt: number;
  receivedAt: number;
  sentAt: number | undefined;
  changeKey: string;
  /** Creation order, to break `receivedDateTime` ties. */
  sequence: number;
}

export type ChangeKind = "created" | "updated" | "deleted";

export interface Change {
  seq: number;
  folderId: string;
  kind: ChangeKind;
  immutableId: string;
  /** The regular id the message had in that folder (what a client synced there knows it by). */
  restId: string;
}

/** A delta round's position: a page of pending entries, or a watermark in the change log. */
export interface DeltaState {
  folderId: string;
  select: string[] | undefined;
  receivedAfter: { at: number; inclusive: boolean } | undefined;
  changeTypes: ChangeKind[] | undefined;
  /** Changes with a larger `seq` belong to the next round. */
  watermark: number;
  /** Entries still to page out in this round; undefined for a delta link. */
  pending: Array<{ immutableId: string; restId: string; removed: boolean }> | undefined;
}

export interface NewMessage {
  folder: WellKnownFolder;
  raw: Buffer;
  content: MessageContent;
  internetMessageId: string;
  inReplyTo: string | undefined;
  references: string[];
  isRead: boolean;
  isDraft: boolean;
  receivedAt: number;
  sentAt: number | undefined;
  categories?: string[];
}

export class Mailbox {
  readonly folders = new Map<string, Folder>();
  readonly syncStates = new Map<string, DeltaState>();
  private readonly messages = new Map<string, StoredMessage>();
  private readonly changes: Change[] = [];
  private seq = 0;
  private created = 0;

  constructor(
    readonly address: string,
    readonly userId: string,
    private readonly now: () => number,
  ) {
    for (const [wellKnownName, displayName] of Object.entries(WELL_KNOWN_FOLDERS)) {
      const id = `AAMkADEmuFolder${randomBytes(12).toString("base64url")}AAA=`;
      this.folders.set(id, { id, wellKnownName: wellKnownName as WellKnownFolder, displayName });
    }
  }

  get lastSeq(): number {
    return this.seq;
  }

  /** A folder by id or well-known name (case-insensitive, as Graph takes `Inbox` and `inbox`). */
  folder(idOrName: string): Folder | undefined {
    const byId = this.folders.get(idOrName);
    if (byId) return byId;
    const name = idOrName.toLowerCase();
    return [...this.folders.values()].find((folder) => folder.wellKnownName === name);
  }

  wellKnown(name: WellKnownFolder): Folder {
    const folder = this.folder(name);
    if (!folder) throw new Error(`emulator: no ${name} folder`);
    return folder;
  }

  /** A live message by its regular or immutable id. */
  find(id: string): StoredMessage | undefined {
    const byImmutable = this.messages.get(id);
    if (byImmutable) return byImmutable;
    for (const message of this.messages.values()) if (message.restId === id) return message;
    return undefined;
  }

  /** Newest first by `receivedDateTime`, as Outlook lists. */
  all(folderId?: string): StoredMessage[] {
    return [...this.messages.values()]
      .filter((message) => folderId === undefined || message.folderId === folderId)
      .sort((a, b) => b.receivedAt - a.receivedAt || b.sequence - a.sequence);
  }

  add(init: NewMessage): StoredMessage {
    return this.insert(this.build(init));
  }

  /** Stores a message made by `build()` (once its MIME is ready). */
  insert(message: StoredMessage): StoredMessage {
    this.messages.set(message.immutableId, message);
    this.record("created", message);
    return message;
  }

  /** A message threaded into this mailbox's conversations but not stored (a send not saved to Sent Items). */
  build(init: NewMessage): StoredMessage {
    const parent = this.parentOf(init.inReplyTo, init.references);
    const now = this.now();
    return {
      immutableId: newImmutableId(),
      restId: newRestId(),
      folderId: this.wellKnown(init.folder).id,
      raw: init.raw,
      content: init.content,
      internetMessageId: init.internetMessageId,
      inReplyTo: init.inReplyTo,
      references: init.references,
      conversationId: parent?.conversationId ?? newConversationId(),
      conversationIndex: parent ? Buffer.concat([parent.conversationIndex, randomBytes(5)]) : randomBytes(22),
      categories: init.categories ?? [],
      isRead: init.isRead,
      isDraft: init.isDraft,
      flagStatus: "notFlagged",
      createdAt: now,
      modifiedAt: now,
      receivedAt: init.receivedAt,
      sentAt: init.sentAt,
      changeKey: newChangeKey(),
      sequence: this.created++,
    };
  }

  /** After an in-place change: a new change key, a new modified time, an `updated` change. */
  touch(message: StoredMessage): void {
    message.changeKey = newChangeKey();
    message.modifiedAt = this.now();
    this.record("updated", message);
  }

  /** Moves to another folder; the regular id changes, the immutable one stays. */
  move(message: StoredMessage, folderId: string): void {
    if (message.folderId === folderId) return;
    this.record("deleted", message);
    message.folderId = folderId;
    message.restId = newRestId();
    message.changeKey = newChangeKey();
    message.modifiedAt = this.now();
    this.record("created", message);
  }

  /** A hard delete as `DELETE /messages/{id}` does (the item goes to Recoverable Items, out of sight). */
  remove(message: StoredMessage): void {
    this.messages.delete(message.immutableId);
    this.record("deleted", message);
  }

  /** Changes to one folder after `watermark`, in order. */
  changesSince(folderId: string, watermark: number): Change[] {
    return this.changes.filter((change) => change.seq > watermark && change.folderId === folderId);
  }

  /** Drops every delta and skip token of this mailbox: the next use answers 410. */
  expireSyncStates(): void {
    this.syncStates.clear();
  }

  saveSyncState(state: DeltaState): string {
    const token = randomToken(30);
    this.syncStates.set(token, state);
    return token;
  }

  private parentOf(inReplyTo: string | undefined, references: string[]): StoredMessage | undefined {
    const wanted = [inReplyTo, ...[...references].reverse()].filter((id): id is string => Boolean(id));
    for (const id of wanted) {
      for (const message of this.messages.values()) if (message.internetMessageId === id) return message;
    }
    return undefined;
  }

  private record(kind: ChangeKind, message: StoredMessage): void {
    this.seq += 1;
    this.changes.push({
      seq: this.seq,
      folderId: message.folderId,
      kind,
      immutableId: message.immutableId,
      restId: message.restId,
    });
  }
}
