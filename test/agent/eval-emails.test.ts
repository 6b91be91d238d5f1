import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { LocalModel } from "../../agent/model/local.ts";
import { evaluateEmails } from "../../server/cli/eval-emails.ts";

const fixtures = fileURLToPath(new URL("../fixtures/emails", import.meta.url));

describe("the committed test emails (npm run eval -- --emails test/fixtures/emails)", () => {
  it("all meet their expectations, and nothing risky is sent automatically", async () => {
    const rows = await evaluateEmails(fixtures, new LocalModel());
    expect(rows.filter((r) => !r.pass)).toEqual([]);
    expect(rows.filter((r) => r.kind && r.action === "auto_send")).toEqual([]);
    expect(rows.filter((r) => r.action === "auto_send").length).toBeGreaterThanOrEqual(3);
  });
});
