/** The commerce connectors' API shapes (Connectors page, order page); re-exported by types.ts. */

import type { OrderView } from "./types.ts";

export type FeedKindView = "generic_json" | "shopify" | "aftership" | "easypost" | "rest_poll";
export type DeliveryVerdictView = "applied" | "rejected" | "invalid" | "failed" | "duplicate";

export interface FeedHealthView {
  lastDeliveryAt: string | null;
  lastAppliedAt: string | null;
  /** Deliveries in the last hour. */
  eventsLastHour: number;
  /** Share of the last 24 hours' deliveries that were not applied (0–1), null when there were none. */
  errorRate: number | null;
  /** Deliveries waiting on a fix (invalid or failed): replayable. */
  waiting: number;
}

export interface FeedView {
  id: string;
  name: string;
  kind: FeedKindView;
  /** Path of the webhook endpoint (prefix the server's public URL). */
  webhookPath: string;
  enabled: boolean;
  mapping: unknown;
  poll: unknown;
  /** A polled feed's last poll (null until its first, which waits for a mapping). */
  lastPolledAt: string | null;
  secretRotatedUntil: string | null;
  createdAt: string;
  health: FeedHealthView;
}

export interface FeedListResponse {
  feeds: FeedView[];
}

export interface FeedDeliveryView {
  id: string;
  via: string;
  verdict: DeliveryVerdictView;
  error: string | null;
  body: string;
  headers: Record<string, string>;
  summary: Record<string, number> | null;
  receivedAt: string;
  replays: number;
}

export interface FeedDetailResponse {
  feed: FeedView;
  deliveries: FeedDeliveryView[];
}

export interface FeedSecretResponse {
  feedId: string;
  secret: string;
  /** When the previous secret stops verifying (after a rotation), or null. */
  previousValidUntil: string | null;
}

export interface MappingPreviewResponse {
  update: unknown;
  problems: string[];
  picked: Record<string, unknown>;
}

export interface ReplayResponse {
  deliveryId: string;
  verdict: DeliveryVerdictView;
  error: string | null;
}

export interface CsvImportResponse {
  rows: number;
  applied: number;
  encoding: string;
  errors: { line: number; problems: string[] }[];
}

export interface OrderInsightsView {
  valueBand: "low" | "medium" | "high";
  firstTimeCustomer: boolean;
  vip: boolean;
  customerOrders: number;
}

export interface OrderPageResponse {
  order: OrderView;
  customer: { email: string; name: string | null; vip: boolean; tags: string[] } | null;
  insights: OrderInsightsView;
  events: { type: string; detail: string; occurredAt: string }[];
}
