import { randomUUID } from "node:crypto";
import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import type { Executor } from "../../../db/client.ts";
import { mailboxes, sandboxMail } from "../../../db/schema/index.ts";
import { composeReply } from "../compose.ts";
import type { ChangePage, HandledState, MailProvider, OutgoingReply, ProviderMessage } from "../types.ts";

/**
 * A real MailProvider whose "server" is a table in our own database: the demo's mailbox and the
 * tests' stand-in for Gmail and Outlook. Mail is delivered to it with `deliver`, read back through
 * the same sync path as any provider, and what Mailroom sends is recorded, threaded, in its sent folder.
 */
export class SandboxMailbox implements MailProvider {
  readonly kind = "sandbox" as const;

  constructor(
    private readonly db: Executor,
    readonly mailboxId: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** A message arrives from outside. Threads like Gmail does: by In-Reply-To/References, else new. */
  async deliver(raw: Buffer | string): Promise<ProviderMessage> {
    const bytes = Buffer.isBuffer(raw) ? raw : Buffer.from(raw, "utf8");
    const head = readThreadingHeaders(bytes);
    const threadId = (await this.threadOf(head.parents)) ?? randomUUID();
    const providerMessageId = `sbx-${randomUUID()}`;
    // Sync reads the inbox by `seq`. Concurrent deliveries take their seq in one order and may commit in
    // another, so a sync could see seq 11 before 10 commits and move its cursor past 10 for good. Taking
    // the mailbox's turn (a lock held to commit, in the same statement) makes seq order commit order.
    await this.db.execute(sql`
      with turn as (select pg_advisory_xact_lock(hashtextextended(${this.mailboxId}, 0)))
      insert into ${sandboxMail} (mailbox_id, folder, provider_message_id, thread_id, rfc_message_id, raw)
      select ${this.mailboxId}::uuid, 'inbox', ${providerMessageId}, ${threadId}, ${head.messageId}, ${bytes}
      from turn`);
    return { providerMessageId, threadId, raw: bytes };
  }

  async listChanges(cursor: string | null, limit: number): Promise<ChangePage> {
    const after = cursor ? Number(cursor) : 0;
    const rows = await this.db
      .select({
        seq: sandboxMail.seq,
        providerMessageId: sandboxMail.providerMessageId,
        threadId: sandboxMail.threadId,
      })
      .from(sandboxMail)
      .where(
        and(
          eq(sandboxMail.mailboxId, this.mailboxId),
          eq(sandboxMail.folder, "inbox"),
          gt(sandboxMail.seq, after),
        ),
      )
      .orderBy(asc(sandboxMail.seq))
      .limit(limit);
    const last = rows.at(-1);
    return {
      messages: rows.map(({ providerMessageId, threadId }) => ({ providerMessageId, threadId })),
      nextCursor: String(last ? last.seq : after),
      hasMore: rows.length === limit,
    };
  }

  async getMessages(providerMessageIds: string[]): Promise<ProviderMessage[]> {
    if (providerMessageIds.length === 0) return [];
    const rows = await this.db
      .select({
        providerMessageId: sandboxMail.providerMessageId,
        raw: sandboxMail.raw,
        threadId: sandboxMail.threadId,
      })
      .from(sandboxMail)
      .where(
        and(
          eq(sandboxMail.mailboxId, this.mailboxId),
          inArray(sandboxMail.providerMessageId, providerMessageIds),
        ),
      );
    const byId = new Map(rows.map((row) => [row.providerMessageId, row]));
    return providerMessageIds.flatMap((id) => byId.get(id) ?? []);
  }

  async sendReply(reply: OutgoingReply): Promise<{ providerMessageId: string }> {
    const result = await this.acceptReply(reply);
    if (await this.takeFault("lostResponseAfterSend")) {
      // The provider accepted the message, but its answer never reached us (a timeout after accept).
      throw new SandboxFaultError("sandbox: connection lost after the message was accepted");
    }
    return result;
  }

  private async acceptReply(reply: OutgoingReply): Promise<{ providerMessageId: string }> {
    const raw = await composeReply(reply, this.clock());
    const threadId = reply.threadId ?? (await this.threadOf(reply.references)) ?? randomUUID();
    const providerMessageId = `sbx-${randomUUID()}`;
    await this.db.insert(sandboxMail).values({
      mailboxId: this.mailboxId,
      folder: "sent",
      providerMessageId,
      threadId,
      rfcMessageId: reply.rfcMessageId,
      raw,
    });
    return { providerMessageId };
  }

  async findSent(rfcMessageId: string): Promise<{ providerMessageId: string } | null> {
    const [row] = await this.db
      .select({ providerMessageId: sandboxMail.providerMessageId })
      .from(sandboxMail)
      .where(
        and(
          eq(sandboxMail.mailboxId, this.mailboxId),
          eq(sandboxMail.folder, "sent"),
          eq(sandboxMail.rfcMessageId, rfcMessageId),
        ),
      );
    return row ?? null;
  }

  async markHandled(providerMessageIds: string[], state: HandledState): Promise<void> {
    if (providerMessageIds.length === 0) return;
    await this.db
      .update(sandboxMail)
      .set({ labels: [`Mailroom/${state}`] })
      .where(
        and(
          eq(sandboxMail.mailboxId, this.mailboxId),
          inArray(sandboxMail.providerMessageId, providerMessageIds),
        ),
      );
  }

  /**
   * Faults a test arms on the mailbox row (`settings.faults`, a count per kind), as the provider
   * emulators do: each use disarms one. Lives in the database so it survives worker restarts. Read once
   * per adapter (one adapter serves one job), so a send pays for the fault check only when one is armed.
   */
  private armed: Promise<Partial<Record<SandboxFault, number>>> | null = null;

  private async takeFault(kind: SandboxFault): Promise<boolean> {
    this.armed ??= this.db
      .select({ settings: mailboxes.settings })
      .from(mailboxes)
      .where(eq(mailboxes.id, this.mailboxId))
      .then(([row]) => (row?.settings as { faults?: Partial<Record<SandboxFault, number>> })?.faults ?? {});
    const armed = await this.armed;
    if (!((armed[kind] ?? 0) > 0)) return false;
    const taken = await this.db
      .update(mailboxes)
      .set({
        settings: sql`jsonb_set(${mailboxes.settings}, ${`{faults,${kind}}`}::text[], to_jsonb((${mailboxes.settings}->'faults'->>${kind})::int - 1))`,
      })
      .where(and(eq(mailboxes.id, this.mailboxId), sql`(${mailboxes.settings}->'faults'->>${kind})::int > 0`))
      .returning({ id: mailboxes.id });
    armed[kind] = (armed[kind] ?? 1) - 1;
    return taken.length > 0;
  }

  /** Everything sent through this mailbox, oldest first (what a test's "customer" received). */
  async sent(): Promise<{ providerMessageId: string; threadId: string; raw: Buffer }[]> {
    return this.db
      .select({
        providerMessageId: sandboxMail.providerMessageId,
        threadId: sandboxMail.threadId,
        raw: sandboxMail.raw,
      })
      .from(sandboxMail)
      .where(and(eq(sandboxMail.mailboxId, this.mailboxId), eq(sandboxMail.folder, "sent")))
      .orderBy(asc(sandboxMail.seq));
  }

  private async threadOf(messageIds: string[]): Promise<string | null> {
    for (const id of messageIds.toReversed()) {
      const [row] = await this.db
        .select({ threadId: sandboxMail.threadId })
        .from(sandboxMail)
        .where(and(eq(sandboxMail.mailboxId, this.mailboxId), eq(sandboxMail.rfcMessageId, id)))
        .limit(1);
      if (row) return row.threadId;
    }
    return null;
  }
}

export type SandboxFault = "lostResponseAfterSend";

export class SandboxFaultError extends Error {
  override name = "SandboxFaultError";
}

/** Arm `count` faults of a kind on a sandbox mailbox. */
export async function armSandboxFault(db: Executor, mailboxId: string, kind: SandboxFault, count: number) {
  await db
    .update(mailboxes)
    .set({
      settings: sql`jsonb_set(${mailboxes.settings}, '{faults}', coalesce(${mailboxes.settings}->'faults', '{}'::jsonb) || ${JSON.stringify({ [kind]: count })}::jsonb)`,
    })
    .where(eq(mailboxes.id, mailboxId));
}

/** Just enough header reading to thread on delivery; the full parse happens in sync. */
function readThreadingHeaders(raw: Buffer): { messageId: string | null; parents: string[] } {
  const text = raw.subarray(0, 64 * 1024).toString("latin1");
  const end = text.search(/\r?\n\r?\n/);
  const head = (end === -1 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, " ");
  const header = (name: string) => head.match(new RegExp(`^${name}:(.*)$`, "im"))?.[1] ?? "";
  const ids = (value: string) => value.match(/<[^<>\s]+>/g) ?? [];
  return {
    messageId: ids(header("message-id"))[0] ?? null,
    parents: [...ids(header("references")), ...ids(header("in-reply-to"))],
  };
}
