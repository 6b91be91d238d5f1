import type { FeedKind } from "../../db/schema/feeds.ts";
import { normaliseAfterShip, normaliseEasyPost } from "./carriers.ts";
import { applyMapping, type FieldMapping } from "./mapping.ts";
import { NormalisationError, type NormalisedUpdate } from "./normalised.ts";
import { normaliseShopify, shopifySignatureHeader, shopifyTopicHeader } from "./shopify.ts";
import {
  type SignatureCheck,
  verifyBase64BodySignature,
  verifyEasyPostSignature,
  verifyGenericSignature,
} from "./signatures.ts";

/** One inbound payload as received: the raw body (signatures are over these bytes) and lower-cased headers. */
export interface FeedPayload {
  body: string;
  headers: Record<string, string>;
}

/**
 * DESIGN.md's `CommerceFeed`: how one kind of feed checks a payload's signature, names it for
 * de-duplication, and normalises it. Every kind is a value in `commerceFeeds` below.
 */
export interface CommerceFeed {
  kind: FeedKind;
  /** `secrets`: the current secret, then the previous one while its grace period lasts. */
  verify(payload: FeedPayload, secrets: string[], now: Date): SignatureCheck;
  /** The sender's id for this delivery, so a retried webhook is applied once. */
  deliveryKey(payload: FeedPayload, parsed: unknown): string | null;
  /** Throws NormalisationError naming every problem. */
  normalise(parsed: unknown, payload: FeedPayload, mapping: FieldMapping | null): NormalisedUpdate;
  /** Headers worth keeping with the payload (for replay and diagnosis). */
  keptHeaders: string[];
}

const field = (parsed: unknown, key: string): string | null => {
  const value =
    typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>)[key] : null;
  return typeof value === "string" || typeof value === "number" ? String(value) : null;
};

const generic: CommerceFeed = {
  kind: "generic_json",
  verify: (p, secrets, now) => verifyGenericSignature(p.body, p.headers, secrets, now),
  deliveryKey: (p) => p.headers["x-mailroom-delivery"] ?? null,
  normalise(parsed, _payload, mapping) {
    if (!mapping)
      throw new NormalisationError(["the feed has no field mapping yet: map its fields in Connectors"]);
    return applyMapping(parsed, mapping);
  },
  keptHeaders: ["content-type", "x-mailroom-delivery", "x-mailroom-timestamp"],
};

export const commerceFeeds: Record<FeedKind, CommerceFeed> = {
  generic_json: generic,
  // Polled payloads arrive over our own authenticated request, not signed; they read through the mapping.
  rest_poll: {
    ...generic,
    kind: "rest_poll",
    verify: () => ({ ok: false, reason: "a polled feed takes no webhooks" }),
  },
  shopify: {
    kind: "shopify",
    verify: (p, secrets) => verifyBase64BodySignature(shopifySignatureHeader, p.body, p.headers, secrets),
    deliveryKey: (p) => p.headers["x-shopify-webhook-id"] ?? null,
    normalise: (parsed, p) => normaliseShopify(parsed, p.headers[shopifyTopicHeader]),
    keptHeaders: ["content-type", shopifyTopicHeader, "x-shopify-webhook-id", "x-shopify-shop-domain"],
  },
  aftership: {
    kind: "aftership",
    verify: (p, secrets) => verifyBase64BodySignature("aftership-hmac-sha256", p.body, p.headers, secrets),
    deliveryKey: (_p, parsed) => field(parsed, "event_id"),
    normalise: (parsed) => normaliseAfterShip(parsed),
    keptHeaders: ["content-type"],
  },
  easypost: {
    kind: "easypost",
    verify: (p, secrets) => verifyEasyPostSignature(p.body, p.headers, secrets),
    deliveryKey: (_p, parsed) => field(parsed, "id"),
    normalise: (parsed) => normaliseEasyPost(parsed),
    keptHeaders: ["content-type"],
  },
};
