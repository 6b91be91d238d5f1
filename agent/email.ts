import type { EmailForTriage } from "./types.ts";

/**
 * A plain-text email with no headers worth screening: how the eval and the tests hand the agent a
 * message that is only its words.
 */
export function plainTextEmail(
  text: string,
  options: { subject?: string; from?: string; name?: string | null } = {},
): EmailForTriage {
  return {
    from: { address: options.from ?? "customer@example.com", name: options.name ?? null },
    to: [],
    subject: options.subject ?? "",
    text,
    html: null,
    headers: {},
    contentType: "text/plain",
    receivedAt: new Date(),
  };
}
