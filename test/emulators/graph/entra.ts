/**
 * What the Microsoft identity platform says besides tokens: its OAuth errors (the AADSTS code leads
 * `error_description` and is repeated in `error_codes`, which MSAL and most clients surface), and the
 * discovery documents MSAL reads before its first token request (OpenID configuration, instance discovery),
 * with endpoints on the host the client addressed.
 */
import { type Answer, randomUUID } from "./wire.ts";

export const PUBLIC_LOGIN_HOST = "https://login.microsoftonline.com";

export interface AadFailure {
  status: number;
  error: string;
  code: number;
  description: string;
}

const failure = (status: number, error: string, code: number, description: string): AadFailure => ({
  status,
  error,
  code,
  description,
});

/** The failures the token endpoint gives, worded as Entra words them. */
export const AADSTS = {
  tenantNotFound: (tenant: string) =>
    failure(
      400,
      "invalid_request",
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
    ),
  clientIdMissing: failure(
    400,
    "invalid_request",
    900144,
    "The request body must contain the following parameter: 'client_id'.",
  ),
  secretMissing: failure(
    401,
    "invalid_client",
    7000218,
    "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  ),
  appNotFound: (clientId: string, tenantId: string) =>
    failure(
      400,
      "unauthorized_client",
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenantId}'.`,
    ),
  badSecret: (clientId: string) =>
    failure(
      401,
      "invalid_client",
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
    ),
  badScope: (scope: string) =>
    failure(
      400,
      "invalid_scope",
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    ),
  malformedGrant: failure(400, "invalid_grant", 9002313, "Invalid request. Request is malformed or invalid."),
  codeRedeemed: failure(
    400,
    "invalid_grant",
    54005,
    "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.",
  ),
  otherClientsCode: failure(400, "invalid_grant", 70000, "Provided grant is invalid or malformed."),
  redirectMismatch: failure(
    400,
    "invalid_grant",
    500117,
    "The reply uri specified in the request does not match the reply uri used in the authorization request.",
  ),
  revoked: failure(
    400,
    "invalid_grant",
    50173,
    "The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.",
  ),
  otherClientsToken: failure(
    400,
    "invalid_grant",
    700024,
    "The refresh token was issued to a different client.",
  ),
  unsupportedGrant: (grantType: string) =>
    failure(
      400,
      "unsupported_grant_type",
      70003,
      `The app requested an unsupported grant type '${grantType}'.`,
    ),
} as const;

export function aadError(now: number, { status, error, code, description }: AadFailure): Answer {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = `${new Date(now).toISOString().slice(0, 19).replace("T", " ")}Z`;
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `${PUBLIC_LOGIN_HOST}/error?code=${code}`,
    },
  };
}

/** `GET /{tenant}/v2.0/.well-known/openid-configuration`. */
export function openIdConfiguration(tenantId: string, tenant: string, base: string): Record<string, unknown> {
  const endpoint = (path: string) => `${base}/${tenant}/${path}`;
  return {
    token_endpoint: endpoint("oauth2/v2.0/token"),
    token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
    jwks_uri: endpoint("discovery/v2.0/keys"),
    response_modes_supported: ["query", "fragment", "form_post"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    issuer: `${PUBLIC_LOGIN_HOST}/${tenantId}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: "https://graph.microsoft.com/oidc/userinfo",
    authorization_endpoint: endpoint("oauth2/v2.0/authorize"),
    device_authorization_endpoint: endpoint("oauth2/v2.0/devicecode"),
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: endpoint("oauth2/v2.0/logout"),
    claims_supported: [
      "sub",
      "iss",
      "aud",
      "exp",
      "iat",
      "nonce",
      "name",
      "oid",
      "tid",
      "preferred_username",
    ],
    tenant_region_scope: "EU",
    cloud_instance_name: "microsoftonline.com",
    cloud_graph_host_name: "graph.windows.net",
    msgraph_host: "graph.microsoft.com",
  };
}

/** `GET /common/discovery/instance`: the host the client used is listed as its own alias. */
export function instanceDiscovery(tenantId: string, base: string): Record<string, unknown> {
  const host = new URL(base).host;
  return {
    tenant_discovery_endpoint: `${base}/${tenantId}/v2.0/.well-known/openid-configuration`,
    "api-version": "1.1",
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  };
}
