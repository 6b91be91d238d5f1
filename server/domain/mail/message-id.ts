import { randomUUID } from "node:crypto";

/**
 * A Message-ID for mail we send from `mailboxAddress`: unique, and under the mailbox's own domain, as
 * RFC 5322 §3.6.4 advises — providers may rewrite an id without a proper domain, which would break
 * finding our own sent mail again after an ambiguous failure.
 */
export function newMessageId(mailboxAddress: string): string {
  const domain = mailboxAddress.split("@")[1] || "mailroom.invalid";
  return `<${randomUUID()}@${domain}>`;
}
