import { pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { id, timestamps } from "./columns.ts";

export const userRoles = ["agent", "manager", "logistics", "admin"] as const;
export type UserRole = (typeof userRoles)[number];

export const users = pgTable(
  "users",
  {
    id: id(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: text("role", { enum: userRoles }).notNull(),
    passwordHash: text("password_hash"),
    ...timestamps(),
  },
  (t) => [uniqueIndex("users_email_uq").on(t.email)],
);
