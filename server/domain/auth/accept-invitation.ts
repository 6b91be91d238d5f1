import { and, eq, gt, isNull } from "drizzle-orm";
import { z } from "zod";
import { invitations, users } from "../../../db/schema/index.ts";
import { type AppContext, withTransaction } from "../../context.ts";
import { recordAudit } from "../audit.ts";
import { ConflictError, NotFoundError } from "../errors.ts";
import { hashPassword, hashToken } from "./secrets.ts";
import { createSession, type NewSession, type SessionUser } from "./sessions.ts";

export const passwordSchema = z
  .string()
  .min(10, "use at least 10 characters")
  .max(256, "use at most 256 characters");

export const acceptInvitationInput = z.object({
  token: z.string().min(20).max(200),
  name: z.string().trim().min(1, "say who you are").max(200),
  password: passwordSchema,
});
export type AcceptInvitationInput = z.input<typeof acceptInvitationInput>;

/** The invitee sets a name and password: the account exists from now on, signed in. */
export async function acceptInvitation(
  ctx: AppContext,
  input: AcceptInvitationInput,
  client: { ip: string; userAgent?: string | null },
): Promise<{ user: SessionUser; session: NewSession }> {
  const { token, name, password } = acceptInvitationInput.parse(input);
  const passwordHash = await hashPassword(password);
  const now = ctx.clock();
  return withTransaction(ctx.db, async (tx) => {
    const [invitation] = await tx
      .select()
      .from(invitations)
      .where(
        and(
          eq(invitations.tokenHash, hashToken(token)),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
          gt(invitations.expiresAt, now),
        ),
      )
      .for("update");
    if (!invitation) {
      throw new NotFoundError("this invitation link is not valid: it was used, replaced, or has expired");
    }
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, invitation.email));
    if (existing) throw new ConflictError(`${invitation.email} already has an account`);
    const [user] = await tx
      .insert(users)
      .values({ email: invitation.email, name, role: invitation.role, passwordHash })
      .returning();
    if (!user) throw new Error("user insert returned nothing");
    await tx.update(invitations).set({ acceptedAt: now }).where(eq(invitations.id, invitation.id));
    await recordAudit(tx, {
      actor: { type: "user", id: user.id },
      action: "user.invitation_accepted",
      subjectType: "user",
      subjectId: user.id,
      data: { email: user.email, role: user.role, invitationId: invitation.id },
      at: now,
    });
    const session = await createSession(ctx, tx, {
      userId: user.id,
      ip: client.ip,
      userAgent: client.userAgent,
    });
    return { user: { id: user.id, email: user.email, name: user.name, role: user.role }, session };
  });
}
