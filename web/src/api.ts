import type {
  AcceptInvitationRequest,
  ApiError,
  ApproveRequest,
  ApproveResponse,
  AuditListResponse,
  ConversationDetail,
  ConversationListResponse,
  CsvImportResponse,
  DemoInfo,
  FeedDetailResponse,
  FeedKindView,
  FeedListResponse,
  FeedSecretResponse,
  FeedView,
  ForwardRequest,
  InvitationIssued,
  InvitationView,
  InviteRequest,
  LoginRequest,
  MailboxListResponse,
  MappingPreviewResponse,
  OrderPageResponse,
  RedraftRequest,
  RedraftResponse,
  RejectRequest,
  ReplayResponse,
  ReviewItemDetail,
  ReviewListItem,
  ReviewListResponse,
  SandboxReceiveRequest,
  SandboxReceiveResponse,
  SessionView,
  UpdateUserRequest,
  UserListItem,
  UserListResponse,
} from "../../server/api/types.ts";

// The session's CSRF token: the server hands it out at sign-in and on /api/auth/me, and refuses unsafe
// requests that do not send it back in this header (server/http/auth.ts).
let csrfToken: string | null = null;

export function rememberSession(session: SessionView | null): void {
  csrfToken = session?.csrfToken ?? null;
}

/** Where a 401 sends the browser: the login page, then back here. */
export function loginPath(): string {
  const here = `${window.location.pathname}${window.location.search}`;
  return here.startsWith("/login") ? here : `/login?next=${encodeURIComponent(here)}`;
}

/** A failed API call, carrying the server's message so pages can show it as is. */
export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly requestId: string | null,
  ) {
    super(message);
    this.name = "ApiRequestError";
  }
}

function isApiError(value: unknown): value is ApiError {
  return typeof value === "object" && value !== null && typeof (value as ApiError).message === "string";
}

async function request<T>(
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE",
  path: string,
  body?: unknown,
  raw?: { body: Blob; contentType: string },
): Promise<T> {
  let response: Response;
  const headers: Record<string, string> = raw
    ? { "content-type": raw.contentType }
    : body === undefined
      ? { accept: "application/json" }
      : { "content-type": "application/json" };
  if (method !== "GET" && csrfToken) headers["x-csrf-token"] = csrfToken;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: raw ? raw.body : body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiRequestError("Can't reach the Mailroom server. Is it running?", 0, "network_error", null);
  }
  const payload: unknown = response.status === 204 ? null : await response.json().catch(() => null);
  // Signed out or expired: to the login page (the auth routes answer 401 for their own reasons).
  if (response.status === 401 && !path.startsWith("/api/auth/")) {
    rememberSession(null);
    window.location.assign(loginPath());
  }
  if (!response.ok) {
    if (isApiError(payload)) {
      throw new ApiRequestError(payload.message, response.status, payload.code, payload.requestId ?? null);
    }
    const message = `${response.status} ${response.statusText || "request failed"}`;
    throw new ApiRequestError(message, response.status, "http_error", null);
  }
  return payload as T;
}

const segment = encodeURIComponent;

