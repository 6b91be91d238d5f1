import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { eq, inArray } from "drizzle-orm";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customers, orderLines, orders, shipments } from "../../db/schema/index.ts";
import { decodeCsv } from "../../integrations/commerce/csv.ts";
import { importCommerceCsv } from "../../server/domain/commerce/import-commerce-csv.ts";
import { requestAs } from "../helpers/auth.ts";
import { databaseKinds } from "../helpers/databases.ts";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.ts";
import { testActor, unique } from "./feeds-helpers.ts";

describe("CSV decoding", () => {
  const text = "order_number;customer_name\nLL-1;Jürgen Groß, café Señor\n";
  it.each([
    ["UTF-8", Buffer.from(text, "utf8")],
    ["UTF-8 with BOM", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")])],
    ["UTF-16LE with BOM", Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, "utf16le")])],
    ["Windows-1252", iconv.encode(text, "windows-1252")],
  ])("%s reads back to the same text", (_name, bytes) => {
    expect(decodeCsv(bytes).text).toBe(text);
  });

  it("an explicit encoding wins (Central European exports)", () => {
    const ro = "name\nŠtefan Měšťan, Łódź, Tőkés\n";
    expect(decodeCsv(iconv.encode(ro, "windows-1250"), "windows-1250").text).toBe(ro);
  });
});

