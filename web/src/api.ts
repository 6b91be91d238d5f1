import type {
  ApiError,
  ApproveRequest,
  ApproveResponse,
  ConversationDetail,
  ConversationListResponse,
  CsvImportResponse,
  DemoInfo,
  FeedDetailResponse,
  FeedKindView,
  FeedListResponse,
  FeedSecretResponse,
  FeedView,
  MappingPreviewResponse,
  OrderPageResponse,
  RejectRequest,
  ReplayResponse,
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

async function request<T>(
  method: "GET" | "POST" | "PUT",
  path: string,
  body?: unknown,
  raw?: { body: Blob; contentType: string },
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: raw
        ? { "content-type": raw.contentType }
        : body === undefined
          ? { accept: "application/json" }
          : { "content-type": "application/json" },
      body: raw ? raw.body : body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiRequestError("Can't reach the Mailroom server. Is it running?", 0, "network_error", null);
  }
  const payload: unknown = await response.json().catch(() => null);
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
  listFeeds: () => request<FeedListResponse>("GET", "/api/feeds"),
  createFeed: (body: { name: string; kind: FeedKindView; mapping?: unknown }) =>
    request<{ feed: FeedView } & FeedSecretResponse>("POST", "/api/feeds", body),
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
