import type { IncomingMessage } from "node:http";
import type { Context } from "hono";
import { ApiError } from "./errors.ts";

/**
 * A request's body, at most `maxBytes` (413 beyond, before reading more than that). Read straight from
 * Node's request stream when @hono/node-server serves the app: `c.req.text()` first builds a WHATWG
 * Request around it, which cost a webhook burst a fifth of the server's CPU. Requests made without
 * Node's server (`app.request` in tests) are read from the Request.
 */
export async function readBody(c: Context, maxBytes: number, what = "the body"): Promise<Buffer> {
  const tooLarge = () => new ApiError("PAYLOAD_TOO_LARGE", `${what} is larger than ${size(maxBytes)}`);
  const declared = Number(c.req.header("content-length") ?? Number.NaN);
  if (declared > maxBytes) throw tooLarge();
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming || incoming.readableEnded) {
    const bytes = Buffer.from(await c.req.arrayBuffer());
    if (bytes.length > maxBytes) throw tooLarge();
    return bytes;
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const onData = (chunk: Buffer) => {
      length += chunk.length;
      if (length <= maxBytes) return void chunks.push(chunk);
      // Stop keeping it: the rest is drained unread, and the 413 goes out.
      incoming.off("data", onData);
      incoming.resume();
      reject(tooLarge());
    };
    incoming.on("data", onData);
    incoming.once("error", reject);
    incoming.once("end", () => {
      if (length <= maxBytes)
        resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, length));
    });
  });
}

/** The body as UTF-8 text (see `readBody`). */
export async function readText(c: Context, maxBytes: number, what?: string): Promise<string> {
  return (await readBody(c, maxBytes, what)).toString("utf8");
}

const size = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.round(bytes / 1024)} KB`;
