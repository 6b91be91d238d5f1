import { eq } from "drizzle-orm";
import type { Executor } from "../../../db/client.ts";
import { mailboxes } from "../../../db/schema/index.ts";

/** The sandbox mailbox for an address, created on first use (the demo's inbox, the tests'). */
export async function ensureSandboxMailbox(
  db: Executor,
  address: string,
  displayName: string,
): Promise<string> {
  await db.insert(mailboxes).values({ provider: "sandbox", address, displayName }).onConflictDoNothing();
  const [row] = await db.select({ id: mailboxes.id }).from(mailboxes).where(eq(mailboxes.address, address));
  if (!row) throw new Error(`sandbox mailbox ${address} could not be created`);
  return row.id;
}
