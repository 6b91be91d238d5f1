import { and, eq, isNull, ne } from "drizzle-orm";
import { z } from "zod";
import { userRoles, users } from "../../../db/schema/index.ts";
import { type AppContext, withTransaction } from "../../context.ts";
import { type Actor, recordAudit } from "../audit.ts";
import { ConflictError, InvalidInputError, NotFoundError } from "../errors.ts";
import { forgetSessions, revokeUserSessions } from "./sessions.ts";

export const updateUserInput = z.object({
  userId: z.uuid(),
  role: z.enum(userRoles).optional(),
  /** false deactivates (signs them out everywhere), true reactivates. */
  active: z.boolean().optional(),
});
export type UpdateUserInput = z.infer<typeof updateUserInput>;

/** An admin changes someone's role or (de)activates them. The last active admin cannot be removed. */
export async function updateUser({ ctx, actor }: { ctx: AppContext; actor: Actor }, input: UpdateUserInput) {
  const { userId, role, active } = updateUserInput.parse(input);
  if (role === undefined && active === undefined)
    throw new InvalidInputError("nothing to change: give a role or active");
  const now = ctx.clock();
  const updated = await withTransaction(ctx.db, async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
    if (!user) throw new NotFoundError(`user ${userId} not found`);
    const wasActive = user.deactivatedAt === null;
    const losesAdmin =
      user.role === "admin" && wasActive && ((role !== undefined && role !== "admin") || active === false);
    if (losesAdmin) {
      const others = await tx
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.role, "admin"), isNull(users.deactivatedAt), ne(users.id, userId)))
        .for("update");
      if (others.length === 0) throw new ConflictError("Mailroom needs at least one active admin");
    }
    const events = [];
    if (role !== undefined && role !== user.role) {
      events.push({ action: "user.role_changed", data: { from: user.role, to: role } });
    }
    if (active === false && wasActive) events.push({ action: "user.deactivated", data: {} });
    if (active === true && !wasActive) events.push({ action: "user.reactivated", data: {} });
    if (events.length === 0) return user;
    const [updated] = await tx
      .update(users)
      .set({
        ...(role !== undefined ? { role } : {}),
        ...(active !== undefined ? { deactivatedAt: active ? null : (user.deactivatedAt ?? now) } : {}),
      })
      .where(eq(users.id, userId))
      .returning();
    if (active === false) await revokeUserSessions(tx, userId, now);
    await recordAudit(
      tx,
      events.map((e) => ({
        actor,
        subjectType: "user",
        subjectId: userId,
        at: now,
        ...e,
        data: { email: user.email, ...e.data },
      })),
    );
    return updated ?? user;
  });
  // A new role or a deactivation applies to open sessions at once (in this process; see sessionCacheMs).
  forgetSessions(ctx);
  return updated;
}
