import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, it } from "vitest";
import { connectOutlookMailbox } from "../../server/domain/mail/connect-outlook-mailbox.ts";
import { syncMailbox } from "../../server/domain/mail/sync-mailbox.ts";
import { type GraphEmulator, startGraphEmulator } from "../emulators/graph/index.ts";
import { emlFiles, emlName, expectCorpusStoredIntact } from "../helpers/eml-corpus.ts";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.ts";

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
    for (const file of emlFiles) {
      const delivered = await graph.deliver(shop, readFileSync(file));
      graphIds.set(emlName(file), delivered.immutableId);
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
    await expectCorpusStoredIntact(rt.ctx.db, mailboxId, graphIds);
  });
});
