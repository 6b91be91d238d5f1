import { z } from "zod";
import type { GraphMiddleware, MsalNetwork } from "./client.ts";

/** Each national cloud has its own Graph and login hosts (PROVIDERS.md, Microsoft Graph). */
export const nationalClouds = {
  global: { graph: "https://graph.microsoft.com", login: "https://login.microsoftonline.com" },
  usgov: { graph: "https://graph.microsoft.us", login: "https://login.microsoftonline.us" },
  china: { graph: "https://microsoftgraph.chinacloudapi.cn", login: "https://login.chinacloudapi.cn" },
} as const;
export type NationalCloud = keyof typeof nationalClouds;

const AppRegistration = {
  tenantId: z.string().min(1),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
};

/**
 * What a Microsoft 365 mailbox is connected with, as the server stores it (encrypted, invariant 6).
 * `app`: client credentials (application `Mail.ReadWrite` + `Mail.Send`, scoped with Exchange RBAC for
 * Applications) — the only way to subscribe to a shared mailbox. `delegated`: the mailbox owner's grant.
 */
export const OutlookCredentials = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("app"), ...AppRegistration }),
  z.object({
    kind: z.literal("delegated"),
    ...AppRegistration,
    refreshToken: z.string().min(1),
    /** An access token kept from an earlier `onTokens`, so a fresh adapter does not refresh at once. */
    accessToken: z.object({ token: z.string().min(1), expiresAt: z.number().int() }).optional(),
  }),
]);
export type OutlookCredentials = z.infer<typeof OutlookCredentials>;

export const OutlookMailboxSettings = z.object({
  /** The mailbox's address; every call names it (`/users/{address}`), shared mailboxes included. */
  address: z.email(),
  cloud: z.enum(["global", "usgov", "china"]).default("global"),
  /** The cloud's Graph host unless set. A host that is not a Graph cloud's must be HTTPS (the SDK's rule). */
  graphBaseUrl: z.url({ protocol: /^https$/ }).optional(),
  /** The cloud's login host unless set (MSAL accepts HTTPS authorities only). */
  authority: z.url({ protocol: /^https$/ }).optional(),
  credentials: OutlookCredentials,
  backfill: z.object({
    /** How far back the first delta round (and a restart after 410) reaches, by `receivedDateTime`. */
    days: z.number().int().positive(),
  }),
  /** Requests in flight at once; Graph allows 4 concurrent requests per app per mailbox. */
  fetchConcurrency: z.number().int().positive().max(4).default(4),
  /** How far back `findSent` looks in Sent Items: longer than the send job's retries take. */
  sentLookbackDays: z.number().int().positive().default(7),
  /** Per HTTP request to Graph. */
  timeoutMs: z.number().int().positive().default(30_000),
});
export type OutlookMailboxSettings = z.input<typeof OutlookMailboxSettings>;

/** A new access token (and a rotated refresh token, delegated only), for the caller to store encrypted. */
export interface OutlookTokens {
  accessToken: string;
  /** Epoch milliseconds. */
  expiresAt: number | null;
  /** Set only when the identity platform rotated the refresh token. */
  refreshToken: string | null;
}

export interface OutlookMailboxOptions extends OutlookMailboxSettings {
  /** Called after every token acquisition; a failure in it is ignored (report it from inside). */
  onTokens?: (tokens: OutlookTokens) => unknown;
  /** Stamps the backfill window and the Sent Items lookback. */
  clock?: () => Date;
  /**
   * The last hops of the Graph middleware chain, after authentication (default: the SDK's HTTP handler).
   * Tests pass the emulator's transport; the last entry must answer the request.
   */
  middleware?: GraphMiddleware[];
  /** MSAL's network client (tests: the emulator's). */
  msalNetwork?: MsalNetwork;
}
