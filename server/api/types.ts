/**
 * The HTTP API's response shapes. The web UI imports only this file from the server
 * (DESIGN.md: `web` talks to `server` over HTTP and shares nothing but these types).
 */

export type DecisionAction = "ignore" | "auto_send" | "review" | "escalate";

export interface ApiError {
  code: string;
  message: string;
  requestId: string;
}

export interface DecisionReasonView {
  rule: string;
  detail: string;
}

export interface CheckView {
  check: string;
  passed: boolean;
  detail: string;
}

export interface ReviewListItem {
  id: string;
  conversationId: string;
  status: "open" | "approved" | "rejected" | "closed";
  kind: "review" | "escalate";
  priority: "low" | "normal" | "high" | "urgent";
  summary: string;
  subject: string;
  customerEmail: string;
  customerName: string | null;
  intent: string | null;
  language: string | null;
  dueAt: string;
  createdAt: string;
}

export interface ReviewListResponse {
  items: ReviewListItem[];
  counts: { open: number };
}

export interface MessageView {
  id: string;
  direction: "inbound" | "outbound";
  status: string;
  from: string;
  fromName: string | null;
  to: string[];
  subject: string;
  text: string;
  at: string;
  /** For outbound: whether Mailroom sent it on its own or a person approved it. */
  sentBy: "auto" | "person" | null;
}

/** How a shipment stands for the customer, as the agent's policy sees it. */
export type DeliveryStanding =
  | "not_shipped"
  | "on_time"
  | "late"
  | "exception"
  | "attempt_failed"
  | "delivered"
  | "returned";

export interface ShipmentView {
  carrier: string;
  trackingNumber: string;
  trackingUrl: string | null;
  state: string;
  standing: DeliveryStanding;
  /** In words: "late: ETA 8 Nov passed". */
  standingReason: string;
  estimatedDeliveryAt: string | null;
  deliveredAt: string | null;
  events: { state: string; description: string; location: string | null; occurredAt: string }[];
}

export interface OrderView {
  number: string;
  status: string;
  placedAt: string;
  total: string;
  currency: string;
  lines: { sku: string; title: string; quantity: number }[];
  shipments: ShipmentView[];
}

export interface TriageView {
  engine: string;
  intent: string;
  confidence: number;
  language: string;
  sentiment: string;
  orderNumbers: string[];
}

export interface DecisionView {
  action: DecisionAction;
  reasons: DecisionReasonView[];
  facts: Record<string, unknown>;
  at: string;
}

export interface DraftView {
  id: string;
  status: string;
  subject: string;
  body: string;
  language: string;
  checks: CheckView[];
}

export interface ReviewItemDetail {
  item: ReviewListItem;
  messages: MessageView[];
  triage: TriageView | null;
  decision: DecisionView | null;
  draft: DraftView | null;
  orders: OrderView[];
}

export interface ApproveRequest {
  /** When present, the person's edit replaces the draft's body before sending. */
  body?: string;
}

export interface ApproveResponse {
  item: ReviewListItem;
  send: { id: string; status: "pending" | "sent" | "failed" };
}

export interface RejectRequest {
  reason: string;
}

export interface ConversationListItem {
  id: string;
  subject: string;
  customerEmail: string;
  status: string;
  lastMessageAt: string;
  lastAction: DecisionAction | null;
  intent: string | null;
  language: string | null;
  reviewItemId: string | null;
}

export interface ConversationListResponse {
  conversations: ConversationListItem[];
}

export interface ConversationDetail {
  conversation: ConversationListItem;
  messages: MessageView[];
  decisions: (DecisionView & { messageId: string; triage: TriageView | null })[];
  reviewItemId: string | null;
}

/** POST /api/sandbox/messages: either a raw RFC 5322 message or a simple form. */
export type SandboxReceiveRequest =
  | { raw: string }
  | { from: string; name?: string; subject: string; text: string; inReplyTo?: string };

export interface SandboxReceiveResponse {
  mailboxId: string;
  providerMessageId: string;
}

export interface DemoInfo {
  demo: boolean;
  mailbox: { id: string; address: string; displayName: string } | null;
  /** Customers of the demo store, so the "send as a customer" form can offer real senders and orders. */
  customers: { email: string; name: string | null; orders: { number: string; state: string }[] }[];
}
export * from "./commerce.ts";
