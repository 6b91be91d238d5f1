import type { Hono } from "hono";
import type { AppEnv } from "../http/env.ts";
import { registerConversationsGet } from "./conversations-get.ts";
import { registerConversationsList } from "./conversations-list.ts";
import { registerDemoInfo } from "./demo-info.ts";
import { registerFeedsCreate } from "./feeds-create.ts";
import { registerFeedsGet } from "./feeds-get.ts";
import { registerFeedsList } from "./feeds-list.ts";
import { registerFeedsMapping } from "./feeds-mapping.ts";
import { registerFeedsPreview } from "./feeds-preview.ts";
import { registerFeedsReplay } from "./feeds-replay.ts";
import { registerFeedsRotateSecret } from "./feeds-rotate-secret.ts";
import { registerFeedsSecret } from "./feeds-secret.ts";
import { registerHealthz } from "./healthz.ts";
import { registerImportsCsv } from "./imports-csv.ts";
import { registerOrdersGet } from "./orders-get.ts";
import { registerReadyz } from "./readyz.ts";
import { registerReviewApprove } from "./review-approve.ts";
import { registerReviewGet } from "./review-get.ts";
import { registerReviewList } from "./review-list.ts";
import { registerReviewReject } from "./review-reject.ts";
import { registerSandboxReceive } from "./sandbox-receive.ts";
import { registerWebhooksFeed } from "./webhooks-feed.ts";

/** Every API route, one file each. */
export function registerRoutes(app: Hono<AppEnv>) {
  registerHealthz(app);
  registerReadyz(app);
  registerReviewList(app);
  registerReviewGet(app);
  registerReviewApprove(app);
  registerReviewReject(app);
  registerConversationsList(app);
  registerConversationsGet(app);
  registerSandboxReceive(app);
  registerDemoInfo(app);
  // Commerce connectors: feeds (logistics, admin) and their public, signature-checked webhooks.
  registerFeedsPreview(app);
  registerFeedsList(app);
  registerFeedsCreate(app);
  registerFeedsGet(app);
  registerFeedsSecret(app);
  registerFeedsRotateSecret(app);
  registerFeedsMapping(app);
  registerFeedsReplay(app);
  registerWebhooksFeed(app);
  registerImportsCsv(app);
  registerOrdersGet(app);
}
