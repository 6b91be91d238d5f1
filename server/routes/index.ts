import type { Hono } from "hono";
import type { AppEnv } from "../http/env.ts";
import { registerConversationsGet } from "./conversations-get.ts";
import { registerConversationsList } from "./conversations-list.ts";
import { registerDemoInfo } from "./demo-info.ts";
import { registerHealthz } from "./healthz.ts";
import { registerMailboxes } from "./mailboxes.ts";
import { registerMailboxesGmail } from "./mailboxes-gmail.ts";
import { registerReadyz } from "./readyz.ts";
import { registerReviewApprove } from "./review-approve.ts";
import { registerReviewGet } from "./review-get.ts";
import { registerReviewList } from "./review-list.ts";
import { registerReviewReject } from "./review-reject.ts";
import { registerSandboxReceive } from "./sandbox-receive.ts";
import { registerWebhooksGmail } from "./webhooks-gmail.ts";

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
  registerMailboxes(app);
  registerMailboxesGmail(app);
  registerWebhooksGmail(app);
}
