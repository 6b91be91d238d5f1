import {
  authorizationUrl,
  type ConsentClient,
  type MsalNetwork,
  pkceCodes,
  type RedeemedGrant,
  redeemAuthorizationCode,
} from "./client.ts";
import { toProviderError } from "./errors.ts";
import { type NationalCloud, nationalClouds } from "./options.ts";

export type { RedeemedGrant } from "./client.ts";

export interface OutlookConsentOptions {
  /** The Entra app registration (a confidential "Web" client). */
  clientId: string;
  clientSecret: string;
  /** `organizations` (any work account) or one tenant's id. */
  tenantId: string;
  cloud: NationalCloud;
  graphBaseUrl?: string;
  authority?: string;
  msalNetwork?: MsalNetwork;
}

/**
 * The delegated connect flow (authorization code + PKCE, RFC 7636) for one app registration: the consent
 * URL to send an admin to, and the redemption of the code the redirect brings back. Failures leave as
 * errors.ts's kinds (an AADSTS `invalid_grant` is a `ProviderAuthError`).
 */
export class OutlookConsent {
  private readonly client: ConsentClient;

  constructor(options: OutlookConsentOptions) {
    const cloud = nationalClouds[options.cloud];
    this.client = {
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      authority: `${(options.authority ?? cloud.login).replace(/\/+$/, "")}/${options.tenantId}`,
      graphBaseUrl: (options.graphBaseUrl ?? cloud.graph).replace(/\/+$/, ""),
      msalNetwork: options.msalNetwork,
    };
  }

  /** A fresh PKCE pair; the verifier must come back to `redeem` (kept sealed in the OAuth state). */
  pkce(): Promise<{ verifier: string; challenge: string }> {
    return pkceCodes();
  }

  async authorizationUrl(request: {
    redirectUri: string;
    state: string;
    codeChallenge: string;
    loginHint?: string;
  }): Promise<string> {
    try {
      return await authorizationUrl(this.client, request);
    } catch (error) {
      throw toProviderError(error, "authorize");
    }
  }

  async redeem(request: { code: string; redirectUri: string; codeVerifier: string }): Promise<RedeemedGrant> {
    try {
      return await redeemAuthorizationCode(this.client, request);
    } catch (error) {
      throw toProviderError(error, "redeem code");
    }
  }
}
