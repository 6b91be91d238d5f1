import { and, eq, gt, isNull } from "drizzle-orm";
import type { Executor } from "../../../db/client.ts";
import { sessions, type UserRole, users } from "../../../db/schema/index.ts";
import type { AppContext } from "../../context.ts";
import { hashToken, newToken } from "./secrets.ts";

const minute = 60_000;
/** A session ends after a day without use, and after a week whatever happens. */
export const sessionIdleMs = 24 * 60 * minute;
export const sessionMaxMs = 7 * 24 * 60 * minute;
/** lastSeenAt is written at most this often, so reads do not turn every request into a write. */
const touchEveryMs = 5 * minute;

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: UserRole;
}

export interface ActiveSession {
  id: string;
  csrfToken: string;
  expiresAt: Date;
  user: SessionUser;
}

export interface NewSession {
  /** Goes in the cookie; the database keeps only its hash. */
  token: string;
  csrfToken: string;
  expiresAt: Date;
  id: string;
}

export async function createSession(
  ctx: Pick<AppContext, "clock">,
  db: Executor,
  input: { userId: string; ip?: string | null; userAgent?: string | null },
): Promise<NewSession> {
  const now = ctx.clock();
  const token = newToken();
  const csrfToken = newToken();
  const expiresAt = new Date(now.getTime() + sessionMaxMs);
  const [row] = await db
    .insert(sessions)
    .values({
      tokenHash: hashToken(token),
      userId: input.userId,
      csrfToken,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
      ip: input.ip ?? null,
      userAgent: input.userAgent?.slice(0, 400) ?? null,
    })
    .returning({ id: sessions.id });
  return { token, csrfToken, expiresAt, id: (row as { id: string }).id };
}

/**
 * Every API request resolves its session; a busy server (the sandbox receiving hundreds of emails a
 * second) would spend a query and about a millisecond of CPU on each. Answers are remembered per process
 * for `sessionCacheMs`. In this process a sign-out, role change or deactivation forgets them at once
 * (`forgetSessions`); another server process notices within `sessionCacheMs`.
 */
export const sessionCacheMs = 5_000;
interface CachedSession {
  row: SessionRow;
  until: number;
}
type SessionRow = {
  id: string;
  csrfToken: string;
  expiresAt: Date;
  lastSeenAt: Date;
  userId: string;
  email: string;
  name: string;
  role: UserRole;
};
const sessionCaches = new WeakMap<object, Map<string, CachedSession>>();

/** Forget remembered sessions of this process (after a sign-out, role change or deactivation). */
export function forgetSessions(ctx: Pick<AppContext, "db">): void {
  sessionCaches.get(ctx)?.clear();
}

/**
 * The session a cookie token stands for, or null when it is unknown, revoked, past its absolute or
 * idle expiry, or its user was deactivated.
 */
export async function resolveSession(ctx: AppContext, token: string): Promise<ActiveSession | null> {
  const now = ctx.clock();
  const tokenHash = hashToken(token);
  let cache = sessionCaches.get(ctx);
  if (!cache) {
    cache = new Map();
    sessionCaches.set(ctx, cache);
  }
  const hit = cache.get(tokenHash);
  // A remembered answer serves only while it is fresh and the session needs no touch; expiry and the
  // idle touch always go through the database.
  if (
    hit &&
    hit.until > Date.now() &&
    hit.row.expiresAt > now &&
    now.getTime() - hit.row.lastSeenAt.getTime() <= touchEveryMs
  )
    return activeSession(hit.row);
  cache.delete(tokenHash);
  const [row] = await ctx.db
    .select({
      id: sessions.id,
      csrfToken: sessions.csrfToken,
      expiresAt: sessions.expiresAt,
      lastSeenAt: sessions.lastSeenAt,
      userId: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.tokenHash, tokenHash),
        isNull(sessions.revokedAt),
        isNull(users.deactivatedAt),
        gt(sessions.expiresAt, now),
      ),
    )
    .limit(1);
  if (!row) return null;
  const idle = now.getTime() - row.lastSeenAt.getTime();
  if (idle > sessionIdleMs) return null;
  if (idle > touchEveryMs) {
    await ctx.db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, row.id));
    row.lastSeenAt = now;
  }
  // Bounded: a flood of distinct tokens must not grow it without end.
  if (cache.size >= 10_000) cache.clear();
  cache.set(tokenHash, { row, until: Date.now() + sessionCacheMs });
  return activeSession(row);
}

function activeSession(row: SessionRow): ActiveSession {
  return {
    id: row.id,
    csrfToken: row.csrfToken,
    expiresAt: row.expiresAt,
    user: { id: row.userId, email: row.email, name: row.name, role: row.role },
  };
}

export async function revokeUserSessions(db: Executor, userId: string, at: Date): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: at })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
}
