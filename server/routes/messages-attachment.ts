import type { Hono } from "hono";
import { z } from "zod";
import { allow } from "../http/auth.ts";
import { downloadHeaders } from "../http/download.ts";
import type { AppEnv } from "../http/env.ts";
import { ApiError } from "../http/errors.ts";
import { validate } from "../http/validate.ts";
import { attachmentDownload } from "../queries/attachments.ts";

/** An attachment's content, always as a download (server/http/download.ts says why the headers). */
export function registerMessagesAttachment(app: Hono<AppEnv>) {
  app.get(
    "/api/messages/:messageId/attachments/:attachmentId",
    allow("agent", "manager", "admin"),
    validate("param", z.object({ messageId: z.uuid(), attachmentId: z.uuid() })),
    async (c) => {
      const { messageId, attachmentId } = c.req.valid("param");
      const attachment = await attachmentDownload(c.var.ctx.db, messageId, attachmentId);
      if (!attachment) throw new ApiError("NOT_FOUND", `attachment ${attachmentId} not found`);
      if (!attachment.content)
        throw new ApiError(
          "NOT_FOUND",
          `attachment ${attachmentId} was not stored (${attachment.omitted ?? "no content"}); the original is in the sender's mail`,
        );
      return c.body(new Uint8Array(attachment.content), 200, {
        ...downloadHeaders(attachment.filename, attachment.contentType),
        "Content-Length": String(attachment.content.byteLength),
      });
    },
  );
}
