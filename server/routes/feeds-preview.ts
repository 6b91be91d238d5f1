import type { Hono } from "hono";
import { z } from "zod";
import { feedKinds } from "../../db/schema/index.ts";
import { commerceFeeds } from "../../integrations/commerce/feed.ts";
import { fieldMappingSchema, previewMapping } from "../../integrations/commerce/mapping.ts";
import { NormalisationError } from "../../integrations/commerce/normalised.ts";
import type { MappingPreviewResponse } from "../api/types.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";
import { validate } from "../http/validate.ts";

const body = z.object({
  kind: z.enum(feedKinds),
  /** A sample payload, as the sender would post it. */
  payload: z.unknown(),
  mapping: fieldMappingSchema.optional(),
  /** For formats that need one (Shopify's X-Shopify-Topic). */
  headers: z.record(z.string(), z.string()).default({}),
});

/**
 * Roles (at merge): logistics, admin. The live preview behind the mapping editor: what a sample
 * payload becomes under a mapping, and every problem — nothing is stored.
 */
export function registerFeedsPreview(app: Hono<AppEnv>) {
  app.post("/api/feeds/preview", allow("logistics", "admin"), validate("json", body), async (c) => {
    const { kind, payload, mapping, headers } = c.req.valid("json");
    let response: MappingPreviewResponse;
    if (kind === "generic_json" || kind === "rest_poll") {
      const preview = previewMapping(payload, mapping ?? fieldMappingSchema.parse({}));
      response = { update: preview.update, problems: preview.problems, picked: preview.picked };
    } else {
      const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
      try {
        const update = commerceFeeds[kind].normalise(payload, { body: "", headers: lower }, null);
        response = { update, problems: [], picked: {} };
      } catch (error) {
        if (!(error instanceof NormalisationError)) throw error;
        response = { update: null, problems: error.problems, picked: {} };
      }
    }
    return c.json(response);
  });
}
