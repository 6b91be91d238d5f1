import { createHmac, timingSafeEqual } from "node:crypto";

/** A signature check's outcome; the reason goes to the delivery log, never the secret. */
export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/** The HMAC-SHA256 of `message` under `secret`, compared in constant time against what was sent. */
export function hmacMatches(
  message: string,
  provided: string,
  secrets: string[],
  encoding: "hex" | "base64",
): boolean {
  const given = Buffer.from(provided.trim(), encoding);
  if (given.length !== 32) return false;
  return secrets.some((secret) => {
    const expected = createHmac("sha256", secret).update(message, "utf8").digest();
    return timingSafeEqual(expected, given);
  });
}

/** Replays older than this are refused even when their signature is good (the generic format signs a timestamp). */
export const maxSignatureAgeMs = 5 * 60_000;

export const genericSignatureHeader = "x-mailroom-signature";
export const genericTimestampHeader = "x-mailroom-timestamp";

/**
 * Our own format for any ERP or WMS: `X-Mailroom-Timestamp: <unix seconds>` and
 * `X-Mailroom-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`. Signing the
 * timestamp with the body is what makes a replayed old delivery detectable.
 */
export function verifyGenericSignature(
  body: string,
  headers: Record<string, string>,
  secrets: string[],
  now: Date,
): SignatureCheck {
  const signature = headers[genericSignatureHeader];
  const timestamp = headers[genericTimestampHeader];
  if (!signature) return { ok: false, reason: `missing ${genericSignatureHeader} header` };
  if (!timestamp || !/^\d{1,12}$/.test(timestamp))
    return { ok: false, reason: `missing or malformed ${genericTimestampHeader} header (unix seconds)` };
  const hex = signature.replace(/^sha256=/, "");
  if (!/^[0-9a-f]{64}$/i.test(hex)) return { ok: false, reason: "signature is not sha256=<64 hex digits>" };
  if (!hmacMatches(`${timestamp}.${body}`, hex, secrets, "hex"))
    return { ok: false, reason: "signature does not match" };
  const ageMs = now.getTime() - Number(timestamp) * 1000;
  if (Math.abs(ageMs) > maxSignatureAgeMs)
    return { ok: false, reason: `timestamp is ${Math.round(ageMs / 1000)} s away from now (limit 300 s)` };
  return { ok: true };
}

export function signGeneric(body: string, secret: string, now: Date): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const hex = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
  return { [genericSignatureHeader]: `sha256=${hex}`, [genericTimestampHeader]: timestamp };
}

/** A base64 HMAC-SHA256 of the raw body in one header (Shopify, AfterShip, WooCommerce). */
export function verifyBase64BodySignature(
  header: string,
  body: string,
  headers: Record<string, string>,
  secrets: string[],
): SignatureCheck {
  const signature = headers[header];
  if (!signature) return { ok: false, reason: `missing ${header} header` };
  if (!/^[A-Za-z0-9+/]+=*$/.test(signature.trim())) return { ok: false, reason: "signature is not base64" };
  return hmacMatches(body, signature, secrets, "base64")
    ? { ok: true }
    : { ok: false, reason: "signature does not match" };
}

/**
 * EasyPost: `X-Hmac-Signature: hmac-sha256-hex=<hex>` over the raw body; its client libraries
 * NFKD-normalise the webhook secret before keying the HMAC, so we do the same.
 */
export function verifyEasyPostSignature(
  body: string,
  headers: Record<string, string>,
  secrets: string[],
): SignatureCheck {
  const signature = headers["x-hmac-signature"];
  if (!signature) return { ok: false, reason: "missing x-hmac-signature header" };
  const hex = signature.replace(/^hmac-sha256-hex=/, "");
  if (!/^[0-9a-f]{64}$/i.test(hex)) return { ok: false, reason: "signature is not hmac-sha256-hex=<hex>" };
  return hmacMatches(
    body,
    hex,
    secrets.map((s) => s.normalize("NFKD")),
    "hex",
  )
    ? { ok: true }
    : { ok: false, reason: "signature does not match" };
}
