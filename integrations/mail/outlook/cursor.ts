import { z } from "zod";

/**
 * Where an Outlook mailbox's inbox delta stands, stored by the sync job as an opaque string: the
 * `@odata.nextLink` of a round being paged, or the `@odata.deltaLink` a finished round ended with. Both are
 * absolute Graph URLs carrying the round's `$select` and `$filter` in their tokens.
 */
export const OutlookCursor = z.union([
  z.object({ v: z.literal(1), nextLink: z.url() }).strict(),
  z.object({ v: z.literal(1), deltaLink: z.url() }).strict(),
]);
export type OutlookCursor = z.infer<typeof OutlookCursor>;

export function encodeCursor(cursor: OutlookCursor): string {
  return JSON.stringify(OutlookCursor.parse(cursor));
}

/**
 * The link to follow, or null for a cursor this adapter did not write (corrupt, another provider's, or a link
 * to a host other than this mailbox's Graph): the caller starts a fresh round.
 */
export function decodeCursor(cursor: string, graphBaseUrl: string): string | null {
  try {
    const parsed = OutlookCursor.safeParse(JSON.parse(cursor));
    if (!parsed.success) return null;
    const link = "nextLink" in parsed.data ? parsed.data.nextLink : parsed.data.deltaLink;
    return new URL(link).origin === new URL(graphBaseUrl).origin ? link : null;
  } catch {
    return null;
  }
}
