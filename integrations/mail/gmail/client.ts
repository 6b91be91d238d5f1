/**
 * The one file that imports googleapis (STYLE: a provider's SDK in exactly one adapter file). The per-API
 * entry point, never the package root: the root's declarations cost `tsc` ~20 s and 1.5 GB.
 */
import { createRequire } from "node:module";
import type { gmail_v1 } from "googleapis/build/src/apis/gmail/index.js";
import type { GmailCredentials, GmailTokens } from "./options.ts";

type GmailSdk = typeof import("googleapis/build/src/apis/gmail/index.js");
/**
 * Loaded on the first Gmail session, not at start: the SDK costs every process ~17 MB of memory, and a
 * deployment without Gmail mailboxes never needs it. googleapis is CommonJS, so a synchronous require
 * keeps sessions synchronous.
 */
let sdk: GmailSdk | undefined;
const loadSdk = (): GmailSdk => {
  sdk ??= createRequire(import.meta.url)("googleapis/build/src/apis/gmail/index.js") as GmailSdk;
  return sdk;
};

export type GmailApi = gmail_v1.Gmail;
/** google-auth-library's OAuth 2.0 client, for the consent flow and verifying push tokens (oauth.ts). */
export function googleOAuth2Client(
  options: ConstructorParameters<GmailSdk["auth"]["OAuth2"]>[0],
): InstanceType<GmailSdk["auth"]["OAuth2"]> {
  return new (loadSdk().auth.OAuth2)(options);
}
export type GmailMessageList = gmail_v1.Schema$ListMessagesResponse;
export type GmailHistoryList = gmail_v1.Schema$ListHistoryResponse;

export interface GmailSession {
  api: GmailApi;
  /** The access token requests currently carry. */
  accessToken(): string | null;
  /** Drop the access token, so the next request refreshes first. */
  forgetAccessToken(): void;
}

export interface SessionOptions {
  rootUrl: string;
  /** The mailbox: a service account acts as it (`sub`). */
  address: string;
  credentials: GmailCredentials;
  timeoutMs: number;
  onTokens?: (tokens: GmailTokens) => unknown;
}

/** Google's token URL, which google-auth-library's JWT client (gtoken) always posts to. */
const googleTokenUrl = "https://oauth2.googleapis.com/token";

export function openGmailSession(options: SessionOptions): GmailSession {
  const { credentials } = options;
  // No retries anywhere in the SDK: our queue's backoff governs, and the SDK ignores Retry-After anyway.
  const transport = { timeout: options.timeoutMs, retry: false };
  const { auth, gmail } = loadSdk();
  if (credentials.kind === "service_account") {
    const jwt = new auth.JWT({
      email: credentials.clientEmail,
      key: credentials.privateKey,
      scopes: ["https://www.googleapis.com/auth/gmail.modify"],
      subject: options.address,
      transporterOptions: transport,
    });
    const tokenEndpoint = credentials.tokenEndpoint;
    // gtoken has no token-URL option: a configured endpoint (a private one, or the emulator) is reached by
    // rewriting that one URL on the client's own transporter. The JWT's audience stays Google's.
    if (tokenEndpoint && tokenEndpoint !== googleTokenUrl)
      jwt.transporter.interceptors.request.add({
        resolved: async (config) => {
          if (String(config.url) === googleTokenUrl) config.url = new URL(tokenEndpoint);
          return config;
        },
      });
    return {
      api: gmail({ version: "v1", auth: jwt, rootUrl: options.rootUrl, ...transport }),
      accessToken: () => jwt.credentials.access_token ?? null,
      forgetAccessToken: () => jwt.setCredentials({}),
    };
  }
  return openOAuthSession(options, credentials);
}

function openOAuthSession(
  options: SessionOptions,
  credentials: Extract<GmailCredentials, { kind: "oauth" }>,
): GmailSession {
  const transport = { timeout: options.timeoutMs, retry: false };
  const { auth, gmail } = loadSdk();
  const oauth = new auth.OAuth2({
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    endpoints: credentials.tokenEndpoint ? { oauth2TokenUrl: credentials.tokenEndpoint } : undefined,
    transporterOptions: transport,
    // With an expiry date the client refreshes only on its own clock; on a 401 the adapter refreshes itself,
    // because the client's own failure refresh would also fire on a 403 quota error and replay the call.
    forceRefreshOnFailure: false,
  });
  const refreshOnly = { refresh_token: credentials.refreshToken };
  oauth.setCredentials(
    credentials.accessToken
      ? {
          ...refreshOnly,
          access_token: credentials.accessToken.token,
          expiry_date: credentials.accessToken.expiresAt,
        }
      : refreshOnly,
  );
  const { onTokens } = options;
  if (onTokens) {
    oauth.on("tokens", (tokens) => {
      if (!tokens.access_token) return;
      const refreshed: GmailTokens = {
        accessToken: tokens.access_token,
        expiresAt: tokens.expiry_date ?? null,
        refreshToken: tokens.refresh_token ?? null,
      };
      try {
        Promise.resolve(onTokens(refreshed)).catch(() => undefined);
      } catch {
        // See GmailMailboxOptions.onTokens: the refresh itself succeeded.
      }
    });
  }
  return {
    api: gmail({ version: "v1", auth: oauth, rootUrl: options.rootUrl, ...transport }),
    accessToken: () => oauth.credentials.access_token ?? null,
    forgetAccessToken: () =>
      oauth.setCredentials({ refresh_token: oauth.credentials.refresh_token ?? credentials.refreshToken }),
  };
}

/** One Gmail API call, with the adapter's auth recovery and error mapping around it. */
export type CallGmail = <T>(what: string, request: (api: GmailApi) => Promise<T>) => Promise<T>;
