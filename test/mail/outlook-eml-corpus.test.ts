import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messages } from "../../db/schema/index.ts";
import { parseEmail } from "../../integrations/mail/mime.ts";
import { connectOutlookMailbox } from "../../server/domain/mail/connect-outlook-mailbox.ts";
import { syncMailbox } from "../../server/domain/mail/sync-mailbox.ts";
import { type GraphEmulator, startGraphEmulator } from "../emulators/graph/index.ts";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.ts";

/** Real-world MIME from two mail parsers' test suites (../shared/data/eml, kept outside the project). */
const corpus = fileURLToPath(new URL("../../../shared/data/eml", import.meta.url));
const files = readdirSync(corpus, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith(".eml"))
  .map((e) => join(e.parentPath, e.name))
  .sort();

const shop = "corpus@shop.example";
const app = { clientId: "0f9e8d7c-6b5a-4321-9876-543210fedcba", clientSecret: "corpus-secret" };

describe("the real-world MIME corpus through the Graph emulator, the Outlook adapter and the sync job", () => {
  let graph: GraphEmulator;
  let rt: TestRuntime;
  let mailboxId: string;
  /** Graph's message id per corpus file. */
  const graphIds = new Map<string, string>();

  beforeAll(async () => {
    graph = await startGraphEmulator({ apps: [app] });
    rt = await createTestRuntime({
      database: "postgres",
      queue: "in-process",
      workers: false,
      // Our own webhook answers the subscription handshake on connect.
      listen: true,
      mailTransport: { graphMiddleware: [graph.transport()], msalNetwork: graph.msalNetwork() },
      env: { MICROSOFT_CLIENT_ID: app.clientId, MICROSOFT_CLIENT_SECRET: app.clientSecret },
    });
    for (const file of files) {
      const delivered = await graph.deliver(shop, readFileSync(file));
      graphIds.set(relative(corpus, file), delivered.immutableId);
    }
    ({ mailboxId } = await connectOutlookMailbox(
      { ctx: rt.ctx, actor: { type: "system", name: "test" } },
      { address: shop, displayName: "Corpus", grant: { kind: "app", tenantId: graph.tenantId } },
    ));
    await syncMailbox(rt.ctx, mailboxId);
  }, 120_000);
  afterAll(async () => {
    await rt?.dispose();
    await graph?.close();
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
      const row = byId.get(graphIds.get(name) ?? "missing");
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
      [...graphIds].some(([name, id]) => name.includes("multi_charset") && id === row.providerMessageId),
    );
    expect(multi.length).toBeGreaterThan(0);
    for (const row of multi) expect(row.textBody.includes("\uFFFD")).toBe(false);
  });
});
