import { z } from "zod";

/** How a `rest_poll` feed reads a REST endpoint on a schedule. */
export const pollSettingsSchema = z.object({
  url: z.url({ protocol: /^https?$/ }),
  /** The header that carries the credentials (its value is sealed separately). */
  authHeader: z.string().trim().min(1).max(100).default("Authorization"),
  /** The query parameter that asks for items after a cursor ("since", "updated_after", "cursor"). */
  cursorParam: z.string().trim().min(1).max(100).default("since"),
  /** Where in the response the items are (JSONPath) and where the next cursor is. */
  itemsPath: z.string().trim().min(1).max(300).default("$.items[*]"),
  nextCursorPath: z.string().trim().min(1).max(300).default("$.next_cursor"),
  everySeconds: z.number().int().min(30).max(86_400).default(300),
});
export type PollSettings = z.output<typeof pollSettingsSchema>;
