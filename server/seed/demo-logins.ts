import { createHmac } from "node:crypto";
import { eq } from "drizzle-orm";
import { type UserRole, userRoles, users } from "../../db/schema/index.ts";
import type { AppContext } from "../context.ts";
import { recordAudit } from "../domain/audit.ts";
import { hashPassword, verifyPassword } from "../domain/auth/secrets.ts";

export interface DemoLogin {
  role: UserRole;
  email: string;
  password: string;
}

/**
 * Demo mode: one account per role, so each view can be tried. Passwords are derived from this
 * install's secret key — stable across restarts, printable at every start, different on every machine.
 */
export async function ensureDemoLogins(ctx: AppContext): Promise<DemoLogin[]> {
  const domain = ctx.config.store.supportAddress.split("@")[1] ?? "mailroom.example";
  const logins: DemoLogin[] = [];
  for (const role of userRoles) {
    const email = `${role}@${domain}`;
    const password = createHmac("sha256", ctx.config.secretKey)
      .update(`demo-login:${role}`)
      .digest("base64url")
      .slice(0, 16);
    const [user] = await ctx.db.select().from(users).where(eq(users.email, email)).limit(1);
    if (!user) {
      const [created] = await ctx.db
        .insert(users)
        .values({ email, name: `Demo ${role}`, role, passwordHash: await hashPassword(password) })
        .returning({ id: users.id });
      await recordAudit(ctx.db, {
        actor: { type: "system", name: "seed" },
        action: "user.demo_created",
        subjectType: "user",
        subjectId: (created as { id: string }).id,
        data: { email, role },
      });
    } else if (!(await verifyPassword(user.passwordHash, password))) {
      // The secret key changed since the account was made: keep the printed password true.
      await ctx.db
        .update(users)
        .set({ passwordHash: await hashPassword(password) })
        .where(eq(users.id, user.id));
    }
    if (!user?.deactivatedAt) logins.push({ role: user?.role ?? role, email, password });
  }
  return logins;
}
