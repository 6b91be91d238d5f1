import { randomBytes } from "node:crypto";
import type { feeds } from "../../../db/schema/index.ts";
import type { SecretBox } from "../../secrets.ts";

/** A new webhook secret: 32 random bytes, as the sender pastes it into their system. */
export function newFeedSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

/** A feed's secrets, opened: the current one, and the rotated-out one with the end of its grace period. */
export interface OpenedFeedSecrets {
  current: string;
  previous: { secret: string; until: Date } | null;
}

export function openFeedSecrets(
  secrets: SecretBox,
  feed: Pick<
    typeof feeds.$inferSelect,
    "id" | "secretSealed" | "previousSecretSealed" | "previousSecretUntil"
  >,
): OpenedFeedSecrets {
  const previous =
    feed.previousSecretSealed && feed.previousSecretUntil
      ? { secret: secrets.open(feed.previousSecretSealed, feed.id), until: feed.previousSecretUntil }
      : null;
  return { current: secrets.open(feed.secretSealed, feed.id), previous };
}

/** The secrets a delivery may be signed with now: the current one, and the previous one during its grace period. */
export function usableFeedSecrets(opened: OpenedFeedSecrets, now: Date): string[] {
  return opened.previous && opened.previous.until > now
    ? [opened.current, opened.previous.secret]
    : [opened.current];
}

/** How long a rotated-out secret still verifies, so the sender can switch over (Shopify: an hour). */
export const secretGraceMs = 60 * 60_000;
