/**
 * A minimal Google OAuth 2.0 authorization server: `POST /token` (authorization_code and refresh_token
 * grants, form-encoded, client credentials by POST body or HTTP Basic), `POST /revoke`, and the Bearer check
 * the Gmail routes run. Access tokens expire on the emulator's clock; revoking a refresh token (or any access
 * token of its grant, as Google does) kills the whole grant, so the next refresh gets `invalid_grant`.
 * Scopes are recorded and echoed, not enforced.
 */
import { generateKeyPairSync, type KeyObject, verify } from "node:crypto";
import { type Answer, googleError, randomToken } from "./wire.ts";

/** The audience a service account's JWT assertion must name: Google's token URL, whatever URL it is sent to. */
export const GOOGLE_TOKEN_AUDIENCE = "https://oauth2.googleapis.com/token";
const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/** A service account's JSON key, the fields google-auth-library reads. */
export interface ServiceAccountKey {
  type: "service_account";
  client_email: string;
  private_key: string;
  token_uri: string;
}

export const DEFAULT_SCOPE = "https://www.googleapis.com/auth/gmail.modify";

export interface OAuthClientCredentials {
  clientId: string;
  clientSecret: string;
}

/** The token endpoint's JSON answer (the fields Google sends). */
export interface TokenSet {
  access_token: string;
  expires_in: number;
  refresh_token?: string;
  scope: string;
  token_type: "Bearer";
}

interface Grant {
  address: string;
  scope: string;
  refreshToken: string;
  revoked: boolean;
}

interface AccessToken {
  grant: Grant;
  expiresAt: number;
}

interface AuthorizationCode {
  address: string;
  scope: string;
  redirectUri: string | undefined;
  used: boolean;
}

export interface TokenStoreOptions {
  now: () => number;
  accessTokenTtlSeconds: number;
  /** When set, `/token` refuses other clients with `invalid_client`; otherwise any client is accepted. */
  clients: OAuthClientCredentials[] | undefined;
}

export type Authenticated = { ok: true; address: string } | { ok: false; answer: Answer };

const REALM = 'Bearer realm="https://accounts.google.com/"';
const CREDENTIALS_HINT =
  "Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.";

export class TokenStore {
  private readonly codes = new Map<string, AuthorizationCode>();
  private readonly grants = new Map<string, Grant>();
  private readonly accessTokens = new Map<string, AccessToken>();
  /** client_email → public key, and the domain its domain-wide delegation covers. */
  private readonly serviceAccounts = new Map<string, { publicKey: KeyObject; domain: string }>();

  constructor(private readonly options: TokenStoreOptions) {}

  /** Mints a grant directly, as if the user had consented and the code had been exchanged. */
  issue(address: string, scope = DEFAULT_SCOPE): Required<TokenSet> {
    const grant: Grant = { address, scope, refreshToken: `1//emu-${randomToken()}`, revoked: false };
    this.grants.set(grant.refreshToken, grant);
    return { ...this.accessTokenFor(grant), refresh_token: grant.refreshToken };
  }

  /** A one-time code for `OAuth2Client.getToken(code)`, as the consent redirect would carry. */
  authorizationCode(address: string, options: { scope?: string; redirectUri?: string } = {}): string {
    const code = `4/emu-${randomToken(18)}`;
    this.codes.set(code, {
      address,
      scope: options.scope ?? DEFAULT_SCOPE,
      redirectUri: options.redirectUri,
      used: false,
    });
    return code;
  }

  /** Revokes the grant behind a refresh or access token. Returns false for a token it never issued. */
  revoke(token: string): boolean {
    const grant = this.grants.get(token) ?? this.accessTokens.get(token)?.grant;
    if (!grant) return false;
    grant.revoked = true;
    return true;
  }

  /** Makes current access tokens (of one address, or all) expire now; refresh tokens keep working. */
  expireAccessTokens(address?: string): void {
    const now = this.options.now();
    for (const token of this.accessTokens.values()) {
      if (!address || token.grant.address === address) token.expiresAt = Math.min(token.expiresAt, now);
    }
  }

