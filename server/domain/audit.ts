import type { Executor } from "../../db/client.ts";
import { auditEvents } from "../../db/schema/index.ts";

export type Actor = { type: "system"; name: string } | { type: "user"; id: string };

/** Invariant 5: every automatic and human action is recorded — who or what, when, why. */
export async function recordAudit(
  db: Executor,
  event: {
    actor: Actor;
    action: string;
    subjectType: string;
    subjectId: string;
    reason?: string | null;
    data?: Record<string, unknown>;
  },
): Promise<void> {
  await db.insert(auditEvents).values({
    actorType: event.actor.type,
    actor: event.actor.type === "system" ? event.actor.name : event.actor.id,
    action: event.action,
    subjectType: event.subjectType,
    subjectId: event.subjectId,
    reason: event.reason ?? null,
    data: event.data ?? {},
  });
}
