/**
 * The one file that imports the Graph SDK and MSAL (STYLE: a provider's SDK in exactly one adapter file).
 * The chain is authentication, then the HTTP hop: no RetryHandler (it retries 429/503/504 on its own, and
 * our queue's backoff governs), no RedirectHandler (Graph mail calls do not redirect).
 */
import {
  ConfidentialClientApplication,
  CryptoProvider,
  type INetworkModule,
  ResponseMode,
} from "@azure/msal-node";
import {
  AuthenticationHandler,
  Client,
  type GraphRequest,
  HTTPMessageHandler,
  type Middleware,
  ResponseType,
} from "@microsoft/microsoft-graph-client";
import { nationalClouds, type OutlookCredentials, type OutlookTokens } from "./options.ts";

export type GraphMiddleware = Middleware;
export type MsalNetwork = INetworkModule;

/** Message ids that survive moves, sends included, so stored ids and cursors stay valid (outlook-immutable-id). */
const immutableIds = 'IdType="ImmutableId"';

const cloudLoginHosts = new Set(Object.values(nationalClouds).map((cloud) => new URL(cloud.login).host));

/**
 * MSAL's `auth` settings. MSAL knows the clouds' login hosts; any other it checks with Microsoft's instance
 * discovery first, which refuses a host it has never heard of (`untrusted_authority`). A login host the
 * operator configured (GRAPH_AUTHORITY) is trusted as given.
 */
function msalAuth(clientId: string, clientSecret: string, authority: string) {
  const host = new URL(authority).host;
  return {
    clientId,
    clientSecret,
    authority,
    ...(cloudLoginHosts.has(host) ? {} : { knownAuthorities: [host] }),
  };
}

/** Least privilege for a delegated grant: read/write mail (categories, drafts) and send; MSAL adds the rest. */
export const delegatedScopes = (graphBaseUrl: string) => [
  `${graphBaseUrl}/Mail.ReadWrite`,
  `${graphBaseUrl}/Mail.Send`,
];

/** Refresh this long before the token's stated expiry (clock skew, slow requests). */
const expiryMarginMs = 2 * 60_000;

export interface GraphApi {
  /** A request with `Prefer: IdType="ImmutableId"` (and `prefer`) and the adapter's timeout. */
  request(path: string, prefer?: string[]): GraphRequest;
  /** The bytes at `path`, e.g. `…/$value` (Graph labels MIME `text/plain`: never read it as text). */
  bytes(path: string): Promise<Buffer>;
}

export interface GraphSession {
  api: GraphApi;
  /** A valid access token, acquired first when there is none or it is about to expire. */
  ensureAccessToken(): Promise<string>;
  accessToken(): string | null;
  /** Drop the access token, so the next request acquires a new one. */
  forgetAccessToken(): void;
}

export interface SessionOptions {
  graphBaseUrl: string;
  authority: string;
  credentials: OutlookCredentials;
  timeoutMs: number;
  onTokens?: (tokens: OutlookTokens) => unknown;
  middleware?: GraphMiddleware[];
  msalNetwork?: MsalNetwork;
}

export function openGraphSession(options: SessionOptions): GraphSession {
  const { credentials } = options;
  const msal = new ConfidentialClientApplication({
    auth: msalAuth(
      credentials.clientId,
      credentials.clientSecret,
      `${options.authority}/${credentials.tenantId}`,
    ),
    ...(options.msalNetwork ? { system: { networkClient: options.msalNetwork } } : {}),
  });
  const resource = options.graphBaseUrl;
  let refreshToken = credentials.kind === "delegated" ? credentials.refreshToken : null;
  let current: { token: string; expiresAt: number } | null =
    credentials.kind === "delegated" && credentials.accessToken ? credentials.accessToken : null;
  let acquiring: Promise<string> | null = null;

  const acquire = async (): Promise<string> => {
    const result =
      refreshToken === null
        ? await msal.acquireTokenByClientCredential({ scopes: [`${resource}/.default`], skipCache: true })
        : await msal.acquireTokenByRefreshToken({ refreshToken, scopes: delegatedScopes(resource) });
    if (!result?.accessToken)
      throw new Error("outlook token: the identity platform answered without a token");
    const expiresAt = result.expiresOn?.getTime() ?? Date.now() + 5 * 60_000;
    current = { token: result.accessToken, expiresAt };
    const rotated = refreshToken === null ? null : cachedRefreshToken(msal);
    const changed = rotated !== null && rotated !== refreshToken ? rotated : null;
    if (changed) refreshToken = changed;
    report(options.onTokens, { accessToken: result.accessToken, expiresAt, refreshToken: changed });
    return result.accessToken;
  };

  const ensureAccessToken = (): Promise<string> => {
    if (current && current.expiresAt - expiryMarginMs > Date.now()) return Promise.resolve(current.token);
    // Requests that find the token missing together acquire it once.
    acquiring ??= acquire().finally(() => {
      acquiring = null;
    });
    return acquiring;
  };

  const authentication = new AuthenticationHandler({ getAccessToken: ensureAccessToken });
  const client = Client.initWithMiddleware({
    middleware: [authentication, ...(options.middleware ?? [new HTTPMessageHandler()])],
    baseUrl: resource,
    // The SDK compares a request's host without its port, so a Graph host given with a port (GRAPH_BASE_URL)
    // must be listed by name alone, or no token is attached to its requests.
    customHosts: new Set([new URL(resource).hostname]),
  });
  const request = (path: string, prefer: string[] = []) =>
    client
      .api(path)
      .header("Prefer", [immutableIds, ...prefer].join(", "))
      .option("signal", AbortSignal.timeout(options.timeoutMs));
  return {
    api: {
      request,
      bytes: async (path) => Buffer.from(await request(path).responseType(ResponseType.ARRAYBUFFER).get()),
    },
    ensureAccessToken,
    accessToken: () => current?.token ?? null,
    forgetAccessToken: () => {
      current = null;
    },
  };
}

