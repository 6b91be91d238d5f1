import { z } from "zod";

/**
 * Where a Gmail mailbox's sync stands, stored by the sync job as an opaque string. `historyId` is always the
 * point incremental sync resumes from; `at` is when we learned it (our clock), so a re-list after Gmail
 * dropped that history can start there instead of re-reading the whole backfill window.
 * While a listing (backfill or re-list) is being paged, `listing` holds its query and next page; while
 * history is being paged, `pageToken` holds the next history page.
 */
export const GmailCursor = z.object({
  v: z.literal(1),
  historyId: z.string().regex(/^\d+$/),
  at: z.number().int(),
  pageToken: z.string().min(1).optional(),
  listing: z.object({ q: z.string().min(1), pageToken: z.string().min(1) }).optional(),
});
export type GmailCursor = z.infer<typeof GmailCursor>;

export function encodeCursor(cursor: GmailCursor): string {
  return JSON.stringify(GmailCursor.parse(cursor));
}

/** Null for a cursor this adapter did not write (corrupt, or another provider's): the caller lists afresh. */
export function decodeCursor(cursor: string): GmailCursor | null {
  try {
    const parsed = GmailCursor.safeParse(JSON.parse(cursor));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
