import { readFile } from "node:fs/promises";
import { eq } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messages } from "../../db/schema/index.ts";
import { parseEmail } from "../../integrations/mail/mime.ts";
import { SandboxMailbox } from "../../integrations/mail/sandbox/provider.ts";
import { syncMailbox } from "../../server/domain/mail/sync-mailbox.ts";
import { mintUser, type TestUser } from "../helpers/auth.ts";
import { launchChromium, serveRuntime, signInThroughUi } from "../helpers/browser.ts";
import { emlCorpus } from "../helpers/eml-corpus.ts";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.ts";

/** Two images and two gzip files, one of them (819 bytes) over the cap set below. */
const torture = `${emlCorpus}/postal_mime/mimetorture.eml`;

describe("attachments in the thread, in Chromium", () => {
  let rt: TestRuntime;
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveRuntime>>;
  let agent: TestUser;

  beforeAll(async () => {
    rt = await createTestRuntime({
      database: "pglite",
      queue: "in-process",
      env: { MAILROOM_ATTACHMENT_MAX_BYTES: "500" },
    });
    agent = await mintUser(rt.ctx.db, "agent");
    server = await serveRuntime(rt);
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rt?.dispose();
  });

  it("lists each file with its size and downloads the original bytes", async () => {
    const raw = await readFile(torture);
    const { providerMessageId } = await new SandboxMailbox(rt.ctx.db, rt.mailboxId).deliver(raw);
    await syncMailbox(rt.ctx, rt.mailboxId);
    await rt.settle();
    const [message] = await rt.ctx.db
      .select({ conversationId: messages.conversationId })
      .from(messages)
      .where(eq(messages.providerMessageId, providerMessageId));
    const parsed = await parseEmail(raw);

    const page = await browser.newPage();
    await signInThroughUi(page, server.url, agent);
    await page.goto(`${server.url}/conversations/${message?.conversationId}`);
    const items = page.getByTestId("attachment");
    await expect.poll(() => items.count(), { timeout: 15_000 }).toBe(parsed.attachments.length);
    await expect
      .poll(() => items.allTextContents())
      .toEqual(expect.arrayContaining([expect.stringMatching(/^blah\.gz288 B$/)]));
    // Over the cap: named and sized, marked, and no link to a content that was not kept.
    const tooLarge = items.filter({ hasText: "smiley-3.png" });
    expect(await tooLarge.textContent()).toMatch(/819 B · too large to keep/);
    expect(await tooLarge.getByRole("link").count()).toBe(0);

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "blah.gz" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("blah.gz");
    const bytes = await readFile((await download.path()) ?? "");
    expect(
      bytes.equals(parsed.attachments.find((a) => a.filename === "blah.gz")?.content ?? Buffer.alloc(0)),
    ).toBe(true);
  });
});
