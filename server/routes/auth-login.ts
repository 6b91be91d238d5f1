import type { Hono } from "hono";
import type { SessionView } from "../api/types.ts";
import { signIn, signInInput } from "../domain/auth/sign-in.ts";
import { allow, requestClient, setSessionCookie } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";
import { validate } from "../http/validate.ts";

/**
 * Sign in with email and password: sets the session cookie and returns the CSRF token. JSON only, so
 * another site cannot post a form here to sign a browser into its own account.
 */
export function registerAuthLogin(app: Hono<AppEnv>) {
  app.post("/api/auth/login", allow.public(), validate("json", signInInput), async (c) => {
    const { user, session } = await signIn(c.var.ctx, c.req.valid("json"), requestClient(c));
    setSessionCookie(c, session);
    const response: SessionView = { user, csrfToken: session.csrfToken };
    return c.json(response);
  });
}
