import { and, eq, isNull } from "drizzle-orm";
import { sessions } from "../../../db/schema/index.ts";
import type { AppContext } from "../../context.ts";
import { recordAudit } from "../audit.ts";
import { forgetSessions } from "./sessions.ts";

/** End one session: its cookie stops working at once, wherever it was copied to. */
export async function signOut(ctx: AppContext, input: { sessionId: string; userId: string }): Promise<void> {
  const now = ctx.clock();
  await ctx.db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.id, input.sessionId), isNull(sessions.revokedAt)));
  // After the revocation, so no request in between can remember the session again.
  forgetSessions(ctx);
  await recordAudit(ctx.db, {
    actor: { type: "user", id: input.userId },
    action: "auth.logout",
    subjectType: "user",
    subjectId: input.userId,
    data: { sessionId: input.sessionId },
    at: now,
  });
}
