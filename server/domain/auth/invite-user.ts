import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { invitations, userRoles, users } from "../../../db/schema/index.ts";
import { type AppContext, withTransaction } from "../../context.ts";
import { type Actor, recordAudit } from "../audit.ts";
import { ConflictError } from "../errors.ts";
import { hashToken, newToken } from "./secrets.ts";

export const inviteUserInput = z.object({
  email: z
    .email()
    .max(320)
    .transform((e) => e.toLowerCase()),
  role: z.enum(userRoles),
});
export type InviteUserInput = z.input<typeof inviteUserInput>;

/** An invitation link stays usable for a week. */
export const invitationTtlMs = 7 * 24 * 60 * 60_000;

export interface IssuedInvitation {
  id: string;
  email: string;
  role: (typeof userRoles)[number];
  expiresAt: Date;
  /** The secret part of the link (`/invite/<token>`); shown once, stored only hashed. */
  token: string;
}

/**
 * Invite someone by link. One live link per email: issuing a new one revokes the older ones, so a link
 * sent to the wrong place is undone by sending another.
 */
export async function inviteUser(
  { ctx, actor }: { ctx: AppContext; actor: Actor },
  input: InviteUserInput,
): Promise<IssuedInvitation> {
  const { email, role } = inviteUserInput.parse(input);
  const now = ctx.clock();
  const token = newToken();
  const expiresAt = new Date(now.getTime() + invitationTtlMs);
  const id = await withTransaction(ctx.db, async (tx) => {
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
    if (existing) throw new ConflictError(`${email} already has an account; change its role instead`);
    await tx
      .update(invitations)
      .set({ revokedAt: now })
      .where(
        and(eq(invitations.email, email), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)),
      );
    const [row] = await tx
      .insert(invitations)
      .values({
        tokenHash: hashToken(token),
        email,
        role,
        invitedBy: actor.type === "user" ? actor.id : null,
        createdAt: now,
        expiresAt,
      })
      .returning({ id: invitations.id });
    const invitationId = (row as { id: string }).id;
    await recordAudit(tx, {
      actor,
      action: "user.invited",
      subjectType: "invitation",
      subjectId: invitationId,
      data: { email, role, expiresAt: expiresAt.toISOString() },
      at: now,
    });
    return invitationId;
  });
  return { id, email, role, expiresAt, token };
}
