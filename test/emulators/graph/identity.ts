/**
 * A minimal Microsoft identity platform (Entra ID, v2.0 endpoints) for one tenant:
 * `POST /{tenant}/oauth2/v2.0/token` with the client_credentials, authorization_code and refresh_token grants,
 * the OpenID configuration and instance discovery documents MSAL fetches, and the Bearer check the Graph
 * routes run. Errors carry Entra's `AADSTS` codes in `error_description` and `error_codes`.
 * - Tokens are JWT-shaped (readable `tid`, `oid`, `exp`, `roles`/`scp`) but not signed: the emulator checks
 *   them by lookup, and nothing should verify a Graph access token's signature anyway.
 * - Revoking a grant stops its refresh token (`invalid_grant`, AADSTS50173); access tokens already issued
 *   live until they expire, as on Entra without continuous access evaluation — `expireAccessTokens()` forces it.
 * - A refresh returns a new refresh token; the old one keeps working, as Entra's do until they expire.
 * - Scopes are echoed, not enforced by the Graph routes.
 */
import {
  AADSTS,
  type AadFailure,
  aadError,
  instanceDiscovery,
  openIdConfiguration,
  PUBLIC_LOGIN_HOST,
} from "./entra.ts";
import { type Answer, graphError, randomToken } from "./wire.ts";

export const GRAPH_DEFAULT_SCOPE = "https://graph.microsoft.com/.default";
export const DELEGATED_SCOPE =
  "https://graph.microsoft.com/Mail.ReadWrite https://graph.microsoft.com/Mail.Send";

export interface AppRegistration {
  clientId: string;
  clientSecret: string;
}

/** The token endpoint's JSON answer (the fields Entra sends; the optional ones per grant). */
export interface TokenResponse {
  token_type: "Bearer";
  expires_in: number;
  ext_expires_in: number;
  access_token: string;
  scope?: string;
  refresh_token?: string;
  id_token?: string;
  client_info?: string;
}

/** Who an access token speaks for: the app itself (application permissions) or a signed-in user. */
export type Principal = { kind: "app"; appId: string } | { kind: "user"; appId: string; address: string };

interface Grant {
  address: string;
  appId: string;
  scope: string;
  revoked: boolean;
}

interface AccessToken {
  principal: Principal;
  grant: Grant | undefined;
  expiresAt: number;
}

interface AuthorizationCode {
  grant: Grant;
  redirectUri: string | undefined;
  used: boolean;
}

export interface IdentityOptions {
  now: () => number;
  tenantId: string;
  accessTokenTtlSeconds: number;
  /** When set, only these apps get tokens; otherwise any client id with any secret does. */
  apps: AppRegistration[] | undefined;
  /** The user object id (GUID) behind an address. */
  userIdOf(address: string): string;
}

export type Authenticated = { ok: true; principal: Principal } | { ok: false; answer: Answer };

const WWW_AUTHENTICATE =
  'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"';

export class Identity {
  private readonly codes = new Map<string, AuthorizationCode>();
  private readonly refreshTokens = new Map<string, Grant>();
  private readonly accessTokens = new Map<string, AccessToken>();

  constructor(private readonly options: IdentityOptions) {}

  /** Tenant path segments `/token` accepts: the id, `common`, `organizations`. */
  knowsTenant(tenant: string): boolean {
    return [this.options.tenantId, "common", "organizations"].includes(tenant.toLowerCase());
  }

  /** An app-only token, as client_credentials would give. */
  appToken(clientId: string): TokenResponse {
    return this.accessTokenFor({ kind: "app", appId: clientId }, undefined, undefined);
  }

  /** Access + refresh token for a user, as if consent and the code exchange had happened. */
  userTokens(
    address: string,
    clientId: string,
    scope = DELEGATED_SCOPE,
  ): Required<Omit<TokenResponse, "id_token" | "client_info">> {
    const grant: Grant = { address, appId: clientId, scope, revoked: false };
    const tokens = this.accessTokenFor({ kind: "user", appId: clientId, address }, grant, scope);
    return { ...tokens, scope, refresh_token: this.refreshTokenFor(grant) };
  }

  authorizationCode(
    address: string,
    clientId: string,
    scope: string,
    redirectUri: string | undefined,
  ): string {
    const code = `0.AEmu${randomToken(36)}`;
    this.codes.set(code, {
      grant: { address, appId: clientId, scope, revoked: false },
      redirectUri,
      used: false,
    });
    return code;
  }

