import { englishEmails } from "./demo-emails/en.ts";
import { machineEmails } from "./demo-emails/machine.ts";
import { type DemoEmail, renderEmails } from "./demo-emails/message.ts";
import { romanianEmails } from "./demo-emails/ro.ts";
import { chineseEmails } from "./demo-emails/zh.ts";

export type { DemoEmail } from "./demo-emails/message.ts";

/**
 * The demo inbox: ~40 raw RFC 5322 messages from the demo store's customers and a few strangers, in
 * English, Chinese (simplified and traditional) and Romanian, plus an auto-reply, a bounce and a
 * newsletter. Oldest first, numbered <demo-01@mail.example.com>…; every date is relative to `now`.
 */
export function demoEmails(now: Date): DemoEmail[] {
  return renderEmails([
    ...englishEmails(now),
    ...chineseEmails(now),
    ...romanianEmails(now),
    ...machineEmails(now),
  ]);
}
