/**
 * The Pub/Sub side of Gmail push, which has no HTTP endpoint here: the emulator builds the envelope a push
 * subscription would POST, and mints the OIDC bearer token Pub/Sub attaches to it. The token is an RS256 JWT
 * signed with a key generated once per process and published at `GET /oauth2/v3/certs` (JWKS) and
 * `GET /oauth2/v1/certs` (kid → PEM, what google-auth-library's `verifyIdToken` fetches in Node), so the app
 * verifies it exactly as it verifies Google's — signature, `iss`, `aud`, `exp`, and the push service
 * account's `email` — only against the emulator's keys.
 */
import { createHash, createPrivateKey, generateKeyPairSync, type JsonWebKey, sign } from "node:crypto";

export const GOOGLE_ISSUER = "https://accounts.google.com";
export const DEFAULT_PUSH_SERVICE_ACCOUNT = "gmail-push@emulator-project.iam.gserviceaccount.com";
export const DEFAULT_SUBSCRIPTION = "projects/emulator-project/subscriptions/gmail-push";

/** What a Pub/Sub push subscription POSTs: both the camelCase and snake_case fields, as Pub/Sub sends. */
export interface PushEnvelope {
  message: {
    data: string;
    messageId: string;
    message_id: string;
    publishTime: string;
    publish_time: string;
  };
  subscription: string;
}

/** `message.data` decoded. The guide's example shows `historyId` as a string; Gmail sends a number. */
export interface GmailNotification {
  emailAddress: string;
  historyId: number | string;
}

export interface OidcTokenOptions {
  /** The push subscription's service account; default `DEFAULT_PUSH_SERVICE_ACCOUNT`. */
  email?: string;
  expiresInSeconds?: number;
  issuer?: string;
}

export interface Jwks {
  keys: Array<JsonWebKey & { kid: string; alg: "RS256"; use: "sig" }>;
}

interface SigningKey {
  kid: string;
  privateKeyPem: string;
  jwks: Jwks;
  pems: Record<string, string>;
}

// RSA key generation takes tens to hundreds of milliseconds: done once per process, on first use.
let sharedKey: SigningKey | undefined;

function signingKey(): SigningKey {
  if (sharedKey) return sharedKey;
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const spki = publicKey.export({ type: "spki", format: "der" });
  const kid = createHash("sha256").update(spki).digest("hex").slice(0, 40);
  sharedKey = {
    kid,
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    jwks: { keys: [{ ...publicKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" }] },
    pems: { [kid]: publicKey.export({ type: "spki", format: "pem" }).toString() },
  };
  return sharedKey;
}

export class PushSigner {
  private nextMessageId = 2_070_443_601_311_540;

  constructor(private readonly now: () => number) {}

  get jwks(): Jwks {
    return signingKey().jwks;
  }

  /** `kid` → SPKI PEM, the shape of Google's v1 certs endpoint. */
  get pems(): Record<string, string> {
    return signingKey().pems;
  }

  oidcToken(audience: string, options: OidcTokenOptions = {}): string {
    const issuedAt = Math.floor(this.now() / 1000);
    const email = options.email ?? DEFAULT_PUSH_SERVICE_ACCOUNT;
    const key = signingKey();
    const header = { alg: "RS256", kid: key.kid, typ: "JWT" };
    const payload = {
      aud: audience,
      azp: email,
      email,
      email_verified: true,
      exp: issuedAt + (options.expiresInSeconds ?? 3600),
      iat: issuedAt,
      iss: options.issuer ?? GOOGLE_ISSUER,
      sub: createHash("sha256").update(email).digest("hex").slice(0, 21),
    };
    const signed = `${base64url(header)}.${base64url(payload)}`;
    const signature = sign("RSA-SHA256", Buffer.from(signed), createPrivateKey(key.privateKeyPem));
    return `${signed}.${signature.toString("base64url")}`;
  }

  envelope(notification: GmailNotification, subscription: string): PushEnvelope {
    const messageId = String(this.nextMessageId++);
    const publishTime = new Date(this.now()).toISOString();
    return {
      message: {
        data: Buffer.from(JSON.stringify(notification)).toString("base64"),
        messageId,
        message_id: messageId,
        publishTime,
        publish_time: publishTime,
      },
      subscription,
    };
  }
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}
