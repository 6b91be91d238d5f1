import { index, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, id } from "./columns.ts";

/** Invariant 5: every automatic and human action — who or what, when, why. */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: id(),
    actorType: text("actor_type", { enum: ["system", "user"] }).notNull(),
    /** A user id, or the system component ("triage", "send-worker"). */
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    subjectType: text("subject_type").notNull(),
    subjectId: text("subject_id").notNull(),
    reason: text("reason"),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    index("audit_subject_idx").on(t.subjectType, t.subjectId),
    index("audit_created_idx").on(t.createdAt),
    // The audit page filters by who and by what.
    index("audit_actor_idx").on(t.actor, t.createdAt),
    index("audit_action_idx").on(t.action, t.createdAt),
  ],
);
