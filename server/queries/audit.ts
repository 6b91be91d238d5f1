import { and, desc, eq, gte, lt, lte, or, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { auditEvents, users } from "../../db/schema/index.ts";
import type { AuditListResponse } from "../api/types.ts";

export interface AuditFilter {
  /** A user id or a system component's name ("triage", "send-worker"). */
  actor?: string | undefined;
  /** Exact ("review.approved") or a prefix ending in a dot ("auth."). */
  action?: string | undefined;
  subjectType?: string | undefined;
  subjectId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** The previous page's nextCursor. */
  before?: string | undefined;
  limit: number;
}

/** Newest first, paged by (created_at, id) so pages stay stable while events keep arriving. */
export async function listAuditEvents(db: Executor, filter: AuditFilter): Promise<AuditListResponse> {
  const where: SQL[] = [];
  if (filter.actor) where.push(eq(auditEvents.actor, filter.actor));
  if (filter.action) {
    where.push(
      filter.action.endsWith(".")
        ? sql`starts_with(${auditEvents.action}, ${filter.action})`
        : eq(auditEvents.action, filter.action),
    );
  }
  if (filter.subjectType) where.push(eq(auditEvents.subjectType, filter.subjectType));
  if (filter.subjectId) where.push(eq(auditEvents.subjectId, filter.subjectId));
  if (filter.from) where.push(gte(auditEvents.createdAt, filter.from));
  if (filter.to) where.push(lte(auditEvents.createdAt, filter.to));
  const cursor = filter.before ? decodeCursor(filter.before) : null;
  if (cursor) {
    where.push(
      or(
        sql`${auditEvents.createdAt} < ${cursor.at}::timestamptz`,
        and(sql`${auditEvents.createdAt} = ${cursor.at}::timestamptz`, lt(auditEvents.id, cursor.id)),
      ) as SQL,
    );
  }
  const rows = await db
    .select({
      event: auditEvents,
      name: users.name,
      email: users.email,
      // Microseconds: a Date would round them off and a page boundary could skip events.
      exactAt: sql<string>`to_char(${auditEvents.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    })
    .from(auditEvents)
    .leftJoin(users, and(eq(auditEvents.actorType, "user"), sql`${users.id}::text = ${auditEvents.actor}`))
    .where(and(...where))
    .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
    .limit(filter.limit + 1);
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    events: page.map(({ event, name, email }) => ({
      id: event.id,
      at: event.createdAt.toISOString(),
      actorType: event.actorType,
      actor: event.actor,
      actorName: name,
      actorEmail: email,
      action: event.action,
      subjectType: event.subjectType,
      subjectId: event.subjectId,
      reason: event.reason,
      data: event.data,
    })),
    nextCursor: rows.length > filter.limit && last ? encodeCursor(last.exactAt, last.event.id) : null,
  };
}

function encodeCursor(at: string, id: string): string {
  return Buffer.from(`${at}|${id}`).toString("base64url");
}

/** A cursor that does not decode is a 400 at the route (its schema calls this). */
export function decodeCursor(cursor: string): { at: string; id: string } | null {
  const [at, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  if (!at || !id || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(at) || !/^[0-9a-f-]{36}$/.test(id))
    return null;
  return { at, id };
}