  authenticate(authorization: string | undefined): Authenticated {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? "")?.[1];
    if (!token) {
      const answer = googleError(
        401,
        `Request is missing required authentication credential. ${CREDENTIALS_HINT}`,
        {
          itemMessage: "Login Required.",
          reason: "required",
          location: "Authorization",
          locationType: "header",
        },
        { "www-authenticate": REALM },
      );
      return { ok: false, answer };
    }
    const access = this.accessTokens.get(token);
    if (!access || access.grant.revoked || access.expiresAt <= this.options.now()) {
      const answer = googleError(
        401,
        `Request had invalid authentication credentials. ${CREDENTIALS_HINT}`,
        { itemMessage: "Invalid Credentials", location: "Authorization", locationType: "header" },
        { "www-authenticate": `${REALM}, error="invalid_token"` },
      );
      return { ok: false, answer };
    }
    return { ok: true, address: access.grant.address };
  }

  /**
   * A Workspace service account with domain-wide delegation for `domain` (the admin console step), and its
   * JSON key. Its JWT assertions (RFC 7523) get access tokens for any user of that domain named in `sub`.
   */
  registerServiceAccount(email: string, domain: string): ServiceAccountKey {
    const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    this.serviceAccounts.set(email, { publicKey, domain: domain.toLowerCase() });
    return {
      type: "service_account",
      client_email: email,
      private_key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
      token_uri: GOOGLE_TOKEN_AUDIENCE,
    };
  }

  private jwtBearer(assertion: string | null): Answer {
    const [header, payload, signature] = (assertion ?? "").split(".");
    if (!header || !payload || !signature) return oauthError(400, "invalid_grant", "Invalid JWT: malformed.");
    let claims: { iss?: string; sub?: string; aud?: string; scope?: string; exp?: number };
    try {
      claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    } catch {
      return oauthError(400, "invalid_grant", "Invalid JWT: malformed.");
    }
    const account = this.serviceAccounts.get(claims.iss ?? "");
    if (!account) return oauthError(401, "invalid_client", "The OAuth client was not found.");
    const signed = verify(
      "RSA-SHA256",
      Buffer.from(`${header}.${payload}`),
      account.publicKey,
      Buffer.from(signature, "base64url"),
    );
    if (!signed) return oauthError(400, "invalid_grant", "Invalid JWT Signature.");
    if (claims.aud !== GOOGLE_TOKEN_AUDIENCE) return oauthError(400, "invalid_grant", "Invalid JWT: aud.");
    if (!claims.exp || claims.exp * 1000 <= this.options.now())
      return oauthError(400, "invalid_grant", "Invalid JWT: Token must be a short-lived token.");
    const subject = claims.sub?.toLowerCase();
    if (!subject) return oauthError(400, "invalid_grant", "Invalid JWT: no sub, nothing to impersonate.");
    if (!subject.endsWith(`@${account.domain}`))
      return oauthError(
        401,
        "unauthorized_client",
        "Client is unauthorized to retrieve access tokens using this method.",
      );
    const grant: Grant = {
      address: subject,
      scope: claims.scope ?? DEFAULT_SCOPE,
      refreshToken: "",
      revoked: false,
    };
    return { status: 200, body: this.accessTokenFor(grant) };
  }

  /** `POST /token`. */
  exchange(form: URLSearchParams, authorization: string | undefined): Answer {
    if (form.get("grant_type") === JWT_BEARER) return this.jwtBearer(form.get("assertion"));
    const clientProblem = this.checkClient(form, authorization);
    if (clientProblem) return clientProblem;
    const grantType = form.get("grant_type");
    if (grantType === "authorization_code") {
      const code = this.codes.get(form.get("code") ?? "");
      if (!code) return oauthError(400, "invalid_grant", "Malformed auth code.");
      if (code.used) return oauthError(400, "invalid_grant", "Bad Request");
      const redirectUri = form.get("redirect_uri") ?? undefined;
      if (code.redirectUri !== undefined && redirectUri !== code.redirectUri) {
        return oauthError(400, "redirect_uri_mismatch", "Bad Request");
      }
      code.used = true;
      return { status: 200, body: this.issue(code.address, code.scope) };
    }
    if (grantType === "refresh_token") {
      const grant = this.grants.get(form.get("refresh_token") ?? "");
      if (!grant || grant.revoked)
        return oauthError(400, "invalid_grant", "Token has been expired or revoked.");
      return { status: 200, body: this.accessTokenFor(grant) };
    }
    return oauthError(400, "unsupported_grant_type", `Invalid grant_type: ${grantType ?? ""}`);
  }

  /** `POST /revoke?token=…` (or the token in the form body). */
  revokeEndpoint(token: string | null): Answer {
    if (!token || !this.revoke(token)) return oauthError(400, "invalid_token", "Token expired or revoked");
    return { status: 200, body: {} };
  }

  private accessTokenFor(grant: Grant): TokenSet {
    const token = `ya29.emu-${randomToken()}`;
    const ttl = this.options.accessTokenTtlSeconds;
    this.accessTokens.set(token, { grant, expiresAt: this.options.now() + ttl * 1000 });
    return { access_token: token, expires_in: ttl, scope: grant.scope, token_type: "Bearer" };
  }

  private checkClient(form: URLSearchParams, authorization: string | undefined): Answer | undefined {
    const clients = this.options.clients;
    if (!clients) return undefined;
    const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? "")?.[1];
    const [basicId, basicSecret] = basic ? Buffer.from(basic, "base64").toString("utf8").split(":") : [];
    const clientId = basicId ?? form.get("client_id");
    const secret = basicSecret ?? form.get("client_secret");
    const client = clients.find((candidate) => candidate.clientId === clientId);
    if (!client) return oauthError(401, "invalid_client", "The OAuth client was not found.");
    if (client.clientSecret !== secret) return oauthError(401, "invalid_client", "Unauthorized");
    return undefined;
  }
}

function oauthError(status: number, error: string, description: string): Answer {
  return { status, body: { error, error_description: description } };
}