  /** Revokes the grant behind a refresh or access token. False for a token it never issued. */
  revoke(token: string): boolean {
    const grant = this.refreshTokens.get(token) ?? this.accessTokens.get(token)?.grant;
    if (!grant) return false;
    grant.revoked = true;
    return true;
  }

  /** Revokes every grant of a user, as `revokeSignInSessions` or a password reset does. */
  revokeUser(address: string): void {
    for (const grant of this.refreshTokens.values()) if (grant.address === address) grant.revoked = true;
  }

  /** Makes current access tokens (of one user, or all, app tokens included) expire now. */
  expireAccessTokens(address?: string): void {
    const now = this.options.now();
    for (const token of this.accessTokens.values()) {
      const owner = token.principal.kind === "user" ? token.principal.address : undefined;
      if (!address || owner === address) token.expiresAt = Math.min(token.expiresAt, now);
    }
  }

  authenticate(authorization: string | undefined): Authenticated {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? "")?.[1];
    const unauthorized = (message: string): Authenticated => ({
      ok: false,
      answer: graphError(401, "InvalidAuthenticationToken", message, {
        "www-authenticate": WWW_AUTHENTICATE,
      }),
    });
    if (!token) return unauthorized("Access token is empty.");
    const access = this.accessTokens.get(token);
    if (!access) {
      return unauthorized(
        token.includes(".")
          ? "Access token validation failure."
          : "IDX14100: JWT is not well formed, there are no dots (.).",
      );
    }
    if (access.expiresAt <= this.options.now())
      return unauthorized("Lifetime validation failed, the token is expired.");
    return { ok: true, principal: access.principal };
  }

  /** `POST /{tenant}/oauth2/v2.0/token`. */
  exchange(tenant: string, form: URLSearchParams, authorization: string | undefined): Answer {
    if (!this.knowsTenant(tenant)) return this.fail(AADSTS.tenantNotFound(tenant));
    const grantType = form.get("grant_type");
    // Public clients (PKCE) redeem codes and refresh without a secret; client_credentials always needs one.
    const client = this.checkClient(form, authorization, grantType === "client_credentials");
    if (!client.ok) return client.answer;
    if (grantType === "client_credentials") {
      const scope = form.get("scope") ?? "";
      if (scope === "" || !scope.split(" ").every((item) => item.endsWith("/.default"))) {
        return this.fail(AADSTS.badScope(scope));
      }
      return { status: 200, body: this.appToken(client.clientId) };
    }
    if (grantType === "authorization_code") {
      const code = this.codes.get(form.get("code") ?? "");
      if (!code) return this.fail(AADSTS.malformedGrant);
      if (code.used) return this.fail(AADSTS.codeRedeemed);
      if (code.grant.appId !== client.clientId) return this.fail(AADSTS.otherClientsCode);
      if (code.redirectUri !== undefined && form.get("redirect_uri") !== code.redirectUri) {
        return this.fail(AADSTS.redirectMismatch);
      }
      code.used = true;
      return {
        status: 200,
        body: this.userResponse(code.grant, form.get("scope") ?? code.grant.scope, form),
      };
    }
    if (grantType === "refresh_token") {
      const grant = this.refreshTokens.get(form.get("refresh_token") ?? "");
      if (!grant) return this.fail(AADSTS.malformedGrant);
      if (grant.revoked) return this.fail(AADSTS.revoked);
      if (grant.appId !== client.clientId) return this.fail(AADSTS.otherClientsToken);
      return { status: 200, body: this.userResponse(grant, form.get("scope") ?? grant.scope, form, true) };
    }
    return this.fail(AADSTS.unsupportedGrant(grantType ?? ""));
  }

  /** The OpenID configuration, endpoints on the host the client asked. */
  openIdConfiguration(tenant: string, base: string): Answer {
    if (!this.knowsTenant(tenant)) return this.fail(AADSTS.tenantNotFound(tenant));
    return { status: 200, body: openIdConfiguration(this.options.tenantId, tenant, base) };
  }

  instanceDiscovery(base: string): Answer {
    return { status: 200, body: instanceDiscovery(this.options.tenantId, base) };
  }

  private userResponse(
    grant: Grant,
    scope: string,
    form: URLSearchParams,
    refreshing = false,
  ): TokenResponse {
    const principal: Principal = { kind: "user", appId: grant.appId, address: grant.address };
    const response: TokenResponse = { ...this.accessTokenFor(principal, grant, scope), scope };
    const scopes = scope.split(" ");
    // A code redeems to a refresh token only when `offline_access` was consented (MSAL always asks for it);
    // a refresh always returns a new one.
    if (refreshing || scopes.includes("offline_access")) {
      response.refresh_token = this.refreshTokenFor(grant);
    }
    const oid = this.options.userIdOf(grant.address);
    if (scopes.includes("openid")) response.id_token = this.idToken(grant, oid);
    if (form.get("client_info") === "1") {
      response.client_info = base64url({ uid: oid, utid: this.options.tenantId });
    }
    return response;
  }

  private accessTokenFor(
    principal: Principal,
    grant: Grant | undefined,
    scope: string | undefined,
  ): TokenResponse {
    const ttl = this.options.accessTokenTtlSeconds;
    const issuedAt = Math.floor(this.options.now() / 1000);
    const claims: Record<string, unknown> = {
      aud: "https://graph.microsoft.com",
      iss: `https://sts.windows.net/${this.options.tenantId}/`,
      iat: issuedAt,
      nbf: issuedAt,
      exp: issuedAt + ttl,
      appid: principal.appId,
      tid: this.options.tenantId,
      uti: randomToken(16),
    };
    if (principal.kind === "app") claims.roles = ["Mail.ReadWrite", "Mail.Send"];
    else {
      claims.oid = this.options.userIdOf(principal.address);
      claims.upn = principal.address;
      claims.scp = (scope ?? "")
        .split(" ")
        .map((item) => item.replace(/^https:\/\/graph\.microsoft\.com\//, ""))
        .join(" ");
    }
    const token = `${base64url({ typ: "JWT", alg: "RS256", kid: "emulator" })}.${base64url(claims)}.${randomToken(32)}`;
    this.accessTokens.set(token, { principal, grant, expiresAt: this.options.now() + ttl * 1000 });
    return { token_type: "Bearer", expires_in: ttl, ext_expires_in: ttl, access_token: token };
  }

  private refreshTokenFor(grant: Grant): string {
    const token = `1.AEmu${randomToken(48)}`;
    this.refreshTokens.set(token, grant);
    return token;
  }

  private idToken(grant: Grant, oid: string): string {
    const issuedAt = Math.floor(this.options.now() / 1000);
    const claims = {
      aud: grant.appId,
      iss: `${PUBLIC_LOGIN_HOST}/${this.options.tenantId}/v2.0`,
      iat: issuedAt,
      nbf: issuedAt,
      exp: issuedAt + 3600,
      name: grant.address.split("@")[0],
      oid,
      preferred_username: grant.address,
      sub: randomToken(16),
      tid: this.options.tenantId,
      ver: "2.0",
    };
    return `${base64url({ typ: "JWT", alg: "RS256", kid: "emulator" })}.${base64url(claims)}.${randomToken(32)}`;
  }

  private fail(failure: AadFailure): Answer {
    return aadError(this.options.now(), failure);
  }

  private checkClient(
    form: URLSearchParams,
    authorization: string | undefined,
    secretRequired: boolean,
  ): { ok: true; clientId: string } | { ok: false; answer: Answer } {
    const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? "")?.[1];
    const [basicId, basicSecret] = basic ? Buffer.from(basic, "base64").toString("utf8").split(":") : [];
    const clientId = basicId ?? form.get("client_id");
    const secret = basicSecret ?? form.get("client_secret");
    const refuse = (failure: AadFailure) => ({ ok: false as const, answer: this.fail(failure) });
    if (!clientId) return refuse(AADSTS.clientIdMissing);
    if (!secret && secretRequired) return refuse(AADSTS.secretMissing);
    const apps = this.options.apps;
    if (!apps) return { ok: true, clientId };
    const app = apps.find((candidate) => candidate.clientId === clientId);
    if (!app) return refuse(AADSTS.appNotFound(clientId, this.options.tenantId));
    if ((secret || secretRequired) && app.clientSecret !== secret) return refuse(AADSTS.badSecret(clientId));
    return { ok: true, clientId };
  }
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}
