import type { Hono } from "hono";
import type { AppEnv } from "../http/env.ts";
import { registerAuditList } from "./audit-list.ts";
import { registerAuthLogin } from "./auth-login.ts";
import { registerAuthLogout } from "./auth-logout.ts";
import { registerAuthMe } from "./auth-me.ts";
import { registerConversationsGet } from "./conversations-get.ts";
import { registerConversationsList } from "./conversations-list.ts";
import { registerDemoInfo } from "./demo-info.ts";
import { registerHealthz } from "./healthz.ts";
import { registerInvitationAccept } from "./invitation-accept.ts";
import { registerInvitationGet } from "./invitation-get.ts";
import { registerReadyz } from "./readyz.ts";
import { registerReviewApprove } from "./review-approve.ts";
import { registerReviewGet } from "./review-get.ts";
import { registerReviewList } from "./review-list.ts";
import { registerReviewReject } from "./review-reject.ts";
import { registerSandboxReceive } from "./sandbox-receive.ts";
import { registerUsersInvite } from "./users-invite.ts";
import { registerUsersList } from "./users-list.ts";
import { registerUsersUpdate } from "./users-update.ts";

/** Every API route, one file each; each declares who may call it with `allow(...)` (server/http/auth.ts). */
export function registerRoutes(app: Hono<AppEnv>) {
  registerHealthz(app);
  registerReadyz(app);
  registerAuthLogin(app);
  registerAuthLogout(app);
  registerAuthMe(app);
  registerInvitationGet(app);
  registerInvitationAccept(app);
  registerUsersList(app);
  registerUsersInvite(app);
  registerUsersUpdate(app);
  registerAuditList(app);
  registerReviewList(app);
  registerReviewGet(app);
  registerReviewApprove(app);
  registerReviewReject(app);
  registerConversationsList(app);
  registerConversationsGet(app);
  registerSandboxReceive(app);
  registerDemoInfo(app);
}
