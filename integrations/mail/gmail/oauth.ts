/**
 * Connecting a Gmail mailbox: Google's OAuth 2.0 authorization-code flow with offline access and PKCE
 * (RFC 7636), and verifying the OIDC token Cloud Pub/Sub attaches to each push. google-auth-library does
 * the protocol; the endpoints come from configuration so an emulator (or a private endpoint) can stand in.
 */
import { createHash, randomBytes } from "node:crypto";
import { googleOAuth2Client, openGmailSession } from "./client.ts";
import { ProviderAuthError } from "./errors.ts";

/** Least privilege: read, label and send — no delete, no settings (README: "Gmail scopes"). */
export const gmailScopes = ["https://www.googleapis.com/auth/gmail.modify"];

export interface GoogleOAuthClient {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  authUrl: string;
  tokenUrl: string;
}

interface GoogleTokens {
  access_token?: string | null;
  refresh_token?: string | null;
  expiry_date?: number | null;
  scope?: string;
}

export interface PkcePair {
  verifier: string;
  challenge: string;
}

export function pkcePair(): PkcePair {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

function client(options: GoogleOAuthClient) {
  return googleOAuth2Client({
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    redirectUri: options.redirectUri,
    endpoints: { oauth2AuthBaseUrl: options.authUrl, oauth2TokenUrl: options.tokenUrl },
    transporterOptions: { timeout: 30_000, retry: false },
  });
}

/**
 * Where to send the admin: Google's consent screen, asking for a refresh token (`access_type=offline`,
 * `prompt=consent` so a reconnect gets a new one too).
 */
export function gmailConsentUrl(
  options: GoogleOAuthClient & { state: string; codeChallenge: string; loginHint?: string },
): string {
  return client(options).generateAuthUrl({
    access_type: "offline",
    prompt: "consent",
    scope: gmailScopes,
    include_granted_scopes: false,
    state: options.state,
    code_challenge: options.codeChallenge,
    // google-auth-library's enum, by value: "S256".
    code_challenge_method: "S256" as never,
    ...(options.loginHint ? { login_hint: options.loginHint } : {}),
  });
}

/** The consent redirect's code, exchanged for the grant. Google sends a refresh token only with offline access. */
export async function exchangeGmailCode(
  options: GoogleOAuthClient & { code: string; codeVerifier: string },
): Promise<{ refreshToken: string; accessToken: string; expiresAt: number | null; scope: string }> {
  let tokens: GoogleTokens;
  try {
    ({ tokens } = await client(options).getToken({
      code: options.code,
      codeVerifier: options.codeVerifier,
      redirect_uri: options.redirectUri,
    }));
  } catch (error) {
    throw new ProviderAuthError(`google token exchange failed: ${describe(error)}`, false);
  }
  if (!tokens.refresh_token)
    throw new ProviderAuthError(
      "google answered without a refresh token: remove Mailroom's access in the Google account and connect again",
      false,
    );
  if (!tokens.access_token) throw new ProviderAuthError("google answered without an access token", false);
  const scope = tokens.scope ?? "";
  if (!gmailScopes.every((wanted) => scope.split(" ").includes(wanted)))
    throw new ProviderAuthError(
      `the grant lacks ${gmailScopes.join(", ")} (granted: ${scope || "none"})`,
      false,
    );
  return {
    refreshToken: tokens.refresh_token,
    accessToken: tokens.access_token,
    expiresAt: tokens.expiry_date ?? null,
    scope,
  };
}

/** The address a grant belongs to (`users.getProfile`), so the admin need not type it. */
export async function gmailGrantAddress(options: {
  rootUrl: string;
  clientId: string;
  clientSecret: string;
  tokenUrl: string;
  refreshToken: string;
  accessToken: string;
  expiresAt: number | null;
}): Promise<string> {
  const session = openGmailSession({
    rootUrl: options.rootUrl.endsWith("/") ? options.rootUrl : `${options.rootUrl}/`,
    address: "me",
    timeoutMs: 30_000,
    credentials: {
      kind: "oauth",
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      refreshToken: options.refreshToken,
      tokenEndpoint: options.tokenUrl,
      accessToken: { token: options.accessToken, expiresAt: options.expiresAt ?? Date.now() + 3_000_000 },
    },
  });
  try {
    const { data } = await session.api.users.getProfile({ userId: "me" });
    if (!data.emailAddress) throw new Error("answered without emailAddress");
    return data.emailAddress.toLowerCase();
  } catch (error) {
    throw new ProviderAuthError(`gmail users.getProfile: ${describe(error)}`, false);
  }
}

export interface PushTokenCheck {
  /** The bearer token from the push's `Authorization` header. */
  token: string;
  /** What the push subscription was told to put in `aud`. */
  audience: string;
  /** The push subscription's service account; pushes signed for any other are refused. */
  serviceAccount: string | undefined;
  /** Google's v1 certs URL (kid → PEM). */
  certsUrl: string;
}

/**
 * A Pub/Sub push is only believed when its OIDC token is Google-signed, unexpired, for our audience, and
 * from our subscription's service account (PROVIDERS.md, Gmail push). Throws `ProviderAuthError` otherwise.
 */
export async function verifyPushToken(check: PushTokenCheck): Promise<{ email: string }> {
  const verifier = googleOAuth2Client({
    endpoints: { oauth2FederatedSignonPemCertsUrl: check.certsUrl },
    transporterOptions: { timeout: 10_000, retry: false },
  });
  let payload: { email?: string; email_verified?: boolean } | undefined;
  try {
    const ticket = await verifier.verifyIdToken({ idToken: check.token, audience: check.audience });
    payload = ticket.getPayload();
  } catch (error) {
    throw new ProviderAuthError(`push token refused: ${describe(error)}`, false);
  }
  const email = payload?.email;
  if (!email || payload?.email_verified !== true)
    throw new ProviderAuthError("push token refused: no verified service-account email", false);
  if (check.serviceAccount && email.toLowerCase() !== check.serviceAccount.toLowerCase())
    throw new ProviderAuthError(
      `push token refused: signed for ${email}, not the push service account`,
      false,
    );
  return { email };
}

function describe(error: unknown): string {
  if (error && typeof error === "object" && "response" in error) {
    const data = (error as { response?: { data?: { error?: string; error_description?: string } } }).response
      ?.data;
    if (data?.error) return data.error_description ? `${data.error}: ${data.error_description}` : data.error;
  }
  return error instanceof Error ? error.message : String(error);
}
