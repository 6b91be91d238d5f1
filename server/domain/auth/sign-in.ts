import { and, desc, eq, gt, sql } from "drizzle-orm";
import { z } from "zod";
import { auditEvents, users } from "../../../db/schema/index.ts";
import type { AppContext } from "../../context.ts";
import { recordAudit } from "../audit.ts";
import { AuthenticationError, RateLimitedError } from "../errors.ts";
import { verifyPassword } from "./secrets.ts";
import { createSession, type NewSession, type SessionUser } from "./sessions.ts";

export const signInInput = z.object({
  email: z
    .email()
    .max(320)
    .transform((e) => e.toLowerCase()),
  password: z.string().min(1).max(1024),
});
export type SignInInput = z.input<typeof signInInput>;

/** Five failed sign-ins for one email from one address within 15 minutes lock that pair until the oldest ages out. */
export const signInLimit = { failures: 5, windowMs: 15 * 60_000 };

/**
 * Check an email and password and open a session. Every attempt is in the audit log (subject
 * `login:<email>`), and the rate limit counts from there: the log is already written on every attempt,
 * is shared by every server process on both databases, and a success ends the run of failures.
 */
export async function signIn(
  ctx: AppContext,
  input: SignInInput,
  client: { ip: string; userAgent?: string | null },
): Promise<{ user: SessionUser; session: NewSession }> {
  const { email, password } = signInInput.parse(input);
  const now = ctx.clock();
  const retryAfter = await lockedFor(ctx, email, client.ip, now);
  if (retryAfter > 0) {
    await recordAudit(ctx.db, {
      actor: { type: "system", name: "anonymous" },
      action: "auth.login_throttled",
      subjectType: "login",
      subjectId: email,
      data: { ip: client.ip, retryAfterSeconds: retryAfter },
      at: now,
    });
    throw new RateLimitedError(
      `too many failed sign-ins for ${email}; try again in ${Math.ceil(retryAfter / 60)} minute(s)`,
      retryAfter,
    );
  }
  const [user] = await ctx.db.select().from(users).where(eq(users.email, email)).limit(1);
  const passwordOk = await verifyPassword(user?.passwordHash ?? null, password);
  const reason = !user
    ? "unknown_email"
    : !user.passwordHash
      ? "invitation_not_accepted"
      : !passwordOk
        ? "wrong_password"
        : user.deactivatedAt
          ? "deactivated"
          : null;
  if (!user || reason) {
    await recordAudit(ctx.db, {
      actor: { type: "system", name: "anonymous" },
      action: "auth.login_failed",
      subjectType: "login",
      subjectId: email,
      reason,
      data: { ip: client.ip },
      at: now,
    });
    throw new AuthenticationError("the email or password is wrong, or the account is not active");
  }
  const session = await createSession(ctx, ctx.db, {
    userId: user.id,
    ip: client.ip,
    userAgent: client.userAgent,
  });
  await recordAudit(ctx.db, {
    actor: { type: "user", id: user.id },
    action: "auth.login",
    subjectType: "login",
    subjectId: email,
    data: { ip: client.ip, sessionId: session.id },
    at: now,
  });
  return { user: { id: user.id, email: user.email, name: user.name, role: user.role }, session };
}

/** Seconds until this email may try again from this address; 0 when it may now. */
async function lockedFor(ctx: AppContext, email: string, ip: string, now: Date): Promise<number> {
  const since = new Date(now.getTime() - signInLimit.windowMs);
  const attempts = await ctx.db
    .select({ action: auditEvents.action, at: auditEvents.createdAt })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.subjectType, "login"),
        eq(auditEvents.subjectId, email),
        gt(auditEvents.createdAt, since),
        sql`${auditEvents.data}->>'ip' = ${ip}`,
      ),
    )
    .orderBy(desc(auditEvents.createdAt))
    .limit(signInLimit.failures * 4);
  const failures: Date[] = [];
  for (const attempt of attempts) {
    if (attempt.action === "auth.login_throttled") continue;
    if (attempt.action !== "auth.login_failed") break;
    failures.push(attempt.at);
  }
  if (failures.length < signInLimit.failures) return 0;
  const oldestCounted = failures[signInLimit.failures - 1] as Date;
  return Math.max(1, Math.ceil((oldestCounted.getTime() + signInLimit.windowMs - now.getTime()) / 1000));
}
