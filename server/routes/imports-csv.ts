import type { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { CsvImportResponse } from "../api/types.ts";
import { importCommerceCsv, importCommerceCsvOptions } from "../domain/commerce/import-commerce-csv.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";
import { ApiError } from "../http/errors.ts";
import { validate } from "../http/validate.ts";
import { requestActor } from "./actor.ts";

/**
 * Roles (at merge): logistics, admin. Upload a CSV of orders or shipments: the file as the body
 * (text/csv or application/octet-stream, any encoding) or as `file` in a multipart form. Answers the
 * per-row report; broken rows never stop the good ones.
 */
export function registerImportsCsv(app: Hono<AppEnv>) {
  app.post(
    "/api/imports/csv",
    allow("logistics", "admin"),
    validate("query", importCommerceCsvOptions),
    bodyLimit({
      maxSize: 50 * 1024 * 1024,
      onError: () => {
        throw new ApiError("BAD_REQUEST", "the file is larger than 50 MB");
      },
    }),
    async (c) => {
      const type = c.req.header("content-type") ?? "";
      let bytes: Buffer;
      if (type.startsWith("multipart/form-data")) {
        const file = (await c.req.parseBody()).file;
        if (!(file instanceof File)) throw new ApiError("BAD_REQUEST", "the form has no file field");
        bytes = Buffer.from(await file.arrayBuffer());
      } else {
        bytes = Buffer.from(await c.req.arrayBuffer());
      }
      if (bytes.length === 0) throw new ApiError("BAD_REQUEST", "the file is empty");
      const response: CsvImportResponse = await importCommerceCsv(
        { ctx: c.var.ctx, actor: requestActor(c) },
        bytes,
        c.req.valid("query"),
      );
      return c.json(response);
    },
  );
}
