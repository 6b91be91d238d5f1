import type { EmailForTriage } from "../../../agent/types.ts";
import { messages } from "../../../db/schema/index.ts";

/** The columns of a stored message the agent reads (select them with drizzle: `{...emailColumns}`). */
export const emailColumns = {
  fromAddress: messages.fromAddress,
  fromName: messages.fromName,
  toAddresses: messages.toAddresses,
  subject: messages.subject,
  textBody: messages.textBody,
  htmlBody: messages.htmlBody,
  headers: messages.headers,
  receivedAt: messages.receivedAt,
};

export interface StoredEmail {
  fromAddress: string;
  fromName: string | null;
  toAddresses: string[];
  subject: string;
  textBody: string;
  htmlBody: string | null;
  headers: Record<string, string>;
  receivedAt: Date;
}

/** A stored message as the agent reads it: triage, and a person's "regenerate" later. */
export function emailForTriage(message: StoredEmail): EmailForTriage {
  return {
    from: { address: message.fromAddress, name: message.fromName },
    to: message.toAddresses,
    subject: message.subject,
    text: message.textBody,
    html: message.htmlBody,
    headers: message.headers,
    contentType:
      (message.headers["content-type"] ?? "text/plain").split(";")[0]?.trim().toLowerCase() ?? "text/plain",
    receivedAt: message.receivedAt,
  };
}
