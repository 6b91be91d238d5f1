import { pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { at, id, timestamps } from "./columns.ts";
import { mailboxes } from "./mailboxes.ts";

/**
 * How a provider tells us a mailbox changed: a Gmail `users.watch` on a Pub/Sub topic, or a Graph
 * change-notification subscription. One per mailbox; renewed before `expiresAt`, and a periodic poll
 * covers whatever a lost notification would have said.
 */
export const mailPushChannels = pgTable(
  "mail_push_channels",
  {
    id: id(),
    mailboxId: uuid("mailbox_id")
      .notNull()
      .references(() => mailboxes.id, { onDelete: "cascade" }),
    /** Graph: the subscription id. Gmail: the topic watched. */
    externalId: text("external_id").notNull(),
    /** Graph's `clientState`, sealed under the channel's mailbox id (invariant 6); null for Gmail. */
    clientState: text("client_state"),
    expiresAt: at("expires_at").notNull(),
    lastNotificationAt: at("last_notification_at"),
    lastError: text("last_error"),
    ...timestamps(),
  },
  (t) => [uniqueIndex("mail_push_channels_mailbox_uq").on(t.mailboxId)],
);
