import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, real, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, id, timestamps } from "./columns.ts";
import { conversations, messages } from "./conversations.ts";
import { users } from "./users.ts";

export const decisionActions = ["ignore", "auto_send", "review", "escalate"] as const;
export type DecisionAction = (typeof decisionActions)[number];

/** Why a decision was taken: the rule that fired and what it saw, in words a manager can read. */
export interface DecisionReason {
  rule: string;
  detail: string;
}

/** What the model and the extractors understood of one inbound message. */
export const triageResults = pgTable(
  "triage_results",
  {
    id: id(),
    messageId: uuid("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    engine: text("engine").notNull(),
    intent: text("intent").notNull(),
    confidence: real("confidence").notNull(),
    language: text("language").notNull(),
    sentiment: text("sentiment").notNull(),
    orderNumbers: text("order_numbers").array().notNull().default([]),
    trackingNumbers: text("tracking_numbers").array().notNull().default([]),
    /** Token usage and cost when a hosted model ran. */
    usage: jsonb("usage").$type<Record<string, number>>(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("triage_results_message_uq").on(t.messageId)],
);

export const decisions = pgTable(
  "decisions",
  {
    id: id(),
    messageId: uuid("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    action: text("action", { enum: decisionActions }).notNull(),
    reasons: jsonb("reasons").$type<DecisionReason[]>().notNull(),
    /** The exact facts the decision used (order, shipment, confidence, checks), so it can be explained later. */
    facts: jsonb("facts").$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("decisions_message_uq").on(t.messageId)],
);

export const draftStatuses = ["proposed", "approved", "rejected", "sent", "superseded"] as const;
export type DraftStatus = (typeof draftStatuses)[number];

export interface CheckResult {
  check: string;
  passed: boolean;
  detail: string;
}

export const drafts = pgTable(
  "drafts",
  {
    id: id(),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    /** The inbound message this draft answers. */
    replyToMessageId: uuid("reply_to_message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    status: text("status", { enum: draftStatuses }).notNull().default("proposed"),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    /** The body as generated, so edits by people can be compared later. */
    originalBody: text("original_body").notNull(),
    language: text("language").notNull(),
    checks: jsonb("checks").$type<CheckResult[]>().notNull().default([]),
    /** Empty: the reply goes to the customer. A forward names where it goes (the warehouse, say). */
    toAddresses: text("to_addresses").array().notNull().default(sql`'{}'::text[]`),
    /** Copies a person added in the reply editor. */
    ccAddresses: text("cc_addresses").array().notNull().default(sql`'{}'::text[]`),
    bccAddresses: text("bcc_addresses").array().notNull().default(sql`'{}'::text[]`),
    editedBy: uuid("edited_by").references(() => users.id, { onDelete: "set null" }),
    ...timestamps(),
  },
  (t) => [index("drafts_conversation_idx").on(t.conversationId)],
);

export const reviewStatuses = ["open", "approved", "rejected", "closed"] as const;
export type ReviewStatus = (typeof reviewStatuses)[number];

/** The queue's priority order (urgent first) as SQL; the list sorts by it and an index is built on it. */
export const reviewPriorityRank = sql`(case "priority" when 'urgent' then 0 when 'high' then 1 when 'normal' then 2 else 3 end)`;

/** A decision that needs a person: the review queue is the open rows of this table. */
export const reviewItems = pgTable(
  "review_items",
  {
    id: id(),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    messageId: uuid("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    decisionId: uuid("decision_id")
      .notNull()
      .references(() => decisions.id, { onDelete: "cascade" }),
    draftId: uuid("draft_id").references(() => drafts.id, { onDelete: "set null" }),
    status: text("status", { enum: reviewStatuses }).notNull().default("open"),
    kind: text("kind", { enum: ["review", "escalate"] }).notNull(),
    /** The first reason, for the list view. */
    summary: text("summary").notNull(),
    priority: text("priority", { enum: ["low", "normal", "high", "urgent"] })
      .notNull()
      .default("normal"),
    dueAt: at("due_at").notNull(),
    assigneeId: uuid("assignee_id").references(() => users.id, { onDelete: "set null" }),
    /** Hidden from the open queue until then; it comes back by itself. */
    snoozedUntil: at("snoozed_until"),
    resolvedAt: at("resolved_at"),
    resolvedBy: uuid("resolved_by").references(() => users.id, { onDelete: "set null" }),
    resolution: text("resolution"),
    /**
     * What the queue's search matches — customer email, subject, order numbers, one per line — written by a
     * database trigger on insert (migration 0007), so every writer fills it and a search reads one table.
     */
    searchText: text("search_text").notNull().default(""),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("review_items_message_uq").on(t.messageId),
    index("review_items_open_idx").on(t.status, t.dueAt),
    // The queue's order over open items only, so a page (or the page after a cursor) is an index range.
    index("review_items_queue_order_idx")
      .on(t.dueAt, reviewPriorityRank, t.id)
      .where(sql`${t.status} = 'open'`),
    // Substring search (ILIKE '%…%') through trigrams; pg_trgm is created by the migration. Without
    // fastupdate a new item goes straight into the index: a pending list is scanned whole by every search.
    index("review_items_search_idx")
      .using("gin", t.searchText.op("gin_trgm_ops"))
      .with({ fastupdate: false }),
    index("review_items_conversation_idx").on(t.conversationId, t.status),
    index("review_items_assignee_idx").on(t.assigneeId, t.status, t.dueAt),
    index("review_items_updated_idx").on(t.updatedAt),
  ],
);
