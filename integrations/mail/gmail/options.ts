import { z } from "zod";

/**
 * An OAuth grant of the mailbox's own account, with the `gmail.modify` scope.
 */
const OAuthGrant = z.object({
  kind: z.literal("oauth"),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  refreshToken: z.string().min(1),
  /** Google's token endpoint unless set (tests: the emulator's). */
  tokenEndpoint: z.url().optional(),
  /** An access token kept from an earlier `onTokens`, so a fresh adapter does not refresh at once. */
  accessToken: z.object({ token: z.string().min(1), expiresAt: z.number().int() }).optional(),
});

/**
 * A Google Workspace service account with domain-wide delegation (the Workspace admin allows its client id
 * the `gmail.modify` scope): it signs a JWT naming the mailbox as `sub` and gets tokens for it, so shared
 * support addresses need no person's grant. Its JSON key's two fields that matter.
 */
const ServiceAccount = z.object({
  kind: z.literal("service_account"),
  clientEmail: z.email(),
  privateKey: z.string().includes("PRIVATE KEY"),
  /** Google's token endpoint unless set (tests: the emulator's). */
  tokenEndpoint: z.url().optional(),
});

/** What a Gmail mailbox is connected with, as the server stores it (encrypted, invariant 6) and hands it back. */
export const GmailCredentials = z.discriminatedUnion("kind", [OAuthGrant, ServiceAccount]);
export type GmailCredentials = z.infer<typeof GmailCredentials>;

export const GmailMailboxSettings = z.object({
  /** The mailbox's address; the API is called as the grant's owner (`me`). */
  address: z.email(),
  /** The API root (configuration: tests point it at the emulator). */
  rootUrl: z.url().default("https://gmail.googleapis.com/"),
  credentials: GmailCredentials,
  backfill: z.object({
    /** How far back the first sync lists the inbox. */
    days: z.number().int().positive(),
    /**
     * After Gmail dropped the history a cursor points into, the inbox is listed again from the cursor's
     * time (less a day), but never further back than this.
     */
    maxRecoveryDays: z.number().int().positive().default(30),
  }),
  /**
   * `messages.get` calls in flight at once. Gmail answers 429 "Too many concurrent requests for user" well
   * before the per-user quota (~50 gets/s) is spent.
   */
  fetchConcurrency: z.number().int().positive().max(50).default(5),
  /** Gmail's per-user quota (units per second) the adapter paces its calls to; 250 on Google. */
  quotaUnitsPerSecond: z.number().positive().default(250),
  /** Per HTTP request, the token refresh included. */
  timeoutMs: z.number().int().positive().default(30_000),
});
export type GmailMailboxSettings = z.input<typeof GmailMailboxSettings>;

/** A refreshed grant, for the caller to store encrypted. */
export interface GmailTokens {
  accessToken: string;
  /** Epoch milliseconds. */
  expiresAt: number | null;
  /** Set only when Google rotated the refresh token. */
  refreshToken: string | null;
}

export interface GmailMailboxOptions extends GmailMailboxSettings {
  /**
   * Called after every token refresh. A failure in it (thrown or rejected) is ignored so the API call that
   * refreshed still succeeds: report it from inside the callback.
   */
  onTokens?: (tokens: GmailTokens) => unknown;
  /** Stamps cursors (for re-listing after expired history) and the Date of replies. */
  clock?: () => Date;
}
