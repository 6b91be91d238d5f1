import type {
  ApiError,
  ApproveRequest,
  ApproveResponse,
  ConversationDetail,
  ConversationListResponse,
  DemoInfo,
  MailboxListResponse,
  RejectRequest,
  ReviewItemDetail,
  ReviewListItem,
  ReviewListResponse,
  SandboxReceiveRequest,
  SandboxReceiveResponse,
} from "../../server/api/types.ts";

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

async function request<T>(method: "GET" | "POST" | "DELETE", path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? { accept: "application/json" } : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiRequestError("Can't reach the Mailroom server. Is it running?", 0, "network_error", null);
  }
  const payload: unknown = response.status === 204 ? null : await response.json().catch(() => null);
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
  listOpenReviewItems: () => request<ReviewListResponse>("GET", "/api/review?status=open"),
  getReviewItem: (id: string) => request<ReviewItemDetail>("GET", `/api/review/${segment(id)}`),
  approveReviewItem: (id: string, body: ApproveRequest) =>
    request<ApproveResponse>("POST", `/api/review/${segment(id)}/approve`, body),
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
};

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
