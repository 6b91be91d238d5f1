import { eq } from "drizzle-orm";
import { messages, sends } from "../../db/schema/index.ts";
import { SandboxMailbox } from "../../integrations/mail/sandbox/provider.ts";
import { sendReply } from "../../server/domain/mail/send-reply.ts";
import { syncMailbox } from "../../server/domain/mail/sync-mailbox.ts";
import { triageMessage } from "../../server/domain/triage/triage-message.ts";
import { customerEmail, mintOrder } from "../helpers/factories.ts";
import { createTestRuntime } from "../helpers/runtime.ts";

const db = (process.argv[2] ?? "postgres") as "postgres" | "pglite";
const rt = await createTestRuntime({ database: db, queue: "in-process", workers: false });
const n = 500;
const orders = [];
for (let i = 0; i < 50; i++)
  orders.push(await mintOrder(rt.ctx.db, { now: new Date(), standing: "on_time" }));
const box = new SandboxMailbox(rt.ctx.db, rt.mailboxId);
let t = performance.now();
const lap = (label: string) => {
  const now = performance.now();
  console.log(label, ((now - t) / n).toFixed(2), "ms/email");
  t = now;
};
for (let i = 0; i < n; i++) {
  const o = orders[i % 50]!;
  await box.deliver(
    customerEmail({ from: o.email, subject: "Where is my order?", text: `Where is my order ${o.number}?` }),
  );
}
lap("deliver");
await syncMailbox(rt.ctx, rt.mailboxId);
lap("sync");
const ids = await rt.ctx.db.select({ id: messages.id }).from(messages).where(eq(messages.status, "received"));
for (const { id } of ids) await triageMessage(rt.ctx, id);
lap("triage");
const s = await rt.ctx.db.select({ id: sends.id }).from(sends);
for (const { id } of s) await sendReply(rt.ctx, id);
lap("send");
await rt.dispose();
process.exit(0);
