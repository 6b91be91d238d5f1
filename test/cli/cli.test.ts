import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/databases.ts";
import { customerEmail } from "../helpers/factories.ts";

const run = promisify(execFile);
const bin = fileURLToPath(new URL("../../server/cli/bin.mjs", import.meta.url));
const corpus = fileURLToPath(new URL("../../../shared/data/eml/postal_mime", import.meta.url));

describe("the mailroom CLI", () => {
  let database: TestDatabase;
  let dir: string;
  const mailroom = (...args: string[]) =>
    run("node", [bin, ...args], { env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: "warn" } });

  beforeAll(async () => {
    database = await createTestDatabase("postgres");
    dir = mkdtempSync(join(tmpdir(), "mailroom-cli-"));
  });
  afterAll(() => database.dispose());

  it("imports orders in the documented shape, idempotently", async () => {
    const file = join(dir, "orders.json");
    writeFileSync(
      file,
      JSON.stringify({
        customers: [{ email: "Ana@Example.ro", name: "Ana Pop" }],
        orders: [
          {
            number: "#LL-20001",
            email: "ana@example.ro",
            placedAt: new Date(Date.now() - 3 * 86_400_000).toISOString(),
            total: "149.00",
            currency: "RON",
            lines: [{ sku: "CUSH-2", title: "Cushion cover", quantity: 2, unitPrice: 74.5 }],
            shipments: [
              {
                carrier: "Fan Courier",
                trackingNumber: "2100012345678",
                state: "in_transit",
                estimatedDeliveryAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
                events: [
                  { state: "in_transit", description: "În tranzit", occurredAt: new Date().toISOString() },
                ],
              },
            ],
          },
        ],
      }),
    );
    const first = JSON.parse((await mailroom("import", file)).stdout);
    expect(first).toMatchObject({ customers: 1, orders: 1, shipments: 1, events: 1 });
    const again = JSON.parse((await mailroom("import", file)).stdout);
    expect(again.events).toBe(0);
  });

  it("triages .eml files and directories, one JSON line each", async () => {
    const wismo = join(dir, "wismo.eml");
    writeFileSync(
      wismo,
      customerEmail({
        from: "ana@example.ro",
        subject: "Comanda",
        text: "Bună ziua, unde este comanda LL-20001?",
      }),
    );
    const { stdout } = await mailroom("triage", wismo, corpus);
    const lines = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(6);
    const answer = lines.find((l) => l.file === wismo);
    expect(answer).toMatchObject({
      intent: "order_status",
      language: "ro",
      orderNumbers: ["LL-20001"],
      action: "auto_send",
    });
    expect(answer.draft).toContain("2100012345678");
    expect(lines.find((l) => l.file.endsWith("bounce.eml"))?.action).toBe("ignore");
    expect(lines.find((l) => l.file.endsWith("mixed.eml"))).toMatchObject({
      action: "rejected",
      error: /From/,
    });
    for (const line of lines.filter((l) => l.action !== "rejected"))
      expect(Object.keys(line)).toEqual(
        expect.arrayContaining([
          "file",
          "messageId",
          "intent",
          "confidence",
          "language",
          "orderNumbers",
          "action",
          "reasons",
          "draft",
        ]),
      );
  });

  it("rejects a broken import with a message naming the field, and exits non-zero", async () => {
    const file = join(dir, "bad.json");
    writeFileSync(file, JSON.stringify({ orders: [{ number: "1", email: "not-an-email" }] }));
    await expect(mailroom("import", file)).rejects.toMatchObject({
      stderr: expect.stringMatching(/orders\.0\.email/),
    });
  });
});
