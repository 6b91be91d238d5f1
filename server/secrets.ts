import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/**
 * Invariant 6: secrets (OAuth tokens, API keys, webhook secrets) are encrypted at rest.
 * AES-256-GCM with a random 12-byte IV per encryption and the owner's id as additional authenticated
 * data, so a ciphertext copied onto another row does not decrypt (OWASP Cryptographic Storage).
 * Stored as `v1.<keyId>.<base64url(iv|tag|ciphertext)>`; the key id lets old keys keep decrypting
 * after rotation while new secrets use the current key.
 */
export class SecretBox {
  private readonly keys: Map<string, Buffer>;
  private readonly currentId: string;

  constructor(current: Buffer, previous: Buffer[] = []) {
    if (current.length !== 32) throw new Error("the secret key must be 32 bytes");
    this.currentId = keyId(current);
    this.keys = new Map([current, ...previous].map((k) => [keyId(k), k]));
  }

  seal(plaintext: string, owner: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.keys.get(this.currentId) as Buffer, iv);
    cipher.setAAD(Buffer.from(owner, "utf8"));
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return `v1.${this.currentId}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
  }

  open(sealed: string, owner: string): string {
    const [version, id, payload] = sealed.split(".");
    if (version !== "v1" || !id || !payload) throw new SecretError("not a sealed secret");
    const key = this.keys.get(id);
    if (!key) throw new SecretError(`sealed with key ${id}, which is not configured`);
    const bytes = Buffer.from(payload, "base64url");
    const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, 12));
    decipher.setAAD(Buffer.from(owner, "utf8"));
    decipher.setAuthTag(bytes.subarray(12, 28));
    try {
      return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8");
    } catch {
      throw new SecretError("the secret does not open: wrong key, wrong owner or tampered data");
    }
  }

  /** True when a secret was sealed with an older key and should be sealed again. */
  needsRotation(sealed: string): boolean {
    return sealed.split(".")[1] !== this.currentId;
  }
}

export class SecretError extends Error {
  override name = "SecretError";
}

function keyId(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 8);
}