export interface ConsentClient {
  clientId: string;
  clientSecret: string;
  /** The login host and tenant (`organizations`, or one tenant's id). */
  authority: string;
  graphBaseUrl: string;
  msalNetwork?: MsalNetwork;
}

/** A PKCE verifier and its S256 challenge (RFC 7636), from MSAL's own crypto. */
export function pkceCodes(): Promise<{ verifier: string; challenge: string }> {
  return new CryptoProvider().generatePkceCodes();
}

function consentApp(client: ConsentClient): ConfidentialClientApplication {
  return new ConfidentialClientApplication({
    auth: msalAuth(client.clientId, client.clientSecret, client.authority),
    ...(client.msalNetwork ? { system: { networkClient: client.msalNetwork } } : {}),
  });
}

/** Where to send the admin to consent: the authorization-code flow with PKCE, answered by query. */
export function authorizationUrl(
  client: ConsentClient,
  request: { redirectUri: string; state: string; codeChallenge: string; loginHint?: string },
): Promise<string> {
  return consentApp(client).getAuthCodeUrl({
    scopes: delegatedScopes(client.graphBaseUrl),
    redirectUri: request.redirectUri,
    state: request.state,
    codeChallenge: request.codeChallenge,
    codeChallengeMethod: "S256",
    responseMode: ResponseMode.QUERY,
    prompt: "select_account",
    ...(request.loginHint ? { loginHint: request.loginHint } : {}),
  });
}

export interface RedeemedGrant {
  refreshToken: string;
  accessToken: { token: string; expiresAt: number };
  /** The signed-in account (its UPN / email) and its tenant. */
  username: string | null;
  tenantId: string | null;
}

/** The code the consent redirect brought back, redeemed for tokens (the refresh token is MSAL-cached only). */
export async function redeemAuthorizationCode(
  client: ConsentClient,
  request: { code: string; redirectUri: string; codeVerifier: string },
): Promise<RedeemedGrant> {
  const msal = consentApp(client);
  const result = await msal.acquireTokenByCode({
    code: request.code,
    redirectUri: request.redirectUri,
    codeVerifier: request.codeVerifier,
    scopes: delegatedScopes(client.graphBaseUrl),
  });
  const refreshToken = cachedRefreshToken(msal);
  if (!result?.accessToken || !refreshToken)
    throw new Error("outlook consent: the identity platform answered without a refresh token");
  return {
    refreshToken,
    accessToken: {
      token: result.accessToken,
      expiresAt: result.expiresOn?.getTime() ?? Date.now() + 5 * 60_000,
    },
    username: result.account?.username || null,
    tenantId: result.tenantId || result.account?.tenantId || null,
  };
}

/** MSAL keeps a rotated refresh token in its cache only; one adapter, one account, so at most one entry. */
function cachedRefreshToken(msal: ConfidentialClientApplication): string | null {
  const cache = JSON.parse(msal.getTokenCache().serialize()) as {
    RefreshToken?: Record<string, { secret?: string }>;
  };
  return Object.values(cache.RefreshToken ?? {})[0]?.secret ?? null;
}

function report(onTokens: SessionOptions["onTokens"], tokens: OutlookTokens): void {
  if (!onTokens) return;
  try {
    Promise.resolve(onTokens(tokens)).catch(() => undefined);
  } catch {
    // See OutlookMailboxOptions.onTokens: the token itself was acquired.
  }
}

/** One Graph call, with the adapter's auth recovery and error mapping around it. */
export type CallGraph = <T>(what: string, request: (api: GraphApi) => Promise<T>) => Promise<T>;
