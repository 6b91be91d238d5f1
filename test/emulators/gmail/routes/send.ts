/**
 * `users.messages.send`, both ways the SDK sends it: JSON `{raw, threadId}` on `/gmail/v1/...`, and media
 * upload on `/upload/gmail/v1/...` (`uploadType=media` with a `message/rfc822` body, or `uploadType=multipart`:
 * `multipart/related` with JSON metadata then the message). Resumable uploads are not emulated.
 * The message is stored with the SENT label; a missing `Message-ID` is added, nothing else is rewritten.
 */
import { z } from "zod";
import { ensureMessageId, headerValue, parseEntity, parseMessage } from "../mime.ts";
import { type Answer, badRequest } from "../wire.ts";
import { type GmailRoute, jsonBody, type RouteContext } from "./context.ts";

const SendBody = z.looseObject({
  raw: z.string().optional(),
  threadId: z.string().optional(),
});

const RAW_REQUIRED = "'raw' RFC822 payload message string or uploading message via /upload/* URL required";

function send(context: RouteContext): Answer {
  const body = jsonBody(context, SendBody);
  if (!body.ok) return body.answer;
  if (!body.value.raw) return badRequest(RAW_REQUIRED);
  return store(context, Buffer.from(body.value.raw, "base64url"), body.value.threadId);
}

function upload(context: RouteContext): Answer {
  const uploadType = context.query.get("uploadType");
  if (uploadType === "media") return store(context, context.body, undefined);
  if (uploadType !== "multipart") {
    return badRequest(
      `emulator: uploadType=${uploadType ?? "(none)"} is not emulated (media or multipart only)`,
    );
  }
  const entity = parseEntity(
    Buffer.concat([Buffer.from(`Content-Type: ${context.contentType}\r\n\r\n`), context.body]),
  );
  const [metadataPart, messagePart] = entity.parts;
  if (!entity.mimeType.startsWith("multipart/") || !metadataPart || !messagePart) {
    return badRequest("emulator: a multipart upload needs a JSON part and a message/rfc822 part");
  }
  let metadata: z.infer<typeof SendBody>;
  try {
    metadata = SendBody.parse(JSON.parse(metadataPart.content.toString("utf8")));
  } catch {
    return badRequest("Invalid JSON payload received.");
  }
  return store(context, messagePart.content, metadata.threadId);
}

function store(context: RouteContext, raw: Buffer, threadId: string | undefined): Answer {
  if (raw.length === 0) return badRequest(RAW_REQUIRED);
  const headers = parseMessage(raw).root.headers;
  if (!["to", "cc", "bcc"].some((name) => headerValue(headers, name)?.trim())) {
    return badRequest("Recipient address required");
  }
  const message = context.mailbox.add(ensureMessageId(raw), {
    labelIds: ["SENT"],
    internalDate: context.now,
    requestedThreadId: threadId,
  });
  return {
    status: 200,
    body: { id: message.id, threadId: message.threadId, labelIds: [...message.labelIds] },
  };
}

export const sendRoutes: GmailRoute[] = [
  { method: "POST", pattern: /^\/messages\/send$/, handle: send },
  { method: "POST", pattern: /^\/messages\/send$/, upload: true, handle: upload },
];