export const api = {
  listReviewItems: (query: Record<string, string>) =>
    request<ReviewListResponse>("GET", `/api/review?${new URLSearchParams(query).toString()}`),
  reviewAction: (
    id: string,
    action: "assign" | "snooze" | "close" | "escalate" | "notes",
    body: Record<string, unknown>,
  ) => request<{ item: ReviewListItem }>("POST", `/api/review/${segment(id)}/${action}`, body),
  getReviewItem: (id: string) => request<ReviewItemDetail>("GET", `/api/review/${segment(id)}`),
  approveReviewItem: (id: string, body: ApproveRequest) =>
    request<ApproveResponse>("POST", `/api/review/${segment(id)}/approve`, body),
  forwardReviewItem: (id: string, body: ForwardRequest) =>
    request<{ send: { id: string; status: string } }>("POST", `/api/review/${segment(id)}/forward`, body),
  updateMailboxSignature: (id: string, body: { text: string; html: string }) =>
    request<{ signature: { text: string | null; html: string | null } }>(
      "PUT",
      `/api/mailboxes/${segment(id)}/signature`,
      body,
    ),
  redraftReviewItem: (id: string, body: RedraftRequest) =>
    request<RedraftResponse>("POST", `/api/review/${segment(id)}/redraft`, body),
  rejectReviewItem: (id: string, body: RejectRequest) =>
    request<{ item: ReviewListItem }>("POST", `/api/review/${segment(id)}/reject`, body),
  listConversations: () => request<ConversationListResponse>("GET", "/api/conversations"),
  getConversation: (id: string) => request<ConversationDetail>("GET", `/api/conversations/${segment(id)}`),
  sendSandboxMessage: (body: SandboxReceiveRequest) =>
    request<SandboxReceiveResponse>("POST", "/api/sandbox/messages", body),
  getDemoInfo: () => request<DemoInfo>("GET", "/api/demo"),
  listMailboxes: () => request<MailboxListResponse>("GET", "/api/mailboxes"),
  pauseMailbox: (id: string) => request<null>("POST", `/api/mailboxes/${segment(id)}/pause`),
  resumeMailbox: (id: string) => request<null>("POST", `/api/mailboxes/${segment(id)}/resume`),
  disconnectMailbox: (id: string) => request<null>("DELETE", `/api/mailboxes/${segment(id)}`),
  me: () => request<SessionView>("GET", "/api/auth/me"),
  login: (body: LoginRequest) => request<SessionView>("POST", "/api/auth/login", body),
  logout: () => request<null>("POST", "/api/auth/logout"),
  getInvitation: (token: string) => request<InvitationView>("GET", `/api/auth/invitations/${segment(token)}`),
  acceptInvitation: (token: string, body: AcceptInvitationRequest) =>
    request<SessionView>("POST", `/api/auth/invitations/${segment(token)}/accept`, body),
  listUsers: () => request<UserListResponse>("GET", "/api/users"),
  inviteUser: (body: InviteRequest) => request<InvitationIssued>("POST", "/api/users/invitations", body),
  updateUser: (id: string, body: UpdateUserRequest) =>
    request<UserListItem>("PATCH", `/api/users/${segment(id)}`, body),
  listAudit: (query: Record<string, string>) =>
    request<AuditListResponse>("GET", `/api/audit?${new URLSearchParams(query).toString()}`),
  listFeeds: () => request<FeedListResponse>("GET", "/api/feeds"),
  createFeed: (body: {
    name: string;
    kind: FeedKindView;
    mapping?: unknown;
    poll?: Record<string, string | number>;
    pollAuth?: string;
  }) => request<{ feed: FeedView } & FeedSecretResponse>("POST", "/api/feeds", body),
  getFeed: (id: string, show: "all" | "errors" = "all") =>
    request<FeedDetailResponse>("GET", `/api/feeds/${segment(id)}?show=${show}`),
  getFeedSecret: (id: string) => request<FeedSecretResponse>("GET", `/api/feeds/${segment(id)}/secret`),
  rotateFeedSecret: (id: string) =>
    request<FeedSecretResponse>("POST", `/api/feeds/${segment(id)}/rotate-secret`, {}),
  saveFeedMapping: (id: string, mapping: unknown) =>
    request<{ feed: FeedView }>("PUT", `/api/feeds/${segment(id)}/mapping`, { mapping }),
  previewFeed: (body: {
    kind: FeedKindView;
    payload: unknown;
    mapping?: unknown;
    headers?: Record<string, string>;
  }) => request<MappingPreviewResponse>("POST", "/api/feeds/preview", body),
  replayDelivery: (feedId: string, deliveryId: string) =>
    request<ReplayResponse>(
      "POST",
      `/api/feeds/${segment(feedId)}/deliveries/${segment(deliveryId)}/replay`,
      {},
    ),
  replayFeed: (feedId: string) =>
    request<{ replayed: number; applied: number }>("POST", `/api/feeds/${segment(feedId)}/replay`, {}),
  importCsv: (kind: "orders" | "shipments", file: File, timeZone: string) =>
    request<CsvImportResponse>(
      "POST",
      `/api/imports/csv?kind=${kind}&timeZone=${segment(timeZone)}`,
      undefined,
      { body: file, contentType: "text/csv" },
    ),
  getOrder: (number: string) => request<OrderPageResponse>("GET", `/api/orders/${segment(number)}`),
};

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
