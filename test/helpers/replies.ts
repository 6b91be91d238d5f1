import type { Executor } from "../../db/client.ts";
import { type ParsedEmail, parseEmail } from "../../integrations/mail/mime.ts";
import { SandboxMailbox } from "../../integrations/mail/sandbox/provider.ts";

/** What a customer received from a sandbox mailbox, parsed, oldest first. */
export async function repliesTo(db: Executor, mailboxId: string, address: string): Promise<ParsedEmail[]> {
  const sent = await new SandboxMailbox(db, mailboxId).sent();
  return (await Promise.all(sent.map((m) => parseEmail(m.raw)))).filter((m) => m.to.includes(address));
}
