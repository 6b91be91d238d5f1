import type { Hono } from "hono";
import { z } from "zod";
import type { UserListItem } from "../api/types.ts";
import { updateUser, updateUserInput } from "../domain/auth/update-user.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";
import { validate } from "../http/validate.ts";
import { requestActor } from "./actor.ts";

/** Change a person's role or (de)activate them. */
export function registerUsersUpdate(app: Hono<AppEnv>) {
  app.patch(
    "/api/users/:id",
    allow("admin"),
    validate("param", z.object({ id: z.uuid() })),
    validate("json", updateUserInput.omit({ userId: true })),
    async (c) => {
      const user = await updateUser(
        { ctx: c.var.ctx, actor: requestActor(c) },
        { ...c.req.valid("json"), userId: c.req.valid("param").id },
      );
      const response: Omit<UserListItem, "lastSeenAt"> = {
        id: user.id,
        email: user.email,
        name: user.name,
        role: user.role,
        active: user.deactivatedAt === null,
        createdAt: user.createdAt.toISOString(),
      };
      return c.json(response);
    },
  );
}
