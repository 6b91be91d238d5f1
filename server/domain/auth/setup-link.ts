import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { users } from "../../../db/schema/index.ts";
import type { AppContext } from "../../context.ts";
import { type IssuedInvitation, inviteUser } from "./invite-user.ts";

/**
 * First start of a real deployment: nobody can sign in yet, so an admin invitation for
 * MAILROOM_ADMIN_EMAIL is issued and its link printed. Every start issues a fresh one (revoking the
 * last) until an admin has set a password, so a lost or expired link is never a dead end.
 */
export async function issueSetupLinkIfNoAdmin(ctx: AppContext): Promise<IssuedInvitation | null> {
  const [admin] = await ctx.db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, "admin"), isNull(users.deactivatedAt), isNotNull(users.passwordHash)))
    .limit(1);
  if (admin) return null;
  return inviteUser(
    { ctx, actor: { type: "system", name: "setup" } },
    { email: ctx.config.auth.adminEmail, role: "admin" },
  );
}
