import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { base64Hmac, mintFeed } from "../commerce/feeds-helpers.ts";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.ts";

/**
 * Bodies read straight from Node's request stream (server/http/raw-body.ts), over a real socket: intact
 * bytes for the signature, and a clear 413 past the limit whether the size is declared or not.
 */
describe("request bodies over HTTP", () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await createTestRuntime({ database: "pglite", queue: "in-process", workers: false, listen: true });
  });
  afterAll(() => rt.dispose());

  const post = (path: string, body: Buffer, headers: Record<string, string>, chunked = false) =>
    new Promise<{ status: number; json: { code?: string; message?: string; verdict?: string } }>(
      (resolve, reject) => {
        const url = new URL(path, rt.url as string);
        const req = http.request(
          {
            host: url.hostname,
            port: url.port,
            path: url.pathname,
            method: "POST",
            headers: chunked ? headers : { ...headers, "content-length": String(body.length) },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () =>
              resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString()) }),
            );
          },
        );
        req.on("error", reject);
        if (chunked) {
          // Sent in pieces without a length, as a streaming sender would.
          for (let at = 0; at < body.length; at += 64 * 1024) req.write(body.subarray(at, at + 64 * 1024));
          req.end();
        } else req.end(body);
      },
    );

  it("verifies a signed webhook against the exact bytes it was sent, multi-byte characters and all", async () => {
    const feed = await mintFeed(rt.ctx, "aftership");
    const body = JSON.stringify({
      event_id: "evt-body-1",
      msg: {
        tracking_number: "NOPE-1",
        slug: "dhl",
        tag: "InTransit",
        note: "Livrare în curând — 马上送达 ".repeat(2_000),
      },
    });
    const bytes = Buffer.from(body, "utf8");
    for (const chunked of [false, true]) {
      const res = await post(
        `/webhooks/feeds/${feed.id}`,
        bytes,
        { "content-type": "application/json", "aftership-hmac-sha256": base64Hmac(body, feed.secret) },
        chunked,
      );
      // Signature accepted: the body arrived intact (an unknown parcel is kept for replay, not refused).
      expect(res.status).not.toBe(401);
      expect(res.status).toBeLessThan(500);
    }
  });

  it("refuses a payload over the limit with 413, declared or streamed", async () => {
    const feed = await mintFeed(rt.ctx, "aftership");
    const big = Buffer.alloc(3 * 1024 * 1024, "a");
    for (const chunked of [false, true]) {
      const res = await post(
        `/webhooks/feeds/${feed.id}`,
        big,
        { "content-type": "application/json" },
        chunked,
      );
      expect(res.status).toBe(413);
      expect(res.json).toMatchObject({
        code: "PAYLOAD_TOO_LARGE",
        message: "the payload is larger than 2 MB",
      });
    }
    // The server is still there for the next sender.
    const small = JSON.stringify({ event_id: "evt-after", msg: {} });
    const after = await post(`/webhooks/feeds/${feed.id}`, Buffer.from(small), {
      "content-type": "application/json",
      "aftership-hmac-sha256": base64Hmac(small, feed.secret),
    });
    expect(after.status).not.toBe(413);
  });
});
