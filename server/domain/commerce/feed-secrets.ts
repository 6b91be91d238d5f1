import { randomBytes } from "node:crypto";
import type { feeds } from "../../../db/schema/index.ts";
import type { SecretBox } from "../../secrets.ts";

/** A new webhook secret: 32 random bytes, as the sender pastes it into their system. */
export function newFeedSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

/** The secrets a delivery may be signed with now: the current one, and the previous one during its grace period. */
export function feedSecrets(
  secrets: SecretBox,
  feed: Pick<
    typeof feeds.$inferSelect,
    "id" | "secretSealed" | "previousSecretSealed" | "previousSecretUntil"
  >,
  now: Date,
): string[] {
  const open = [secrets.open(feed.secretSealed, feed.id)];
  if (feed.previousSecretSealed && feed.previousSecretUntil && feed.previousSecretUntil > now)
    open.push(secrets.open(feed.previousSecretSealed, feed.id));
  return open;
}

/** How long a rotated-out secret still verifies, so the sender can switch over (Shopify: an hour). */
export const secretGraceMs = 60 * 60_000;
