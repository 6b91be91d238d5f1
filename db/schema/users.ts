import { pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { at, id, timestamps } from "./columns.ts";

export const userRoles = ["agent", "manager", "logistics", "admin"] as const;
export type UserRole = (typeof userRoles)[number];

export const users = pgTable(
  "users",
  {
    id: id(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: text("role", { enum: userRoles }).notNull(),
    /** argon2id (PHC string); null until the invitation is accepted. */
    passwordHash: text("password_hash"),
    /** A deactivated user cannot sign in and their sessions are revoked; the audit log keeps their name. */
    deactivatedAt: at("deactivated_at"),
    ...timestamps(),
  },
  (t) => [uniqueIndex("users_email_uq").on(t.email)],
);
