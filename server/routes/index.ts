import type { Hono } from "hono";
import type { AppEnv } from "../http/env.ts";
import { registerConversationsGet } from "./conversations-get.ts";
import { registerConversationsList } from "./conversations-list.ts";
import { registerDemoInfo } from "./demo-info.ts";
import { registerHealthz } from "./healthz.ts";
import { registerMailboxesOutlookApp } from "./mailboxes-outlook-app.ts";
import { registerMailboxesOutlookAuthorize } from "./mailboxes-outlook-authorize.ts";
import { registerMailboxesOutlookCallback } from "./mailboxes-outlook-callback.ts";
import { registerReadyz } from "./readyz.ts";
import { registerReviewApprove } from "./review-approve.ts";
import { registerReviewGet } from "./review-get.ts";
import { registerReviewList } from "./review-list.ts";
import { registerReviewReject } from "./review-reject.ts";
import { registerSandboxReceive } from "./sandbox-receive.ts";
import { registerWebhooksGraphLifecycle } from "./webhooks-graph-lifecycle.ts";
import { registerWebhooksGraphNotifications } from "./webhooks-graph-notifications.ts";

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
  registerMailboxesOutlookAuthorize(app);
  registerMailboxesOutlookCallback(app);
  registerMailboxesOutlookApp(app);
  registerWebhooksGraphNotifications(app);
  registerWebhooksGraphLifecycle(app);
}
