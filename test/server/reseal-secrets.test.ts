import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mailboxes } from "../../db/schema/index.ts";
import { resealSecrets } from "../../server/domain/reseal-secrets.ts";
import { SecretBox } from "../../server/secrets.ts";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.ts";

describe("key rotation: secrets sealed with an old key are sealed again with the new one", () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await createTestRuntime({ database: "pglite", workers: false });
  });
  afterAll(() => rt.dispose());

  it("re-seals each old secret under its owner, once, so the old key can be retired", async () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const grant = JSON.stringify({ kind: "oauth", refreshToken: "1//secret" });
    const [row] = await rt.ctx.db
      .insert(mailboxes)
      .values({ provider: "gmail", address: "rotate@shop.example", displayName: "Rotate" })
      .returning({ id: mailboxes.id });
    const id = row?.id as string;
    await rt.ctx.db
      .update(mailboxes)
      .set({ credentials: new SecretBox(oldKey).seal(grant, id) })
      .where(eq(mailboxes.id, id));

    // The deployment now runs with the new key, the old one kept as previous.
    const rotated = { ...rt.ctx, secrets: new SecretBox(newKey, [oldKey]) };
    expect(await resealSecrets(rotated)).toBe(1);
    expect(await resealSecrets(rotated)).toBe(0);

    const [after] = await rt.ctx.db.select().from(mailboxes).where(eq(mailboxes.id, id));
    // Opens with the new key alone, under the same owner; the old key no longer opens it.
    expect(new SecretBox(newKey).open(after?.credentials as string, id)).toBe(grant);
    expect(() => new SecretBox(oldKey).open(after?.credentials as string, id)).toThrow();
  });
});
