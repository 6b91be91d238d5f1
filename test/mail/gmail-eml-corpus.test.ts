import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, it } from "vitest";
import { connectGmailMailbox } from "../../server/domain/mail/connect-gmail-mailbox.ts";
import { syncMailbox } from "../../server/domain/mail/sync-mailbox.ts";
import { type GmailEmulator, startGmailEmulator } from "../emulators/gmail/index.ts";
import { emlFiles, emlName, expectCorpusStoredIntact } from "../helpers/eml-corpus.ts";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.ts";

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
    for (const file of emlFiles) gmailIds.set(emlName(file), gmail.deliver(shop, readFileSync(file)).id);
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
    await expectCorpusStoredIntact(rt.ctx.db, mailboxId, gmailIds);
  });
});
