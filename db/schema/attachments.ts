import { boolean, index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { bytea, createdAt, id } from "./columns.ts";
import { messages } from "./conversations.ts";

/**
 * An attachment's bytes, stored once by their SHA-256 however many messages carry them (the same
 * invoice PDF in every reply of a thread, a signature logo in every mail).
 */
export const attachmentContents = pgTable("attachment_contents", {
  /** Lower-case hex SHA-256 of the decoded content. */
  sha256: text("sha256").primaryKey(),
  size: integer("size").notNull(),
  content: bytea("content").notNull(),
  createdAt: createdAt(),
});

/** Why an attachment's content was not stored; its metadata always is. */
export const attachmentOmissions = ["too_large"] as const;
export type AttachmentOmission = (typeof attachmentOmissions)[number];

/** One attachment of one message, in the order the MIME lists them. */
export const messageAttachments = pgTable(
  "message_attachments",
  {
    id: id(),
    messageId: uuid("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    /** As the sender named it (decoded, untrusted); null when the part named none. */
    filename: text("filename"),
    /** As the sender declared it (untrusted). */
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    /** Content-ID with angle brackets, for parts the HTML shows as `cid:`. */
    contentId: text("content_id"),
    inline: boolean("inline").notNull().default(false),
    /** Null when the content was omitted (then `omitted` says why). */
    sha256: text("sha256").references(() => attachmentContents.sha256),
    omitted: text("omitted", { enum: attachmentOmissions }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("message_attachments_message_position_uq").on(t.messageId, t.position),
    index("message_attachments_sha256_idx").on(t.sha256),
  ],
);
