import type { Hono } from "hono";
import { z } from "zod";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";
import { validate } from "../http/validate.ts";
import { decodeCursor, listAuditEvents } from "../queries/audit.ts";

const query = z.object({
  actor: z.string().trim().min(1).max(200).optional(),
  action: z.string().trim().min(1).max(100).optional(),
  subjectType: z.string().trim().min(1).max(100).optional(),
  subjectId: z.string().trim().min(1).max(400).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  before: z
    .string()
    .max(200)
    .refine((v) => decodeCursor(v) !== null, "not a cursor this API gave out")
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** The audit log, newest first, filtered by who, what, which subject and when; managers and admins. */
export function registerAuditList(app: Hono<AppEnv>) {
  app.get("/api/audit", allow("manager", "admin"), validate("query", query), async (c) => {
    const q = c.req.valid("query");
    return c.json(
      await listAuditEvents(c.var.ctx.db, {
        ...q,
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
      }),
    );
  });
}
