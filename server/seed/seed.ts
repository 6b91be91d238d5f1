import { SandboxMailbox } from "../../integrations/mail/sandbox/provider.ts";
import type { AppContext } from "../context.ts";
import { recordAudit } from "../domain/audit.ts";
import { importOrders, storeIsEmpty } from "../domain/commerce/import-orders.ts";
import { ensureSandboxMailbox } from "../domain/mail/ensure-sandbox-mailbox.ts";
import { enqueueSync } from "../jobs/enqueue.ts";
import { demoEmails } from "./demo-emails.ts";
import { demoStore } from "./demo-store.ts";

/**
 * First start of the demo: the store's customers, orders and shipments, and its inbox of ~40 customer
 * emails, delivered to the sandbox mailbox so they flow through sync and triage like real mail.
 */
export async function seedDemo(ctx: AppContext): Promise<{ seeded: boolean; emails: number }> {
  const { supportAddress, brandName } = ctx.config.store;
  const mailboxId = await ensureSandboxMailbox(ctx.db, supportAddress, `${brandName} Support`);
  if (!(await storeIsEmpty(ctx.db))) return { seeded: false, emails: 0 };
  const now = ctx.clock();
  const report = await importOrders(ctx.db, demoStore(now));
  const sandbox = new SandboxMailbox(ctx.db, mailboxId, ctx.clock);
  const emails = demoEmails(now);
  for (const email of emails) await sandbox.deliver(email.raw);
  await recordAudit(ctx.db, {
    actor: { type: "system", name: "seed" },
    action: "demo.seeded",
    subjectType: "mailbox",
    subjectId: mailboxId,
    data: { ...report, emails: emails.length },
  });
  await enqueueSync(ctx, mailboxId, "demo seed");
  return { seeded: true, emails: emails.length };
}
