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
  mailboxId: string;
  assigneeId: string | null;
  assigneeName: string | null;
  snoozedUntil: string | null;
}

/** The queue's saved views; each has a count on the queue page. */
export type ReviewView = "all" | "mine" | "unassigned" | "escalated" | "overdue" | "snoozed";

export interface ReviewListResponse {
  items: ReviewListItem[];
  /** Open items per view (filters other than the view do not apply to counts). */
  counts: Record<ReviewView, number> & { open: number };
  /** More items match than were returned; ask again with `after=nextCursor` (or `offset`). */
  hasMore: boolean;
  /** With `hasMore`: where this page ended, for `after` (keyset paging: stable while items come and go). */
  nextCursor: string | null;
}

export interface ReviewNoteView {
  id: string;
  body: string;
  authorName: string | null;
  at: string;
}

/** Who else is looking at an item right now (presence is per server process). */
export interface ReviewViewer {
  userId: string;
  name: string;
}

/** What `GET /api/review/events` streams. */
export type ReviewEvent =
  | { type: "item.created" | "item.changed"; itemId: string; status: string; at: string }
  | { type: "presence"; itemId: string; viewers: ReviewViewer[] };

export interface MessageView {
  id: string;
  direction: "inbound" | "outbound";
  status: string;
  from: string;
  fromName: string | null;
  to: string[];
  /** Copies; blind copies only on what we sent. */
  cc: string[];
  bcc: string[];
  subject: string;
  text: string;
  /** The HTML body made safe to show (server/queries/message-html.ts); null for plain-text mail. */
  html: string | null;
  /** Remote images in `html`, held back until the reader asks for them. */
  remoteImages: number;
  at: string;
  /** For outbound: whether Mailroom sent it on its own or a person approved it. */
  sentBy: "auto" | "person" | null;
  attachments: AttachmentView[];
}

/** An attachment as the thread lists it; its content at `GET /api/messages/:messageId/attachments/:id`. */
export interface AttachmentView {
  id: string;
  /** As the sender named it, or null. */
  filename: string | null;
  contentType: string;
  size: number;
  inline: boolean;
  /** Set when the content was not stored (over MAILROOM_ATTACHMENT_MAX_BYTES): nothing to download. */
  omitted: "too_large" | null;
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
  /** Returns (RMAs) and refunds, newest first. */
  returns: { rmaNumber: string; status: string; reason: string | null; updatedAt: string }[];
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
  /** Changes when the body is written again (Regenerate), so the editor knows to take the new text. */
  updatedAt: string;
}

/** The quick asks of "Regenerate" (agent/types.ts `redraftPresets`). */
export type RedraftPreset = "shorter" | "more_formal" | "apologise" | "offer_replacement";

export interface RedraftRequest {
  presets: RedraftPreset[];
  /** The person's own words; the offline engine reads the quick asks out of them. */
  instruction?: string;
}

export interface RedraftResponse {
  draft: DraftView;
}

export interface ReviewItemDetail {
  item: ReviewListItem;
  messages: MessageView[];
  triage: TriageView | null;
  decision: DecisionView | null;
  draft: DraftView | null;
  orders: OrderView[];
  /** The customer's other conversations with the store, newest first (up to 10). */
  pastConversations: PastConversationView[];
  notes: ReviewNoteView[];
}

export interface PastConversationView {
  id: string;
  subject: string;
  status: string;
  lastMessageAt: string;
  messages: number;
}

export interface ApproveRequest {
  /** When present, the person's edit replaces the draft's body before sending. */
  body?: string;
  /** Copies and blind copies of the reply. */
  cc?: string[];
  bcc?: string[];
}

export interface ForwardRequest {
  to: string[];
  note: string;
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

/** GET /api/mailboxes: each connected mailbox and how its sync stands. */
export interface MailboxView {
  id: string;
  provider: "sandbox" | "gmail" | "outlook";
  address: string;
  displayName: string;
  status: "active" | "paused" | "needs_reconnect" | "disconnected";
  lastSyncAt: string | null;
  lastError: string | null;
  /** The provider asked us to wait until then (Retry-After). */
  throttledUntil: string | null;
  /** Messages stored but not yet triaged, and replies waiting to go out. */
  backlog: { untriaged: number; unsent: number };
  /** Gmail watch or Graph subscription; null when the mailbox is polled only. */
  push: { expiresAt: string; lastNotificationAt: string | null; lastError: string | null } | null;
  /** Appended to every reply sent from it. */
  signature: { text: string | null; html: string | null };
  createdAt: string;
}

export interface MailboxListResponse {
  mailboxes: MailboxView[];
  /** Which providers this server is set up to connect (their app credentials are configured). */
  connectable: { gmail: boolean; outlook: boolean };
}

export type UserRole = "agent" | "manager" | "logistics" | "admin";

export interface UserView {
  id: string;
  email: string;
  name: string;
  role: UserRole;
}

/** The signed-in person, and the token every unsafe request sends back in `x-csrf-token`. */
export interface SessionView {
  user: UserView;
  csrfToken: string;
}

export interface LoginRequest {
  email: string;
  password: string;
}

export interface InvitationView {
  id: string;
  email: string;
  role: UserRole;
  expiresAt: string;
}

/** An issued invitation: `path` (`/invite/<token>`) is shown once, to the admin who made it. */
export interface InvitationIssued extends InvitationView {
  path: string;
}

export interface InviteRequest {
  email: string;
  role: UserRole;
}

export interface AcceptInvitationRequest {
  name: string;
  password: string;
}

export interface UserListItem extends UserView {
  active: boolean;
  createdAt: string;
  lastSeenAt: string | null;
}

export interface UserListResponse {
  users: UserListItem[];
  invitations: (InvitationView & { createdAt: string })[];
}

export interface UpdateUserRequest {
  role?: UserRole;
  active?: boolean;
}

export interface AuditEventView {
  id: string;
  at: string;
  actorType: "system" | "user";
  actor: string;
  /** For a person: their name and email as they are now. */
  actorName: string | null;
  actorEmail: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  reason: string | null;
  data: Record<string, unknown>;
}

export interface AuditListResponse {
  events: AuditEventView[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

/** `POST /api/mailboxes/outlook/app`: the mailbox, and whether Graph push is on (else it is polled). */
export interface ConnectOutlookResponse {
  mailboxId: string;
  push: { subscribed: boolean; expiresAt: string | null };
}
export * from "./commerce.ts";
