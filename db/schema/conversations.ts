import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { at, bytea, createdAt, id, timestamps } from "./columns.ts";
import { customers } from "./commerce.ts";
import { mailboxes } from "./mailboxes.ts";

export const conversationStatuses = ["open", "waiting_review", "answered", "closed", "ignored"] as const;
export type ConversationStatus = (typeof conversationStatuses)[number];

/** A thread with one customer in one mailbox. */
export const conversations = pgTable(
  "conversations",
  {
    id: id(),
    mailboxId: uuid("mailbox_id")
      .notNull()
      .references(() => mailboxes.id, { onDelete: "cascade" }),
    customerId: uuid("customer_id").references(() => customers.id, { onDelete: "set null" }),
    /** The provider's own thread id (Gmail threadId, Graph conversationId, sandbox thread). */
    providerThreadId: text("provider_thread_id"),
    subject: text("subject").notNull().default(""),
    customerEmail: text("customer_email").notNull(),
    status: text("status", { enum: conversationStatuses }).notNull().default("open"),
    lastMessageAt: at("last_message_at").notNull().defaultNow(),
    ...timestamps(),
  },
  (t) => [
    index("conversations_mailbox_thread_idx").on(t.mailboxId, t.providerThreadId),
    index("conversations_customer_email_idx").on(t.customerEmail),
  ],
);

export const messageDirections = ["inbound", "outbound"] as const;
export type MessageDirection = (typeof messageDirections)[number];

/**
 * inbound: received → triaged (or rejected when the MIME could not be parsed; the raw is kept).
 * outbound: written when a send is confirmed by the provider.
 */
export const messageStatuses = ["received", "triaged", "rejected", "sent"] as const;
export type MessageStatus = (typeof messageStatuses)[number];

export const messages = pgTable(
  "messages",
  {
    id: id(),
    mailboxId: uuid("mailbox_id")
      .notNull()
      .references(() => mailboxes.id, { onDelete: "cascade" }),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    direction: text("direction", { enum: messageDirections }).notNull(),
    status: text("status", { enum: messageStatuses }).notNull(),
    /** Invariant 1: a provider message is stored once, however often it is synced or pushed. */
    providerMessageId: text("provider_message_id").notNull(),
    /** RFC 5322 §3.6.4 threading headers. */
    rfcMessageId: text("rfc_message_id"),
    inReplyTo: text("in_reply_to"),
    references: text("references").array().notNull().default(sql`'{}'::text[]`),
    fromAddress: text("from_address").notNull(),
    fromName: text("from_name"),
    toAddresses: text("to_addresses").array().notNull().default(sql`'{}'::text[]`),
    ccAddresses: text("cc_addresses").array().notNull().default(sql`'{}'::text[]`),
    /** Outbound only: blind copies we sent (never in a received message's headers). */
    bccAddresses: text("bcc_addresses").array().notNull().default(sql`'{}'::text[]`),
    subject: text("subject").notNull().default(""),
    textBody: text("text_body").notNull().default(""),
    htmlBody: text("html_body"),
    /** Headers the screen needs (lower-cased names), kept so decisions can be re-run. */
    headers: jsonb("headers").$type<Record<string, string>>().notNull().default({}),
    /** The message exactly as the provider gave it: nothing is lost even when parsing fails. */
    raw: bytea("raw"),
    parseError: text("parse_error"),
    sentAt: at("sent_at"),
    receivedAt: at("received_at").notNull().defaultNow(),
    sizeBytes: integer("size_bytes").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("messages_mailbox_provider_id_uq").on(t.mailboxId, t.providerMessageId),
    index("messages_conversation_idx").on(t.conversationId, t.receivedAt),
    index("messages_rfc_id_idx").on(t.mailboxId, t.rfcMessageId),
    index("messages_status_idx").on(t.status),
  ],
);
