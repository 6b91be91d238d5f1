import { index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, id } from "./columns.ts";
import { reviewItems } from "./triage.ts";
import { users } from "./users.ts";

/** An internal note on a review item: seen by the team, never sent to the customer. */
export const reviewNotes = pgTable(
  "review_notes",
  {
    id: id(),
    reviewItemId: uuid("review_item_id")
      .notNull()
      .references(() => reviewItems.id, { onDelete: "cascade" }),
    authorId: uuid("author_id").references(() => users.id, { onDelete: "set null" }),
    body: text("body").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("review_notes_item_idx").on(t.reviewItemId, t.createdAt)],
);
