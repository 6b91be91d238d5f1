import { integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { at, id, timestamps } from "./columns.ts";

export const mailboxProviders = ["sandbox", "gmail", "outlook"] as const;
export type MailboxProvider = (typeof mailboxProviders)[number];

export const mailboxStatuses = ["active", "paused", "needs_reconnect", "disconnected"] as const;
export type MailboxStatus = (typeof mailboxStatuses)[number];

export const mailboxes = pgTable(
  "mailboxes",
  {
    id: id(),
    provider: text("provider", { enum: mailboxProviders }).notNull(),
    address: text("address").notNull(),
    displayName: text("display_name").notNull(),
    status: text("status", { enum: mailboxStatuses }).notNull().default("active"),
    /** Encrypted provider credentials (AES-256-GCM `iv|tag|ciphertext`), never logged. */
    credentials: text("credentials"),
    settings: jsonb("settings").$type<Record<string, unknown>>().notNull().default({}),
    /** Appended to every reply sent from this mailbox: plain text, and HTML (sanitised when saved). */
    signatureText: text("signature_text"),
    signatureHtml: text("signature_html"),
    lastSyncAt: at("last_sync_at"),
    lastError: text("last_error"),
    /** The provider asked us to wait (Retry-After): no calls for this mailbox before then. */
    throttledUntil: at("throttled_until"),
    ...timestamps(),
  },
  (t) => [uniqueIndex("mailboxes_provider_address_uq").on(t.provider, t.address)],
);

/** Where each mailbox's incremental sync stands (Gmail historyId, Graph deltaLink, sandbox sequence). */
export const syncCursors = pgTable(
  "sync_cursors",
  {
    id: id(),
    mailboxId: uuid("mailbox_id")
      .notNull()
      .references(() => mailboxes.id, { onDelete: "cascade" }),
    kind: text("kind").notNull().default("inbox"),
    /** null until the first sync has listed the mailbox. */
    cursor: text("cursor"),
    /** One sync per mailbox at a time: the holder's lease, renewed per page, expires if it dies. */
    leaseId: uuid("lease_id"),
    leasedUntil: at("leased_until"),
    /** Syncs asked for so far; the lease holder looks again before letting go if this moved. */
    requests: integer("requests").notNull().default(0),
    ...timestamps(),
  },
  (t) => [uniqueIndex("sync_cursors_mailbox_kind_uq").on(t.mailboxId, t.kind)],
);