describe.each(databaseKinds)("CSV import on %s", (database) => {
  let rt: TestRuntime;
  const asLogistics = requestAs(() => rt, "logistics");
  beforeAll(async () => {
    rt = await createTestRuntime({ database, queue: "in-process", workers: false });
  });
  afterAll(() => rt.dispose());

  it("imports good rows, reports each broken row by line, in a Windows-1252 file with ';'", async () => {
    const [a, b, c] = [`LL-${unique()}`, `LL-${unique()}`, `LL-${unique()}`];
    const csv = [
      "Order Number;Email;Customer Name;Order Date;Total;Currency;SKU;Title;Qty;Unit Price",
      `${a};jurgen@example.de;Jürgen Groß;2026-11-02 10:00;1.234,50;EUR;LAMP-01;Lampe;2;617,25`,
      `${a};jurgen@example.de;Jürgen Groß;2026-11-02 10:00;1.234,50;EUR;SHADE-2;Schirm;1;0`,
      `${b};not-an-email;Bad Row;2026-11-02;10;EUR;X-1;Thing;1;10`,
      `${c};lea@example.fr;Léa;yesterday;12;EUR;X-2;Chose;1;12`,
      `${c.replace("LL", "LL2")};lea@example.fr;Léa;2026-11-03;12,00;EUR;X-3;Chose;two;12`,
    ].join("\r\n");
    const report = await importCommerceCsv(
      { ctx: rt.ctx, actor: testActor },
      iconv.encode(csv, "windows-1252"),
      {
        kind: "orders",
        timeZone: "Europe/Berlin",
      },
    );
    expect(report).toMatchObject({ rows: 5, applied: 2, encoding: "windows-1252" });
    expect(report.errors).toEqual([
      { line: 4, problems: ['email: "not-an-email" is not an email address'] },
      { line: 5, problems: [expect.stringMatching(/^placedAt: "yesterday" is not a date/)] },
      { line: 6, problems: ['lines[0].quantity: "two" is not a quantity'] },
    ]);
    const [order] = await rt.ctx.db.select().from(orders).where(eq(orders.number, a));
    expect(order).toMatchObject({ total: "1234.50", currency: "EUR", source: "csv" });
    expect(order?.placedAt.toISOString()).toBe("2026-11-02T09:00:00.000Z");
    const lines = await rt.ctx.db
      .select()
      .from(orderLines)
      .where(eq(orderLines.orderId, order?.id ?? ""));
    expect(lines.map((l) => l.title).sort()).toEqual(["Lampe", "Schirm"]);
    const [customer] = await rt.ctx.db
      .select()
      .from(customers)
      .where(eq(customers.email, "jurgen@example.de"));
    expect(customer?.name).toBe("Jürgen Groß");
    expect(
      await rt.ctx.db
        .select()
        .from(orders)
        .where(inArray(orders.number, [b, c])),
    ).toHaveLength(0);

    // Re-importing the same file changes nothing and reports the same rows.
    const again = await importCommerceCsv(
      { ctx: rt.ctx, actor: testActor },
      iconv.encode(csv, "windows-1252"),
      {
        kind: "orders",
        timeZone: "Europe/Berlin",
      },
    );
    expect(again.applied).toBe(2);
    expect(
      await rt.ctx.db
        .select()
        .from(orderLines)
        .where(eq(orderLines.orderId, order?.id ?? "")),
    ).toHaveLength(2);
  });

  it("shipments: a row for an unknown order and a row with a stray quote fail alone", async () => {
    const number = `LL-${unique()}`;
    const ok = await importCommerceCsv(
      { ctx: rt.ctx, actor: testActor },
      Buffer.from(`order_number,email,total,currency\n${number},ana@example.com,10,EUR\n`),
      { kind: "orders" },
    );
    expect(ok.errors).toEqual([]);
    const [t1, t2] = [`1Z${unique()}`, `1Z${unique()}`];
    const csv = [
      "order_number,carrier,tracking_number,status,status_at,eta",
      `${number},UPS,${t1},In Transit,2026-11-04T08:00:00Z,2026-11-08`,
      `LL-NOPE-${unique()},UPS,${t2},In Transit,2026-11-04T08:00:00Z,2026-11-08`,
      `${number},UPS "Express",${t2},In Transit,2026-11-04T08:00:00Z,`,
      `${number},UPS,${t2},Teleported,2026-11-04T08:00:00Z,`,
    ].join("\n");
    const report = await importCommerceCsv({ ctx: rt.ctx, actor: testActor }, Buffer.from(csv), {
      kind: "shipments",
    });
    expect(report.applied).toBe(1);
    expect(report.errors.map((e) => e.line)).toEqual([3, 4, 5]);
    expect(report.errors[0]?.problems[0]).toMatch(/is not known/);
    expect(report.errors[2]?.problems[0]).toMatch(/"Teleported" is not a known status/);
    const [s] = await rt.ctx.db.select().from(shipments).where(eq(shipments.trackingNumber, t1));
    expect(s).toMatchObject({ carrier: "UPS", state: "in_transit" });
  });

  it("uploads over HTTP (raw body and multipart) and answers the report", async () => {
    const number = `LL-${unique()}`;
    const body = `order_number,email,total,currency\n${number},bo@example.com,10,EUR\nbad,,,\n`;
    const raw = await asLogistics("/api/imports/csv?kind=orders", {
      method: "POST",
      headers: { "content-type": "text/csv" },
      body,
    });
    expect(raw.status).toBe(200);
    expect(await raw.json()).toMatchObject({ rows: 2, applied: 1, errors: [{ line: 3 }] });
    const form = new FormData();
    form.append("file", new File([body], "orders.csv", { type: "text/csv" }));
    const multipart = await asLogistics("/api/imports/csv?kind=orders", { method: "POST", body: form });
    expect(await multipart.json()).toMatchObject({ rows: 2, applied: 1 });
    const missing = await asLogistics("/api/imports/csv?kind=orders", {
      method: "POST",
      body: "sku,title\nA,B\n",
    });
    expect(missing.status).toBe(422);
    expect((await missing.json()).message).toMatch(/no column for orderNumber/);
    expect((await asLogistics("/api/imports/csv?kind=people", { method: "POST", body })).status).toBe(400);
  });
});

describe("mailroom import <file.csv>", () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await createTestRuntime({ database: "postgres", queue: "in-process", workers: false });
  });
  afterAll(() => rt.dispose());

  it("prints the per-row report and exits 1 when a row failed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mailroom-csv-"));
    const file = join(dir, "orders.csv");
    const number = `LL-${unique()}`;
    writeFileSync(file, `order_number,email,total,currency\n${number},cli@example.com,10,EUR\nX,,,\n`);
    const bin = fileURLToPath(new URL("../../server/cli/bin.mjs", import.meta.url));
    const result = await promisify(execFile)("node", [bin, "import", file, "--kind", "orders"], {
      env: { ...process.env, DATABASE_URL: rt.database.url, LOG_LEVEL: "warn" },
    }).catch((e: { code: number; stdout: string }) => e);
    expect("code" in result ? result.code : 0).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ rows: 2, applied: 1, errors: [{ line: 3 }] });
    expect(await rt.ctx.db.select().from(orders).where(eq(orders.number, number))).toHaveLength(1);
  });
});
