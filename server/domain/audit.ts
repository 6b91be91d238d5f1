import type { Executor } from "../../db/client.ts";
import { auditEvents } from "../../db/schema/index.ts";

export type Actor = { type: "system"; name: string } | { type: "user"; id: string };

export interface AuditEvent {
  actor: Actor;
  action: string;
  subjectType: string;
  subjectId: string;
  reason?: string | null;
  data?: Record<string, unknown>;
  /** When it happened; the database's clock when absent. Verbs that read the audit log back pass ctx.clock(). */
  at?: Date;
}

/** Invariant 5: every automatic and human action is recorded — who or what, when, why. */
export async function recordAudit(db: Executor, events: AuditEvent | AuditEvent[]): Promise<void> {
  const list = Array.isArray(events) ? events : [events];
  if (list.length === 0) return;
  await db.insert(auditEvents).values(
    list.map((event) => ({
      actorType: event.actor.type,
      actor: event.actor.type === "system" ? event.actor.name : event.actor.id,
      action: event.action,
      subjectType: event.subjectType,
      subjectId: event.subjectId,
      reason: event.reason ?? null,
      data: event.data ?? {},
      ...(event.at ? { createdAt: event.at } : {}),
    })),
  );
}
