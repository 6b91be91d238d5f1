import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messages } from "../../db/schema/index.ts";
import { parseEmail } from "../../integrations/mail/mime.ts";
import { connectGmailMailbox } from "../../server/domain/mail/connect-gmail-mailbox.ts";
import { syncMailbox } from "../../server/domain/mail/sync-mailbox.ts";
import { type GmailEmulator, startGmailEmulator } from "../emulators/gmail/index.ts";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.ts";

/** Real-world MIME from two mail parsers' test suites (../shared/data/eml, kept outside the project). */
const corpus = fileURLToPath(new URL("../../../shared/data/eml", import.meta.url));
const files = readdirSync(corpus, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith(".eml"))
  .map((e) => join(e.parentPath, e.name))
  .sort();

const shop = "corpus@shop.example";
const client = { clientId: "corpus-client", clientSecret: "corpus-secret" };

describe("the real-world MIME corpus through the Gmail emulator, the Gmail adapter and the sync job", () => {
  let gmail: GmailEmulator;
  let rt: TestRuntime;
  let mailboxId: string;
  /** Gmail's message id per corpus file. */
  const gmailIds = new Map<string, string>();

  beforeAll(async () => {
    gmail = await startGmailEmulator({ clients: [client] });
    rt = await createTestRuntime({
      database: "postgres",
      queue: "in-process",
      workers: false,
      // Ten times Google's quota: the pacing has its own test.
      env: { GMAIL_API_ROOT: `${gmail.url}/`, GMAIL_QUOTA_UNITS_PER_SECOND: "2500" },
    });
    // Delivered now: some corpus files carry Dates from decades ago, and the backfill window is by arrival.
    for (const file of files)
      gmailIds.set(relative(corpus, file), gmail.deliver(shop, readFileSync(file)).id);
    ({ mailboxId } = await connectGmailMailbox(
      { ctx: rt.ctx, actor: { type: "system", name: "test" } },
      {
        address: shop,
        displayName: "Corpus",
        credentials: {
          kind: "oauth",
          ...client,
          refreshToken: gmail.issueTokens(shop).refresh_token,
          tokenEndpoint: gmail.oauthEndpoints.oauth2TokenUrl,
        },
      },
    ));
    await syncMailbox(rt.ctx, mailboxId);
  }, 120_000);
  afterAll(async () => {
    await rt?.dispose();
    await gmail?.close();
  });

  it("stores every message once, byte for byte, with the subject, sender and body it was sent with", async () => {
    expect(files.length).toBeGreaterThan(100);
    const rows = await rt.ctx.db
      .select()
      .from(messages)
      .where(and(eq(messages.mailboxId, mailboxId), eq(messages.direction, "inbound")));
    expect(rows).toHaveLength(files.length);
    const byId = new Map(rows.map((row) => [row.providerMessageId, row]));
    for (const file of files) {
      const name = relative(corpus, file);
      const row = byId.get(gmailIds.get(name) ?? "missing");
      const bytes = readFileSync(file);
      expect(row?.raw?.equals(bytes), name).toBe(true);
      if (row?.parseError) continue;
      const expected = await parseEmail(bytes);
      expect(row?.subject, name).toBe(expected.subject);
      expect(row?.fromAddress, name).toBe(expected.from.address || "unknown");
      expect(row?.textBody, name).toBe(expected.text);
    }
    // Bodies come out decoded, not as transfer encodings or replacement characters.
    const multi = rows.filter((row) =>
      [...gmailIds].some(([name, id]) => name.includes("multi_charset") && id === row.providerMessageId),
    );
    expect(multi.length).toBeGreaterThan(0);
    for (const row of multi) expect(row.textBody.includes("\uFFFD")).toBe(false);
  });
});
