import { and, asc, desc, eq, gt, isNull, max } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { invitations, sessions, users } from "../../db/schema/index.ts";
import type { InvitationView, UserListResponse } from "../api/types.ts";
import { hashToken } from "../domain/auth/secrets.ts";

export async function listUsers(db: Executor, now: Date): Promise<UserListResponse> {
  const lastSeen = db
    .select({ userId: sessions.userId, at: max(sessions.lastSeenAt).as("last_seen") })
    .from(sessions)
    .groupBy(sessions.userId)
    .as("last_seen");
  const rows = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      deactivatedAt: users.deactivatedAt,
      createdAt: users.createdAt,
      lastSeenAt: lastSeen.at,
    })
    .from(users)
    .leftJoin(lastSeen, eq(lastSeen.userId, users.id))
    .orderBy(asc(users.email));
  const pending = await db
    .select()
    .from(invitations)
    .where(and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now)))
    .orderBy(desc(invitations.createdAt));
  return {
    users: rows.map((u) => ({
      id: u.id,
      email: u.email,
      name: u.name,
      role: u.role,
      active: u.deactivatedAt === null,
      createdAt: u.createdAt.toISOString(),
      lastSeenAt: u.lastSeenAt ? new Date(u.lastSeenAt).toISOString() : null,
    })),
    invitations: pending.map((i) => ({
      id: i.id,
      email: i.email,
      role: i.role,
      expiresAt: i.expiresAt.toISOString(),
      createdAt: i.createdAt.toISOString(),
    })),
  };
}

/** A usable invitation by the token in its link; null when used, replaced or expired. */
export async function getOpenInvitation(
  db: Executor,
  token: string,
  now: Date,
): Promise<InvitationView | null> {
  const [row] = await db
    .select()
    .from(invitations)
    .where(
      and(
        eq(invitations.tokenHash, hashToken(token)),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, now),
      ),
    );
  return row
    ? { id: row.id, email: row.email, role: row.role, expiresAt: row.expiresAt.toISOString() }
    : null;
}
