import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { SandboxMailbox } from "../../integrations/mail/sandbox/provider.ts";
import { ensureSandboxMailbox } from "../../server/domain/mail/ensure-sandbox-mailbox.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/databases.ts";
import { customerEmail } from "../helpers/factories.ts";

// Postgres only: PGlite has one connection, so its deliveries cannot overlap.
describe("sandbox mailbox on postgres", () => {
  let database: TestDatabase;
  let db: Database;
  let mailboxId: string;

  beforeAll(async () => {
    database = await createTestDatabase("postgres");
    db = database.handle.db;
    mailboxId = await ensureSandboxMailbox(db, "support@sandbox-order.example", "Support");
  });
  afterAll(() => database.dispose());

  const email = (n: number) =>
    customerEmail({
      from: "ana@example.com",
      subject: `Order question ${n}`,
      text: "Where is my order?",
      messageId: `<overlap-${n}@example.com>`,
    });

  it("a sync listing while deliveries overlap never moves its cursor past one still committing", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    const list = async () => {
      const page = await new SandboxMailbox(db, mailboxId).listChanges(cursor, 100);
      seen.push(...page.messages.map((m) => m.providerMessageId));
      cursor = page.nextCursor;
    };

    // The first delivery's transaction stays open (a slow commit) while a second delivery is made and a
    // sync looks at the inbox.
    let commitFirst!: () => void;
    const held = new Promise<void>((resolve) => {
      commitFirst = resolve;
    });
    let first!: string;
    const firstDone = db.transaction(async (tx) => {
      first = (await new SandboxMailbox(tx, mailboxId).deliver(email(1))).providerMessageId;
      await held;
    });
    await new Promise((r) => setTimeout(r, 50));
    const second = new SandboxMailbox(db, mailboxId).deliver(email(2));
    await new Promise((r) => setTimeout(r, 100));
    await list();

    commitFirst();
    await firstDone;
    const secondId = (await second).providerMessageId;
    await list();

    expect(new Set(seen)).toEqual(new Set([first, secondId]));
  });
});
