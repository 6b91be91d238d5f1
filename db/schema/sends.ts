import { index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { at, id, timestamps } from "./columns.ts";
import { conversations } from "./conversations.ts";
import { mailboxes } from "./mailboxes.ts";
import { drafts } from "./triage.ts";

/**
 * pending: written before the provider call (invariant 2); sent: confirmed by the provider;
 * failed: permanently failed, with the error. A pending row that outlives its job is re-driven.
 */
export const sendStatuses = ["pending", "sent", "failed"] as const;
export type SendStatus = (typeof sendStatuses)[number];

/** The outbox: one row per message Mailroom means to send. */
export const sends = pgTable(
  "sends",
  {
    id: id(),
    /** Invariant 2: a customer never gets the same reply twice. */
    idempotencyKey: text("idempotency_key").notNull(),
    mailboxId: uuid("mailbox_id")
      .notNull()
      .references(() => mailboxes.id, { onDelete: "cascade" }),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    draftId: uuid("draft_id").references(() => drafts.id, { onDelete: "set null" }),
    /** forward: the customer's message passed on to an address a person named (the warehouse, say). */
    kind: text("kind", { enum: ["auto_reply", "human_reply", "forward", "transactional"] }).notNull(),
    status: text("status", { enum: sendStatuses }).notNull().default("pending"),
    /** The RFC 5322 Message-ID we put on the message, so a retry can ask the provider whether it went. */
    rfcMessageId: text("rfc_message_id").notNull(),
    providerMessageId: text("provider_message_id"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    sentAt: at("sent_at"),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("sends_idempotency_key_uq").on(t.idempotencyKey),
    index("sends_status_idx").on(t.status),
    index("sends_rfc_message_id_idx").on(t.rfcMessageId),
  ],
);
