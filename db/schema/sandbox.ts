import { bigserial, index, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { bytea, createdAt } from "./columns.ts";
import { mailboxes } from "./mailboxes.ts";

/**
 * The sandbox mailbox's own store, standing where Gmail's or Graph's servers stand for a real mailbox:
 * mail "delivered" to it and mail Mailroom "sent" through it. The sequence is its sync cursor.
 */
export const sandboxMail = pgTable(
  "sandbox_mail",
  {
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    mailboxId: uuid("mailbox_id")
      .notNull()
      .references(() => mailboxes.id, { onDelete: "cascade" }),
    folder: text("folder", { enum: ["inbox", "sent"] }).notNull(),
    providerMessageId: text("provider_message_id").notNull(),
    threadId: text("thread_id").notNull(),
    rfcMessageId: text("rfc_message_id"),
    raw: bytea("raw").notNull(),
    labels: jsonb("labels").$type<string[]>().notNull().default([]),
    createdAt: createdAt(),
  },
  (t) => [
    index("sandbox_mail_mailbox_seq_idx").on(t.mailboxId, t.folder, t.seq),
    index("sandbox_mail_rfc_id_idx").on(t.mailboxId, t.rfcMessageId),
    index("sandbox_mail_provider_id_idx").on(t.mailboxId, t.providerMessageId),
  ],
);
